import type { Scenario } from '../model/scenario';
import { FORMAT_ID, objectShape, scenarioBodySchema } from './schema';

/**
 * Canonical text of a scenario file: header ($schema, format, version), then the Scenario fields in
 * the schema's order, each object's unknown fields after its known ones in the order they were
 * read; 2-space indent; arrays of plain values on one line when short; a trailing newline.
 * The same scenario always gives the same bytes, so teammates' diffs show only what changed.
 */
/**
 * `$schema` written for a scenario that was not read from a file (a file's own `$schema` is kept).
 * Relative: editors look for the schema beside the file; examples/ point at ../schema/.
 */
export const DEFAULT_SCHEMA_REF = 'pipescope-scenario.schema.json';

/** Known keys of an object in the order files are written, with the order of each known sub-object. */
export type Order = { keys: string[]; children: Record<string, Order> };

function orderOf(schema: Parameters<typeof objectShape>[0]): Order | null {
  const shape = objectShape(schema);
  if (!shape) return null;
  const children: Record<string, Order> = {};
  for (const [k, v] of Object.entries(shape)) {
    const o = orderOf(v);
    if (o) children[k] = o;
  }
  return { keys: Object.keys(shape), children };
}

export const BODY_ORDER = orderOf(scenarioBodySchema)!;
const HEADER_KEYS = ['$schema', 'format', 'version'];
const INLINE_WIDTH = 100;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalar(v: unknown): string {
  // Non-finite numbers are not JSON; JSON.stringify writes null for them, and so do we.
  const s = JSON.stringify(v);
  return s === undefined ? 'null' : s;
}

/** UTF-8 bytes of a string (a lone surrogate, which JSON.stringify never leaves in its output, counts 3). */
export function utf8Length(s: string): number {
  let bytes = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        // Two code units, four bytes.
        bytes += 2;
        i++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

/** Thrown inside the writer when the text grows past its budget; caught below, never escapes. */
class OverBudget {}

/** How much the saved text may hold (canonicalScenarioText stops past either). */
export interface SaveBudget {
  /** UTF-8 bytes of the text. */
  bytes: number;
  /** JSON values in it, as the reader counts them (json-text.ts). */
  values: number;
}

/** The text being written, in pieces, with its size in UTF-8 bytes and values kept against a budget. */
class Out {
  readonly parts: string[] = [];
  bytes = 0;
  values = 0;
  over: keyof SaveBudget | null = null;
  constructor(private readonly budget: SaveBudget) {}
  push(s: string): void {
    this.bytes += utf8Length(s);
    if (this.bytes > this.budget.bytes) this.stop('bytes');
    this.parts.push(s);
  }
  value(): void {
    if (++this.values > this.budget.values) this.stop('values');
  }
  private stop(over: keyof SaveBudget): never {
    this.over = over;
    throw new OverBudget();
  }
}

/** Arrays with more elements than this cannot fit on one line of INLINE_WIDTH ("1, " each). */
const MAX_INLINE_ELEMENTS = Math.floor(INLINE_WIDTH / 3) + 1;

function write(out: Out, v: unknown, order: Order | null, indent: string): void {
  out.value();
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push('[]');
      return;
    }
    if (v.length <= MAX_INLINE_ELEMENTS && v.every((x) => typeof x !== 'object' || x === null)) {
      const line = `[${v.map(scalar).join(', ')}]`;
      if (line.length + indent.length <= INLINE_WIDTH) {
        for (let k = 0; k < v.length; k++) out.value();
        out.push(line);
        return;
      }
    }
    const inner = `${indent}  `;
    out.push('[\n');
    for (let k = 0; k < v.length; k++) {
      out.push(k === 0 ? inner : `,\n${inner}`);
      write(out, v[k], null, inner);
    }
    out.push(`\n${indent}]`);
    return;
  }
  if (isPlainObject(v)) {
    const keys = orderedKeys(v, order);
    if (keys.length === 0) {
      out.push('{}');
      return;
    }
    const inner = `${indent}  `;
    out.push('{\n');
    keys.forEach((k, n) => {
      out.push(`${n === 0 ? '' : ',\n'}${inner}${JSON.stringify(k)}: `);
      write(out, v[k], order && Object.hasOwn(order.children, k) ? order.children[k] : null, inner);
    });
    out.push(`\n${indent}}`);
    return;
  }
  out.push(scalar(v));
}

function orderedKeys(v: Record<string, unknown>, order: Order | null): string[] {
  const own = Object.keys(v).filter((k) => v[k] !== undefined);
  if (!order) return own;
  const present = new Set(own);
  const known = new Set(order.keys);
  return [...order.keys.filter((k) => present.has(k)), ...own.filter((k) => !known.has(k))];
}

export type CanonicalText = { ok: true; text: string } | { ok: false; over: keyof SaveBudget };

const UNLIMITED: SaveBudget = { bytes: Number.POSITIVE_INFINITY, values: Number.POSITIVE_INFINITY };

/**
 * The canonical text, or which budget it would exceed: the writer stops at the first piece past
 * it, so a document that would grow past what a string can hold never gets that far.
 */
export function canonicalScenarioText(
  s: Scenario,
  version: number,
  budget: SaveBudget = UNLIMITED,
): CanonicalText {
  const { extra, ...body } = s;
  const schemaRef = typeof extra?.$schema === 'string' ? extra.$schema : DEFAULT_SCHEMA_REF;
  const doc: Record<string, unknown> = {};
  const define = (k: string, value: unknown) =>
    Object.defineProperty(doc, k, { value, enumerable: true, writable: true, configurable: true });
  define('$schema', schemaRef);
  define('format', FORMAT_ID);
  define('version', version);
  for (const k of orderedKeys(body as Record<string, unknown>, BODY_ORDER))
    define(k, (body as Record<string, unknown>)[k]);
  const reserved = new Set([...HEADER_KEYS, 'extra', ...BODY_ORDER.keys]);
  for (const k of Object.keys(extra ?? {})) {
    if (Object.hasOwn(doc, k) || reserved.has(k)) continue;
    if (extra![k] !== undefined) define(k, extra![k]);
  }
  const order: Order = { keys: [...HEADER_KEYS, ...BODY_ORDER.keys], children: BODY_ORDER.children };
  const out = new Out(budget);
  try {
    write(out, doc, order, '');
    out.push('\n');
  } catch (e) {
    if (e instanceof OverBudget && out.over) return { ok: false, over: out.over };
    throw e;
  }
  return { ok: true, text: out.parts.join('') };
}
