import { NO_PAIR, OpKind } from '../model/ops';
import type { Ms } from '../model/units';
import type { SteadyStateRule } from '../schedules/descriptor';
import type { Timeline } from '../sim/timeline';
import { type DeviceIntervals, intersectionLength, unionLength } from './intervals';

/**
 * Overlap, exposed communication and bubble over each device's steady-state window (the schedule's
 * SteadyStateRule), beside the whole-iteration figures: the fill and drain at both ends of an
 * iteration hide what a schedule does once it is running (docs/simulator-and-metrics.md).
 */
export interface SteadyStateFigures {
  rule: SteadyStateRule;
  /** Per device: its window [windowStart, windowEnd] (ms), NaN where the device has none. */
  windowStart: Float64Array;
  windowEnd: Float64Array;
  /** How many devices have a window. */
  devices: number;
  /** Why there are no steady-state figures (no device has a window), or null when there are. */
  none: string | null;
  /** Overlapped / communication time, summed over the devices' windows (HTA's overlap); null without communication there. */
  overlap: number | null;
  /** Per device: communication time in its window with no computation beside it; NaN where it has no window. */
  exposedComm: Float64Array;
  /** Mean and max of exposedComm over the devices that have a window (null when none has). */
  exposedCommMean: Ms | null;
  exposedCommMax: Ms | null;
  /** Compute-stream idle time in the windows / the windows' total length; null when none has. */
  bubbleIdleFraction: number | null;
}

/** Each device's steady-state window under a rule; NaN where a device has none. */
export function steadyStateWindows(
  t: Timeline,
  rule: SteadyStateRule,
): { start: Float64Array; end: Float64Array } {
  const s = t.schedule;
  const P = s.devices;
  const start = new Float64Array(P).fill(Number.NaN);
  const end = new Float64Array(P).fill(Number.NaN);
  if (rule.window === 'none') return { start, end };
  const { kind, pair, deviceStart } = s;
  for (let d = 0; d < P; d++) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    const first = deviceStart[d];
    const last = deviceStart[d + 1];
    if (rule.window === 'alternating') {
      for (let i = first; i < last; i++)
        if (kind[i] === OpKind.B || kind[i] === OpKind.BW) {
          lo = t.start[i];
          break;
        }
      for (let i = last - 1; i >= first; i--)
        if (kind[i] === OpKind.F) {
          hi = t.end[i];
          break;
        }
    } else {
      for (let i = first; i + 1 < last; i++)
        if (pair[i] !== NO_PAIR && pair[i + 1] === pair[i]) {
          const a = Math.min(t.start[i], t.start[i + 1]);
          const b = Math.max(t.end[i], t.end[i + 1]);
          if (a < lo) lo = a;
          if (b > hi) hi = b;
          i++;
        }
    }
    if (hi > lo) {
      start[d] = lo;
      end[d] = hi;
    }
  }
  return { start, end };
}

/** The steady-state figures from the merged compute and communication intervals computeMetrics builds. */
export function steadyStateFigures(
  t: Timeline,
  rule: SteadyStateRule,
  compute: DeviceIntervals,
  comm: DeviceIntervals,
): SteadyStateFigures {
  const P = t.schedule.devices;
  const { start, end } = steadyStateWindows(t, rule);
  const exposedComm = new Float64Array(P).fill(Number.NaN);
  let devices = 0;
  let windowTotal = 0;
  let busyTotal = 0;
  let commTotal = 0;
  let overlapTotal = 0;
  let exposedSum = 0;
  let exposedMax = 0;
  for (let d = 0; d < P; d++) {
    const lo = start[d];
    const hi = end[d];
    if (!(hi > lo)) continue;
    devices++;
    windowTotal += hi - lo;
    busyTotal += unionLength(compute, d, lo, hi);
    const commTime = unionLength(comm, d, lo, hi);
    const overlapTime = intersectionLength(compute, comm, d, lo, hi);
    commTotal += commTime;
    overlapTotal += overlapTime;
    exposedComm[d] = Math.max(0, commTime - overlapTime);
    exposedSum += exposedComm[d];
    if (exposedComm[d] > exposedMax) exposedMax = exposedComm[d];
  }
  const none =
    devices > 0
      ? null
      : rule.window === 'none'
        ? rule.why
        : rule.window === 'paired'
          ? 'no device runs an overlapped forward-backward pair'
          : 'no device runs a backward before its last forward ends (too few micro-batches for forwards and backwards to alternate)';
  return {
    rule,
    windowStart: start,
    windowEnd: end,
    devices,
    none,
    overlap: commTotal > 0 ? overlapTotal / commTotal : null,
    exposedComm,
    exposedCommMean: devices > 0 ? exposedSum / devices : null,
    exposedCommMax: devices > 0 ? exposedMax : null,
    bubbleIdleFraction: devices > 0 ? Math.max(0, windowTotal - busyTotal) / windowTotal : null,
  };
}
