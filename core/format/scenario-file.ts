import type { PathError } from '../model/path-error';
import type { Scenario } from '../model/scenario';
import { assert } from '../util/assert';
import { DEFAULT_SCHEMA_REF, canonicalScenarioText } from './canonical';
import { MAX_DUPLICATES_LISTED, parseJsonDocument } from './json-text';
import { LIMITS, fileSizeError, formatMegabytes } from './limits';
import { MIGRATIONS, type Migration, currentVersion, describeValue, migrate } from './migrations';
import { type PathSegment, ROOT_PATH, formatPath } from './paths';
import { FORMAT_ID, objectShape, scenarioBodySchema } from './schema';
import { looksLikeSvg, scenarioTextFromSvg } from './svg-metadata';
import { decodeScenarioBytes } from './text-decoding';
import { validateScenario } from './validate';

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
 * Never throws: every problem the text can have comes back as an error with a path. Time linear in
 * the text's length, memory bounded by the budgets of limits.ts, whatever the text holds.
 */
export function loadScenario(text: string, options: LoadOptions = {}): LoadResult {
  try {
    if (typeof text !== 'string')
      return fail(ROOT_PATH, `expected the text of a file, got ${describeValue(text)}`);
    // A character is at least one byte of the file, so more characters than the cap is over it.
    const tooLarge = fileSizeError(text.length);
    if (tooLarge) return fail(ROOT_PATH, tooLarge);
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (looksLikeSvg(body)) {
      const embedded = scenarioTextFromSvg(body);
      if (!embedded.ok) return fail(ROOT_PATH, embedded.message);
      if (looksLikeSvg(embedded.text))
        return fail(ROOT_PATH, 'the scenario embedded in this SVG is itself an SVG, not JSON');
      const r = loadScenario(embedded.text, options);
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
    const parsed = parseJsonDocument(body, LIMITS);
    if (!parsed.ok) return { ok: false, errors: [parsed.error] };
    const r = parseScenarioObject(parsed.value, options);
    if (!r.ok || parsed.duplicateCount === 0) return r;
    const duplicates = parsed.duplicates.map(
      (d) =>
        `${formatPath(d.path)}: the key is given twice (again at line ${d.line}, column ${d.column}); the last value counts and saving keeps only it`,
    );
    if (parsed.duplicateCount > MAX_DUPLICATES_LISTED)
      duplicates.push(
        `(root): ${(parsed.duplicateCount - MAX_DUPLICATES_LISTED).toLocaleString('en-US')} more duplicate key(s)`,
      );
    return { ...r, warnings: [...duplicates, ...r.warnings] };
  } catch (e) {
    return fail(ROOT_PATH, INTERNAL + errorText(e));
  }
}

/**
 * Reads a scenario file's bytes: decoded as every PipeScope reader decodes them (text-decoding.ts:
 * UTF-8 or UTF-16 by the byte-order mark, a warning for bytes that are not UTF-8), then loaded.
 */
export function loadScenarioBytes(bytes: Uint8Array, options: LoadOptions = {}): LoadResult {
  const decoded = decodeScenarioBytes(bytes);
  if (!decoded.ok) return { ok: false, errors: [decoded.error] };
  const r = loadScenario(decoded.text, options);
  return r.ok && decoded.warnings.length > 0 ? { ...r, warnings: [...decoded.warnings, ...r.warnings] } : r;
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
  const r = canonicalScenarioText(s, currentVersion());
  assert(r.ok, 'canonical text without a budget is never refused');
  return r.text;
}

/**
 * Why a document would not save to a file that reopens (its canonical text over the reading
 * budgets), or null. Editing the known fields stays within the save headroom; an edit that brings
 * in a whole new part of the document (an imported order, a schedule turned into a custom order)
 * asks this first, so that whatever the app holds can still be saved and opened again.
 */
export function saveBudgetError(s: Scenario): string | null {
  const r = canonicalScenarioText(s, currentVersion(), { bytes: LIMITS.fileBytes, values: LIMITS.values });
  if (r.ok) return null;
  return r.over === 'bytes'
    ? `saved, this scenario would take more than ${formatMegabytes(LIMITS.fileBytes)}, the most a scenario file may: it could not be opened again`
    : `saved, this scenario would hold more than ${LIMITS.values.toLocaleString('en-US')} values, the most a scenario file may: it could not be opened again`;
}

/**
 * The most a file's saved form may take when it opens: what Save writes must fit the reading
 * budgets after any edit, and editing the known fields adds at most the save headroom.
 */
export const MAX_OPENED_SAVE_BYTES = LIMITS.fileBytes - LIMITS.saveHeadroomBytes;
export const MAX_OPENED_SAVE_VALUES = LIMITS.values - LIMITS.saveHeadroomValues;

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
 * The first thing in a parsed document that is over a budget of limits.ts (values, nesting depth,
 * string and key lengths), with its path; null when there is none. Text is checked before it is
 * parsed (json-text.ts); this checks documents that come as objects. Iterative, one frame per
 * open container: memory grows with the depth, not with the number of values.
 */
function documentProblem(root: unknown): { path: PathSegment[]; message: string } | null {
  type Frame = { value: object; keys: string[] | null; next: number };
  const frames: Frame[] = [];
  const path: PathSegment[] = [];
  let values = 0;
  const fmt = (n: number) => n.toLocaleString('en-US');
  const visit = (v: unknown): { path: PathSegment[]; message: string } | null => {
    if (++values > LIMITS.values)
      return {
        path: path.slice(),
        message: `the document holds more than ${fmt(LIMITS.values)} values (objects, arrays, strings, numbers...); PipeScope reads at most that many`,
      };
    if (typeof v === 'string' && v.length > LIMITS.stringChars)
      return {
        path: path.slice(),
        message: `is a string of ${fmt(v.length)} characters; strings are at most ${fmt(LIMITS.stringChars)}`,
      };
    if (typeof v !== 'object' || v === null) return null;
    if (frames.length >= LIMITS.depth)
      return {
        path: path.slice(),
        message: `nested more than ${LIMITS.depth} levels deep; no scenario field needs that`,
      };
    const keys = Array.isArray(v) ? null : Object.keys(v);
    if (keys)
      for (const k of keys)
        if (k.length > LIMITS.keyChars)
          return {
            path: path.slice(),
            message: `has a key of ${fmt(k.length)} characters; keys are at most ${fmt(LIMITS.keyChars)}`,
          };
    frames.push({ value: v, keys, next: 0 });
    return null;
  };
  const first = visit(root);
  if (first) return first;
  while (frames.length > 0) {
    const top = frames[frames.length - 1];
    const count = top.keys ? top.keys.length : (top.value as unknown[]).length;
    if (top.next >= count) {
      frames.pop();
      path.pop();
      continue;
    }
    const key: PathSegment = top.keys ? top.keys[top.next] : top.next;
    top.next++;
    // path holds one segment per frame below the root: replace this frame's current member.
    path.length = frames.length - 1;
    path.push(key);
    const problem = visit((top.value as Record<string | number, unknown>)[key]);
    if (problem) return problem;
  }
  return null;
}

/** Warnings of one kind listed one by one before the rest are counted in one line. */
export const MAX_WARNINGS_LISTED = 20;

function parseChecked(value: unknown, steps: readonly Migration[]): LoadResult {
  if (!isPlainObject(value)) {
    return fail(
      ROOT_PATH,
      `a scenario file is a JSON object ({"format": "${FORMAT_ID}", ...}); this is ${describeValue(value)}`,
    );
  }
  const problem = documentProblem(value);
  if (problem) return fail(formatPath(problem.path), problem.message);
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
  if (unknown.length > LIMITS.unknownFields)
    return fail(
      ROOT_PATH,
      `has ${unknown.length.toLocaleString('en-US')} fields PipeScope does not know; it keeps at most ${LIMITS.unknownFields.toLocaleString('en-US')} (group them under one field, e.g. "notes": {...})`,
    );
  let unknownWarnings = 0;
  for (const u of unknown) {
    // Unknown values are kept as the JSON they will be saved as (no NaN, undefined or -0 to lose later).
    const json = asJson(u.value);
    if (!json.ok) errors.push({ path: formatPath([...u.at, u.key]), message: json.message });
    else u.value = json.value;
    if (json.ok && json.value !== undefined && unknownWarnings++ < MAX_WARNINGS_LISTED)
      warnings.push(unknownWarning([...u.at, u.key], u.known));
  }
  if (unknownWarnings > MAX_WARNINGS_LISTED)
    warnings.push(
      `${ROOT_PATH}: ${(unknownWarnings - MAX_WARNINGS_LISTED).toLocaleString('en-US')} more unknown field(s), kept as they are`,
    );

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
  // Whatever opens must save to a file that reopens, after any edit of its known fields.
  const saved = canonicalScenarioText(scenario, currentVersion(steps), {
    bytes: MAX_OPENED_SAVE_BYTES,
    values: MAX_OPENED_SAVE_VALUES,
  });
  if (!saved.ok)
    return fail(
      ROOT_PATH,
      saved.over === 'bytes'
        ? `saved by PipeScope (2-space indented, long arrays one value per line) this scenario would take more than ${formatMegabytes(MAX_OPENED_SAVE_BYTES)}, and a scenario file keeps ${formatMegabytes(LIMITS.saveHeadroomBytes)} of its ${formatMegabytes(LIMITS.fileBytes)} free for editing: it could not be saved back, so it is not opened (make its unknown fields smaller)`
        : `saved by PipeScope (every field written, defaults included) this scenario would hold more than ${MAX_OPENED_SAVE_VALUES.toLocaleString('en-US')} values, and a scenario file keeps ${LIMITS.saveHeadroomValues.toLocaleString('en-US')} of its ${LIMITS.values.toLocaleString('en-US')} free for editing: it could not be saved back, so it is not opened (make its unknown fields smaller)`,
    );
  return { ok: true, scenario, warnings };
}

/** The value as JSON would carry it (undefined when JSON drops it), or why it cannot be JSON. */
function asJson(v: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  if (v === undefined) return { ok: true, value: undefined };
  try {
    // JSON.stringify would write null for them: a number JSON.parse made infinite (1e400) is refused.
    let nonFinite: number | null = null;
    const text = JSON.stringify(v, (_key, x) => {
      if (typeof x === 'number' && !Number.isFinite(x) && nonFinite === null) nonFinite = x;
      return x;
    });
    if (nonFinite !== null)
      return {
        ok: false,
        message: `holds ${describeValue(nonFinite)}, which JSON cannot write: numbers are at most about ±1.8e308`,
      };
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
