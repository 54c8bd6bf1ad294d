import type { Analysis } from '../analyze';
import {
  PAIR_ORDER_ENTRIES,
  type PairOrderEntry,
  isCommEntry,
  resolveParts,
  smSlowdown,
} from '../model/costs';
import { type DeviceParts, partsOnDevice } from '../model/scenario';
import type { Ms } from '../model/units';
import type { DeviceFigures } from './figures';
import { getPart } from './parts';

/**
 * Planned against measured: the figures of one planned device and one measured rank in the same
 * definitions (the trace figures', after Holistic Trace Analysis), and a chunk's parts as the
 * simulator runs them against the parts a trace measured.
 */

/** One device's figures over its window, plan or run alike (as a trace's DeviceFigures define them). */
export type RunFigures = Pick<
  DeviceFigures,
  'windowMs' | 'computeMs' | 'commMs' | 'overlapMs' | 'overlap' | 'exposedCommMs' | 'idleMs'
>;

/**
 * The planned figures of `device`, from the simulated timeline and its metrics: computation,
 * communication and their overlap as core/metrics computes them; the window from the device's
 * first op start to its last op end (as a trace's window is from first to last GPU op); idle is
 * the window minus the union of both streams (computation + communication - overlap).
 */
export function plannedDeviceFigures(a: Analysis, device: number): RunFigures {
  const s = a.timeline.schedule;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = s.deviceStart[device]; i < s.deviceStart[device + 1]; i++) {
    if (a.timeline.start[i] < first) first = a.timeline.start[i];
    if (a.timeline.end[i] > last) last = a.timeline.end[i];
  }
  const windowMs = last > first ? last - first : 0;
  const c = a.metrics.comm;
  const computeMs = c.computeTime[device];
  const commMs = c.commTime[device];
  const overlapMs = c.overlapTime[device];
  return {
    windowMs,
    computeMs,
    commMs,
    overlapMs,
    overlap: commMs > 0 ? overlapMs / commMs : null,
    exposedCommMs: c.exposedComm[device],
    idleMs: Math.max(0, windowMs - (computeMs + commMs - overlapMs)),
  };
}

export interface FigureRow {
  id: keyof RunFigures;
  label: string;
  /** 'ms', or '%' for a share (its values and difference are fractions; shown x 100). */
  unit: 'ms' | '%';
  planned: number | null;
  measured: number | null;
  /** measured - planned (for '%': a difference of fractions, shown as percentage points). */
  difference: number | null;
}

const ROWS: { id: keyof RunFigures; label: string; unit: 'ms' | '%' }[] = [
  { id: 'windowMs', label: 'window (first op to last op)', unit: 'ms' },
  { id: 'computeMs', label: 'computation', unit: 'ms' },
  { id: 'commMs', label: 'communication', unit: 'ms' },
  { id: 'overlap', label: 'overlap (HTA: both run / communication)', unit: '%' },
  { id: 'exposedCommMs', label: 'exposed communication', unit: 'ms' },
  { id: 'idleMs', label: 'idle (no stream busy)', unit: 'ms' },
];

/** The rows of a planned-vs-measured table: each figure, both values and their difference. */
export function compareFigures(planned: RunFigures | null, measured: RunFigures | null): FigureRow[] {
  return ROWS.map(({ id, label, unit }) => {
    const p = planned ? planned[id] : null;
    const m = measured ? measured[id] : null;
    return { id, label, unit, planned: p, measured: m, difference: p !== null && m !== null ? m - p : null };
  });
}

export interface PartRow {
  entry: PairOrderEntry;
  /** The part of one chunk as the simulator runs it (ms), or null when the scenario has no parts. */
  planned: Ms | null;
  /** The part of one chunk the trace measured (ms), or null when it does not show it. */
  measured: Ms | null;
  difference: Ms | null;
}

/**
 * One chunk's parts as the simulator runs them on `device` (the scenario's part x the schedule's
 * chunk share, compute parts x the SM slowdown: the inverse of withMeasuredParts) against the
 * measured ones.
 */
export function compareParts(
  a: Analysis | null,
  measured: { parts: DeviceParts; measured: readonly string[] } | null,
  device = 0,
): PartRow[] {
  const parts = a?.scenario.parts ? resolveParts(partsOnDevice(a.scenario.parts, device)) : null;
  const share = a ? a.schedule.chunkShare : 1;
  const slowdown = a ? smSlowdown(a.scenario.smSplit) : 1;
  return PAIR_ORDER_ENTRIES.map((entry) => {
    const p = parts ? getPart(parts, entry) * share * (isCommEntry(entry) ? 1 : slowdown) : null;
    const m = measured?.measured.includes(entry) ? getPart(measured.parts, entry) : null;
    return { entry, planned: p, measured: m, difference: p !== null && m !== null ? m - p : null };
  });
}
