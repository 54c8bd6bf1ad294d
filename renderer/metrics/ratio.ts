/**
 * A figure of one schedule against the same figure of a baseline, in words: "1.59× faster",
 * "3.48× less". Ratios are rounded to two decimals as the CLI prints them.
 */
export interface Ratio {
  /** this / baseline (null when either is missing or the baseline is 0). */
  value: number | null;
  text: string;
}

const times = (x: number) => `${Number.parseFloat(x.toFixed(2))}×`;

/** Within this relative difference two figures read as the same. */
const SAME = 0.005;

/** this / baseline as "N× more" / "N× less", or "same". */
export function amountRatio(value: number | null, baseline: number | null): Ratio {
  if (value === null || baseline === null || !(baseline > 0) || !Number.isFinite(value))
    return { value: null, text: '—' };
  const r = value / baseline;
  if (Math.abs(r - 1) < SAME) return { value: r, text: 'same' };
  if (r === 0) return { value: r, text: 'none' };
  return { value: r, text: r > 1 ? `${times(r)} more` : `${times(1 / r)} less` };
}

/** Speed-up of an iteration time against the baseline's: baseline / this, "N× faster" or "N× slower". */
export function speedup(makespan: number, baseline: number): Ratio {
  if (!(makespan > 0) || !(baseline > 0)) return { value: null, text: '—' };
  const s = baseline / makespan;
  if (Math.abs(s - 1) < SAME) return { value: s, text: 'same speed' };
  return { value: s, text: s > 1 ? `${times(s)} faster` : `${times(1 / s)} slower` };
}
