import { metricsToJSON } from '../../core/metrics/metrics';
import type { Scenario, ScheduleName } from '../../core/model/scenario';
import { type SweepPoint, opsEstimate, runAnalysis } from './engine';

/** The sweep stays this small per point so the chart answers within a second or two. */
const MAX_SWEEP_OPS = 200_000;

/**
 * Micro-batch counts for the bubble-vs-micro-batches chart: multiples of the device count
 * (where 1F1B-style bubbles are usually quoted) plus the scenario's own m.
 */
export function sweepMicrobatches(s: Scenario): number[] {
  const P = Math.max(1, Math.floor(s.devices));
  const set = new Set<number>([1, 2, 3, 4, 6, 8, 12, 16].map((k) => k * P));
  if (Number.isInteger(s.microbatches) && s.microbatches >= 1) set.add(s.microbatches);
  return [...set]
    .filter((m) => opsEstimate({ ...s, microbatches: m }, 'zb-v') <= MAX_SWEEP_OPS)
    .sort((a, b) => a - b);
}

/** The measured bubble of one analysis as the chart plots it: idle fraction of the makespan. */
export function sweepValue(metrics: Parameters<typeof metricsToJSON>[0]): number | null {
  const v = metricsToJSON(metrics).bubbleIdleFraction;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function sweep(
  scenario: Scenario,
  schedules: ScheduleName[],
  microbatches: number[],
  progress?: (done: number, total: number) => void,
): SweepPoint[] {
  const points: SweepPoint[] = [];
  const total = schedules.length * microbatches.length;
  let done = 0;
  for (const schedule of schedules) {
    for (const m of microbatches) {
      const r = runAnalysis({ ...scenario, microbatches: m }, schedule);
      points.push({ schedule, microbatches: m, value: r.ok ? sweepValue(r.analysis.metrics) : null });
      progress?.(++done, total);
    }
  }
  return points;
}
