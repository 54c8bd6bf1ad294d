import type { PathError } from '../model/path-error';
import type { Scenario } from '../model/scenario';
import { DEFAULT_SCHEMA_REF, canonicalScenarioText } from './canonical';
import { parseJsonText } from './json-text';
import { LIMITS, checkScenarioSize } from './limits';
import { MIGRATIONS, type Migration, currentVersion, describeValue, migrate } from './migrations';
import { type PathSegment, ROOT_PATH, formatPath } from './paths';
import { FORMAT_ID, objectShape, scenarioBodySchema } from './schema';
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

/** First value nested deeper than the cap (objects and arrays count one level each), or null. */
function tooDeep(root: unknown, cap: number): PathSegment[] | null {
  const stack: { v: unknown; path: PathSegment[] }[] = [{ v: root, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= cap) return path;
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) stack.push({ v: v[i], path: [...path, i] });
    else
      for (const k of Object.keys(v))
        stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
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

  const parsed = scenarioBodySchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push(...issueErrors(issue as Issue, [], body));
  }
  if (errors.length > 0 || !parsed.success) return { ok: false, errors: dedupe(errors) };

  // A JSON copy: what saving writes is exactly what loading gave (-0 becomes 0).
  const scenario = JSON.parse(JSON.stringify(parsed.data)) as Scenario;
  errors.push(...crossFieldErrors(scenario));
  if (errors.length > 0) return { ok: false, errors };

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

/** The subset of zod 4 issue fields we read. */
interface Issue {
  code: string;
  path: PathSegment[];
  message: string;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  origin?: string;
  values?: unknown[];
  divisor?: number;
  errors?: Issue[][];
}

function valueAt(root: unknown, path: PathSegment[]): unknown {
  let v = root;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function unitOf(path: PathSegment[]): string {
  const top = path[0];
  if (top === 'costs' || top === 'parts' || (top === 'p2p' && path[1] === 'time')) return ' ms';
  if (top === 'memory' && path[1] !== 'activationBudget') return ' bytes';
  return '';
}

const fmtNumber = (n: number | bigint) => (typeof n === 'bigint' ? n.toString() : n.toLocaleString('en-US'));

function issueErrors(issue: Issue, base: PathSegment[], input: unknown): PathError[] {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
    // Report the branch the value was meant for: the one whose type matched.
    const matching = issue.errors.find(
      (branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0),
    );
    if (matching) return matching.flatMap((i) => issueErrors(i, path, input));
    const expected = issue.errors.map(
      (b) => b.find((i) => i.code === 'invalid_type')?.expected ?? 'something else',
    );
    return [
      {
        path: formatPath(path),
        message: `expected ${expected.join(' or ')} (got ${describeValue(valueAt(input, path))})`,
      },
    ];
  }
  return [{ path: formatPath(path), message: issueMessage(issue, path, valueAt(input, path)) }];
}

function issueMessage(issue: Issue, path: PathSegment[], got: unknown): string {
  const unit = unitOf(path);
  const gotText = describeValue(got);
  switch (issue.code) {
    case 'invalid_type':
      if (got === undefined) return 'missing';
      if (issue.expected === 'int') return `must be a whole number (got ${gotText})`;
      if (typeof got === 'number' && !Number.isFinite(got)) return `must be a finite number (got ${gotText})`;
      return `expected ${article(issue.expected ?? 'value')} (got ${gotText})`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${fmtNumber(issue.minimum ?? 0)} value(s)`;
      if (issue.origin === 'string') return `must not be empty`;
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${fmtNumber(issue.minimum ?? 0)}${unit} (got ${gotText})`;
    case 'too_big':
      if (issue.origin === 'array')
        return `has more than ${fmtNumber(issue.maximum ?? 0)} values (got ${gotText})`;
      if (issue.origin === 'string') return `is longer than ${fmtNumber(issue.maximum ?? 0)} characters`;
      return `must be at most ${fmtNumber(issue.maximum ?? 0)}${unit} (got ${gotText})`;
    case 'invalid_value':
      return `must be one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')} (got ${gotText})`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor} (got ${gotText})`;
    default:
      return `${issue.message} (got ${gotText})`;
  }
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

/** Checks that involve several fields and do not depend on the schedule. */
function crossFieldErrors(s: Scenario): PathError[] {
  const errors: PathError[] = [];
  for (const k of ['forward', 'backwardInput', 'backwardWeight'] as const) {
    const v = s.costs[k];
    if (Array.isArray(v) && v.length !== s.devices) {
      errors.push({
        path: `costs.${k}`,
        message: `has ${v.length} value(s) but devices is ${s.devices}: give one per device, or one number for all`,
      });
    }
  }
  if (s.smSplit.reserved >= s.smSplit.total) {
    errors.push({
      path: 'smSplit.reserved',
      message: `must be less than smSplit.total (${s.smSplit.total}) so compute keeps some SMs (got ${s.smSplit.reserved})`,
    });
  }
  errors.push(...checkScenarioSize(s));
  return errors;
}

function dedupe(errors: PathError[]): PathError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
