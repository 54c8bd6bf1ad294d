import { type Analysis, analyze } from '../core/analyze';
import { importOrder, withImportedOrder } from '../core/export/order-import';
import { loadScenario } from '../core/format/scenario-file';
import { validateScenario } from '../core/format/validate';
import type { PathError } from '../core/model/path-error';
import { type Scenario, type ScheduleName, defaultScenario } from '../core/model/scenario';
import type { CliIO, Flags, Progress } from './command-context';

/** How the commands that read a scenario get it: the file (or the defaults), the flags, the checks. */

export type Resolved = { ok: true; scenario: Scenario; source: string } | { ok: false };

export function printErrors(io: CliIO, source: string, errors: readonly PathError[]): void {
  for (const e of errors) io.stderr(`${source}: ${e.path}: ${e.message}\n`);
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
    let text: string;
    try {
      text = io.readFile(file);
    } catch (e) {
      io.stderr(`pipescope: cannot read ${file}: ${(e as Error).message}\n`);
      return { ok: false };
    }
    const loaded = loadScenario(text);
    if (!loaded.ok) {
      printErrors(io, file, loaded.errors);
      return { ok: false };
    }
    for (const w of loaded.warnings) io.stderr(`${file}: warning: ${w}\n`);
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
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    io.stderr(`pipescope: cannot read ${file}: ${(e as Error).message}\n`);
    return null;
  }
  const r = importOrder(text);
  if (!r.ok) {
    printErrors(io, file, r.errors);
    return null;
  }
  for (const w of r.imported.warnings) io.stderr(`${file}: warning: ${w}\n`);
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
  for (const w of r.analysis.warnings) io.stderr(`warning: ${w}\n`);
  return r.analysis;
}
