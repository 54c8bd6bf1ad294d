import { type Analysis, analyze } from '../../core/analyze';
import { parseScenarioObject, saveScenario } from '../../core/format/scenario-file';
import { checkScenarioSize, estimateOps } from '../../core/format/limits';
import type { ConfigError } from '../../core/model/config';
import type { Scenario, ScheduleName } from '../../core/model/scenario';

export type EngineResult = { ok: true; analysis: Analysis } | { ok: false; errors: ConfigError[] };

/**
 * Everything wrong with a scenario as the editor holds it, with the file format's paths: the
 * schema's checks (types, ranges, per-device lengths) and the size caps. Empty when it is valid.
 */
export function validateScenario(s: Scenario): ConfigError[] {
  let value: unknown;
  try {
    value = JSON.parse(saveScenario(s));
  } catch (err) {
    return [
      { path: '(root)', message: `cannot be written as a file: ${err instanceof Error ? err.message : err}` },
    ];
  }
  const loaded = parseScenarioObject(value);
  if (!loaded.ok) return loaded.errors;
  return checkScenarioSize(s);
}

/** The whole pipeline from a document to what the views draw. Never throws on user input. */
export function runAnalysis(scenario: Scenario, schedule?: ScheduleName): EngineResult {
  const invalid = validateScenario(schedule ? { ...scenario, schedule } : scenario);
  if (invalid.length) return { ok: false, errors: invalid };
  const r = analyze(scenario, schedule);
  return r.ok ? { ok: true, analysis: r.analysis } : { ok: false, errors: r.errors };
}

/** Scenarios up to this many ops are analysed inline (a few ms); larger ones in the worker. */
export const INLINE_OPS = 12_000;

export function opsEstimate(s: Scenario, schedule: ScheduleName = s.schedule): number {
  return estimateOps(schedule, s.devices, s.microbatches, s.chunks);
}

/** One point of the bubble-vs-micro-batches chart. */
export interface SweepPoint {
  schedule: ScheduleName;
  microbatches: number;
  /** null when the schedule cannot run with this many micro-batches. */
  value: number | null;
}
