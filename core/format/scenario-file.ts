import type { PathError } from '../model/path-error';
import type { Scenario } from '../model/scenario';
import { DEFAULT_SCHEMA_REF, canonicalScenarioText } from './canonical';
import { parseJsonText } from './json-text';
import { LIMITS } from './limits';
import { MIGRATIONS, type Migration, currentVersion, describeValue, migrate } from './migrations';
import { type PathSegment, ROOT_PATH, formatPath } from './paths';
import { FORMAT_ID, objectShape, scenarioBodySchema } from './schema';
import { validateScenario } from './validate';
import { looksLikeSvg, scenarioTextFromSvg } from './svg-metadata';

export type { PathError };

export type LoadResult =
  | { ok: true; scenario: Scenario; warnings: string[] }
  | { ok: false; errors: PathError[] };

export interface LoadOptions {
  /** Migration steps (tests pass their own); default: the real ones. */
  migrations?: readonly Migration[];
}

const INTERNAL = 'PipeScope could not read this document (a bug in PipeScope; please report it): ';

/**
 * Reads a scenario file's text: JSON, or an SVG PipeScope exported (its embedded scenario).
 * Never throws: every problem the text can have comes back as an error with a path.
 */
export function loadScenario(text: string, options: LoadOptions = {}): LoadResult {
  try {
    if (typeof text !== 'string')
      return fail(ROOT_PATH, `expected the text of a file, got ${describeValue(text)}`);
    if (text.length > LIMITS.textChars) {
      return fail(
        ROOT_PATH,
        `the file is ${(text.length / 1048576).toFixed(1)} MB; scenario files are at most ${LIMITS.textChars / 1048576} MB`,
      );
    }
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (looksLikeSvg(body)) {
      const embedded = scenarioTextFromSvg(body);
      if (embedded === null) {
        return fail(
          ROOT_PATH,
          'this SVG has no PipeScope scenario in it (no <metadata id="pipescope-scenario">): only SVGs exported by PipeScope can be opened',
        );
      }
      if (looksLikeSvg(embedded))
        return fail(ROOT_PATH, 'the scenario embedded in this SVG is itself an SVG, not JSON');
      const r = loadScenario(embedded, options);
      return r.ok
        ? r
        : {
            ok: false,
            errors: r.errors.map((e) => ({
              ...e,
              message: `${e.message} (in the scenario embedded in the SVG)`,
            })),
          };
    }
    const parsed = parseJsonText(body);
    if (!parsed.ok) return { ok: false, errors: [parsed.error] };
    return parseScenarioObject(parsed.value, options);
  } catch (e) {
    return fail(ROOT_PATH, INTERNAL + errorText(e));
  }
}

/** Validates, migrates and completes an already-parsed document; never throws. */
export function parseScenarioObject(value: unknown, options: LoadOptions = {}): LoadResult {
  try {
    return parseChecked(value, options.migrations ?? MIGRATIONS);
  } catch (e) {
    return fail(ROOT_PATH, INTERNAL + errorText(e));
  }
}

/** The canonical file text of a scenario (see canonical.ts); loadScenario(saveScenario(s)) gives s back. */
export function saveScenario(s: Scenario): string {
  return canonicalScenarioText(s, currentVersion());
}

function fail(path: string, message: string): { ok: false; errors: PathError[] } {
  return { ok: false, errors: [{ path, message }] };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function setOwn(o: Record<string, unknown>, k: string, value: unknown): void {
  Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * First value nested deeper than the cap (objects and arrays count one level each), or null. Keeps
 * one record per object or array (its parent and key), not a path per value, so a wide array costs
 * nothing per element; the path is rebuilt only for the value that is too deep.
 */
function tooDeep(root: unknown, cap: number): PathSegment[] | null {
  if (typeof root !== 'object' || root === null) return null;
  const nodes: { value: object; depth: number; parent: number; key: PathSegment }[] = [
    { value: root, depth: 0, parent: -1, key: '' },
  ];
  const stack = [0];
  while (stack.length > 0) {
    const at = stack.pop()!;
    const { value, depth } = nodes[at];
    if (depth >= cap) {
      const path: PathSegment[] = [];
      for (let k = at; k > 0; k = nodes[k].parent) path.push(nodes[k].key);
      return path.reverse();
    }
    const visit = (child: unknown, key: PathSegment) => {
      if (typeof child !== 'object' || child === null) return;
      nodes.push({ value: child, depth: depth + 1, parent: at, key });
      stack.push(nodes.length - 1);
    };
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) visit(value[i], i);
    else for (const k of Object.keys(value)) visit((value as Record<string, unknown>)[k], k);
  }
  return null;
}

function parseChecked(value: unknown, steps: readonly Migration[]): LoadResult {
  if (!isPlainObject(value)) {
    return fail(
      ROOT_PATH,
      `a scenario file is a JSON object ({"format": "${FORMAT_ID}", ...}); this is ${describeValue(value)}`,
    );
  }
  const deep = tooDeep(value, LIMITS.depth);
  if (deep)
    return fail(
      formatPath(deep),
      `nested more than ${LIMITS.depth} levels deep; no scenario field needs that`,
    );
  if (!Object.hasOwn(value, 'format')) {
    return fail(
      'format',
      `missing: a scenario file starts with "format": "${FORMAT_ID}", "version": ${currentVersion(steps)}`,
    );
  }
  if (value.format !== FORMAT_ID) {
    return fail(
      'format',
      `must be "${FORMAT_ID}" (got ${describeValue(value.format)}): this is not a PipeScope scenario`,
    );
  }
  const migrated = migrate(value, steps);
  if (!migrated.ok) return migrated;
  const doc = migrated.doc;
  const warnings = [...migrated.warnings];
  const errors: PathError[] = [];

  const extra: Record<string, unknown> = {};
  if (Object.hasOwn(doc, '$schema')) {
    // Kept as written (files point at the schema from where they live), except the default itself.
    if (typeof doc.$schema === 'string') {
      if (doc.$schema !== DEFAULT_SCHEMA_REF) setOwn(extra, '$schema', doc.$schema);
    } else
      errors.push({
        path: '$schema',
        message: `must be a string, the JSON Schema's location (got ${describeValue(doc.$schema)})`,
      });
  }
  const body: Record<string, unknown> = {};
  const unknown: Unknown[] = [];
  const bodyShape = scenarioBodySchema.shape as Record<string, Parameters<typeof objectShape>[0]>;
  for (const k of Object.keys(doc)) {
    if (k === '$schema' || k === 'format' || k === 'version') continue;
    if (Object.hasOwn(bodyShape, k)) setOwn(body, k, separateUnknown(doc[k], bodyShape[k], [k], unknown));
    else unknown.push({ at: [], key: k, value: doc[k], known: Object.keys(bodyShape) });
  }
  for (const u of unknown) {
    // Unknown values are kept as the JSON they will be saved as (no NaN, undefined or -0 to lose later).
    const json = asJson(u.value);
    if (!json.ok) errors.push({ path: formatPath([...u.at, u.key]), message: json.message });
    else u.value = json.value;
    if (json.ok && json.value !== undefined) warnings.push(unknownWarning([...u.at, u.key], u.known));
  }

  const validation = validateScenario(body);
  // A file opens when the editor can hold it; what keeps it from being analysed (a schedule that
  // cannot run this shape, a bandwidth missing...) is shown at its field there, and the CLI's
  // validate reports it. When the file does not open, every error is reported at once.
  if (errors.length > 0 || !validation.opens || !validation.scenario)
    return { ok: false, errors: [...errors, ...validation.errors] };

  // A JSON copy: what saving writes is exactly what loading gave (-0 becomes 0).
  const scenario = JSON.parse(JSON.stringify(validation.scenario)) as Scenario;
  for (const u of unknown) {
    if (u.value === undefined) continue;
    if (u.at.length === 0) {
      setOwn(extra, u.key, u.value);
      continue;
    }
    let target: unknown = scenario;
    for (const seg of u.at) target = (target as Record<string, unknown>)[seg as string];
    if (isPlainObject(target)) setOwn(target, u.key, u.value);
  }
  if (Object.keys(extra).length > 0) scenario.extra = extra;
  return { ok: true, scenario, warnings };
}

/** The value as JSON would carry it (undefined when JSON drops it), or why it cannot be JSON. */
function asJson(v: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  if (v === undefined) return { ok: true, value: undefined };
  try {
    const text = JSON.stringify(v);
    return { ok: true, value: text === undefined ? undefined : JSON.parse(text) };
  } catch (e) {
    return { ok: false, message: `cannot be written as JSON: ${errorText(e)}` };
  }
}

/** A field PipeScope does not know, inside a known object: kept and written back. */
interface Unknown {
  at: PathSegment[];
  key: string;
  value: unknown;
  known: string[];
}

/** A copy of a known object's value holding only its known fields; the others go to `out`. */
function separateUnknown(
  value: unknown,
  schema: Parameters<typeof objectShape>[0],
  at: PathSegment[],
  out: Unknown[],
): unknown {
  const shape = objectShape(schema);
  if (!shape || !isPlainObject(value)) return value;
  const known: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    if (Object.hasOwn(shape, k)) setOwn(known, k, separateUnknown(value[k], shape[k], [...at, k], out));
    else out.push({ at, key: k, value: value[k], known: Object.keys(shape) });
  }
  return known;
}

function unknownWarning(path: PathSegment[], known: string[]): string {
  const key = String(path[path.length - 1]);
  const near = closest(key, known);
  return `${formatPath(path)}: unknown field, kept as it is${near ? ` (did you mean "${near}"?)` : ''}`;
}

function closest(key: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const c of candidates) {
    const d =
      c.toLowerCase() === key.toLowerCase()
        ? 0
        : editDistance(key.toLowerCase(), c.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, or `cap` once it reaches cap. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap || a.length > 64 || b.length > 64) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return Math.min(prev[b.length], cap);
}
