import { type Analysis, analyze } from '../../core/analyze';
import { estimateOps } from '../../core/format/limits';
import type { PathError } from '../../core/model/path-error';
import type { Scenario, ScheduleName } from '../../core/model/scenario';

export type EngineResult = { ok: true; analysis: Analysis } | { ok: false; errors: PathError[] };

/**
 * The whole pipeline from a document to what the views draw. Never throws on user input: what is
 * wrong with the document comes from core/format's validateScenario (inside analyze), with the
 * file format's paths, so the editor marks the same problems, worded the same, as the file loader
 * and the CLI.
 */
export function runAnalysis(scenario: Scenario, schedule?: ScheduleName): EngineResult {
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
