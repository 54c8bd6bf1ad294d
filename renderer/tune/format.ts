import { getSchedule } from '../../core/schedules/registry';

/** How the Find best view writes configurations and their figures. */

const GiB = 2 ** 30;

/** Bytes as GiB (2^30), with the unit unless `unit` is false. */
export function formatGiB(bytes: number, unit = true): string {
  const g = bytes / GiB;
  const text = g >= 100 ? g.toFixed(0) : g >= 10 ? g.toFixed(1) : g.toFixed(2);
  return unit ? `${text} GiB` : text;
}

/** ms with at most three decimals and thousands separators. */
export function formatMsValue(ms: number): string {
  return ms.toLocaleString('en-US', { maximumFractionDigits: ms >= 100 ? 1 : 3 });
}

export function formatShare(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(1)}%`;
}

/** Whether the schedule reads v (its chunk rule takes the scenario's chunks) and the activation budget. */
export function reads(schedule: string): { chunks: boolean; budget: boolean } {
  const d = getSchedule(schedule);
  return { chunks: d?.chunks.from === 'scenario', budget: d?.takesActivationBudget === true };
}

/** A configuration in a few words (core's describeChoice). */
export { describeChoice as choiceLabel } from '../../core/tune';

export function formatDuration(ms: number): string {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(s < 10 ? 1 : 0)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
