import { type Analysis, analyze } from '../core/analyze';
import { importOrder, withImportedOrder } from '../core/export/order-import';
import { parseJsonDocument } from '../core/format/json-text';
import { LIMITS } from '../core/format/limits';
import { ROOT_PATH } from '../core/format/paths';
import { type LoadResult, loadScenarioBytes } from '../core/format/scenario-file';
import { decodeScenarioBytes } from '../core/format/text-decoding';
import { validateScenario } from '../core/format/validate';
import type { PathError } from '../core/model/path-error';
import { type Scenario, type ScheduleName, defaultScenario } from '../core/model/scenario';
import { type CliIO, type Flags, type Progress, errorMessage, printError } from './command-context';
import { terminalText } from './terminal-text';

/** How the commands that read a scenario get it: the file (or the defaults), the flags, the checks. */

export type Resolved = { ok: true; scenario: Scenario; source: string } | { ok: false };

export function printErrors(io: CliIO, source: string, errors: readonly PathError[]): void {
  for (const e of errors) printError(io, source, e.path, e.message);
}

/** A warning about a file, on stderr: `SOURCE: warning: MESSAGE` (user text shown escaped). */
export function printWarning(io: CliIO, source: string, warning: string): void {
  io.stderr(`${terminalText(source)}: warning: ${terminalText(warning)}\n`);
}

/**
 * A JSON file other than a scenario (a trace mapping, a model) read as scenario files are: at most
 * LIMITS.fileBytes, decoded by its byte-order mark (warnings printed), parsed within the JSON
 * budgets. Errors are printed as `FILE: PATH: MESSAGE`; null then.
 */
export function readJsonFile(io: CliIO, file: string): { value: unknown } | null {
  const text = readTextFile(io, file);
  if (text === null) return null;
  const parsed = parseJsonDocument(text, LIMITS);
  if (!parsed.ok) {
    printErrors(io, file, [parsed.error]);
    return null;
  }
  return { value: parsed.value };
}

/**
 * A text file read as scenario files are: at most LIMITS.fileBytes, decoded by its byte-order mark
 * (warnings printed). Errors are printed as `FILE: PATH: MESSAGE`; null then.
 */
export function readTextFile(io: CliIO, file: string): string | null {
  const read = readBytes(io, file);
  if (!read.ok) {
    printErrors(io, file, read.errors);
    return null;
  }
  const decoded = decodeScenarioBytes(read.bytes);
  if (!decoded.ok) {
    printErrors(io, file, [decoded.error]);
    return null;
  }
  for (const w of decoded.warnings) printWarning(io, file, w);
  return decoded.text;
}

/**
 * A scenario file loaded as every command loads it: at most LIMITS.fileBytes read (io.readFile),
 * decoded by its byte-order mark, then the loader. A file that cannot be read is an error at
 * (root) like any other.
 */
export function loadFile(io: CliIO, file: string): LoadResult {
  const read = readBytes(io, file);
  return read.ok ? loadScenarioBytes(read.bytes) : read;
}

/** A file's bytes (at most LIMITS.fileBytes), or why it cannot be read, as an error at (root). */
export function readBytes(
  io: CliIO,
  file: string,
): { ok: true; bytes: Uint8Array } | { ok: false; errors: PathError[] } {
  try {
    return { ok: true, bytes: io.readFile(file) };
  } catch (e) {
    return { ok: false, errors: [{ path: ROOT_PATH, message: `cannot read the file: ${errorMessage(e)}` }] };
  }
}

/** Flags that override a field of the scenario. */
const OVERRIDE_KEYS = [
  'devices',
  'microbatches',
  'chunks',
  'groupSize',
  'pairing',
  'forward',
  'backwardInput',
  'backwardWeight',
  'p2p',
] as const satisfies readonly (keyof Flags)[];

/**
 * The scenario a command works on: the file (or the defaults), with the flags applied over it and
 * checked again by the one validator, without the schedule's own check (that runs per schedule, in
 * analyze, so compare can list the schedules that cannot run it).
 */
export function resolveScenario(file: string | undefined, flags: Flags, io: CliIO): Resolved {
  let scenario: Scenario;
  const source = file ?? '(defaults)';
  if (file !== undefined) {
    const loaded = loadFile(io, file);
    if (!loaded.ok) {
      printErrors(io, file, loaded.errors);
      return { ok: false };
    }
    for (const w of loaded.warnings) printWarning(io, file, w);
    scenario = loaded.scenario;
  } else scenario = defaultScenario();

  let o = structuredClone(scenario);
  if (flags.order !== undefined) {
    const withOrder = readOrderFlag(flags.order, o, io);
    if (!withOrder) return { ok: false };
    o = withOrder;
  }
  if (flags.schedule) o.schedule = flags.schedule[0];
  if (flags.devices !== undefined) o.devices = flags.devices;
  if (flags.microbatches !== undefined) o.microbatches = flags.microbatches;
  if (flags.chunks !== undefined) o.chunks = flags.chunks;
  if (flags.groupSize !== undefined) o.groupSize = flags.groupSize;
  if (flags.pairing !== undefined) o.pairing = flags.pairing;
  if (flags.forward !== undefined) o.costs.forward = flags.forward;
  if (flags.backwardInput !== undefined) o.costs.backwardInput = flags.backwardInput;
  if (flags.backwardWeight !== undefined) o.costs.backwardWeight = flags.backwardWeight;
  if (flags.p2p !== undefined) o.p2p.time = flags.p2p;
  // Flags can break what the file had right (per-device costs vs --devices, the ops cap), and a
  // file can open with problems the editor would mark (a bandwidth missing): check the result.
  const invalid = validateScenario(o, { scheduleCheck: false }).errors;
  if (invalid.length > 0) {
    const overridden = flags.schedule !== undefined || OVERRIDE_KEYS.some((k) => flags[k] !== undefined);
    printErrors(io, overridden ? `${source} with the flags` : source, invalid);
    return { ok: false };
  }
  return { ok: true, scenario: o, source };
}

/**
 * The scenario running the order in `file` (PyTorch's CSV or an order JSON) as its custom
 * schedule, with the order's devices, micro-batches and stages per device; null (errors printed)
 * when the file cannot be read.
 */
function readOrderFlag(file: string, scenario: Scenario, io: CliIO): Scenario | null {
  const text = readTextFile(io, file);
  if (text === null) return null;
  const r = importOrder(text);
  if (!r.ok) {
    printErrors(io, file, r.errors);
    return null;
  }
  for (const w of r.imported.warnings) printWarning(io, file, w);
  return withImportedOrder(scenario, r.imported);
}

/** analyze() of one schedule, its errors printed with the schedule named and its warnings. */
export function analyzeOrReport(
  scenario: Scenario,
  schedule: ScheduleName,
  source: string,
  io: CliIO,
  progress: Progress,
): Analysis | null {
  progress.step(`simulating ${schedule}...`);
  const r = analyze(scenario, schedule);
  if (!r.ok) {
    printErrors(
      io,
      source,
      r.errors.map((e) => ({ path: e.path, message: `${e.message} (${schedule})` })),
    );
    return null;
  }
  for (const w of r.analysis.warnings) io.stderr(`warning: ${terminalText(w)}\n`);
  return r.analysis;
}
