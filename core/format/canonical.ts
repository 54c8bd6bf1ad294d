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

type Order = { keys: string[]; children: Record<string, Order> };

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

const BODY_ORDER = orderOf(scenarioBodySchema)!;
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

function write(v: unknown, order: Order | null, indent: string): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every((x) => typeof x !== 'object' || x === null)) {
      const line = `[${v.map(scalar).join(', ')}]`;
      if (line.length + indent.length <= INLINE_WIDTH) return line;
    }
    const inner = `${indent}  `;
    return `[\n${v.map((x) => inner + write(x, null, inner)).join(',\n')}\n${indent}]`;
  }
  if (isPlainObject(v)) {
    const keys = orderedKeys(v, order);
    if (keys.length === 0) return '{}';
    const inner = `${indent}  `;
    const lines = keys.map(
      (k) =>
        `${inner}${JSON.stringify(k)}: ${write(v[k], order && Object.hasOwn(order.children, k) ? order.children[k] : null, inner)}`,
    );
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return scalar(v);
}

function orderedKeys(v: Record<string, unknown>, order: Order | null): string[] {
  const own = Object.keys(v).filter((k) => v[k] !== undefined);
  if (!order) return own;
  const known = order.keys.filter((k) => own.includes(k));
  return [...known, ...own.filter((k) => !order.keys.includes(k))];
}

export function canonicalScenarioText(s: Scenario, version: number): string {
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
  for (const k of Object.keys(extra ?? {})) {
    if (Object.hasOwn(doc, k) || HEADER_KEYS.includes(k) || k === 'extra' || BODY_ORDER.keys.includes(k))
      continue;
    if (extra![k] !== undefined) define(k, extra![k]);
  }
  const order: Order = { keys: [...HEADER_KEYS, ...BODY_ORDER.keys], children: BODY_ORDER.children };
  return `${write(doc, order, '')}\n`;
}
