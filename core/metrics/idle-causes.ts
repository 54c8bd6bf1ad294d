import { OpKind, opKindName } from '../model/ops';
import type { Ms } from '../model/units';
import { PART_NAMES, Stream, type Timeline } from '../sim/timeline';
import {
  deviceOfOps,
  devicePhases,
  inputTransfers,
  pairPartner,
  rowEndingAt,
  type StreamRows,
  streamRows,
} from './timeline-links';

/**
 * Why a device's compute stream is idle (docs/simulator-and-metrics.md, "Idle time by cause").
 * Every idle interval between t = 0 and the makespan gets exactly one, so a device's causes sum
 * to its idle time.
 */
export const IDLE_CAUSES = ['fill', 'drain', 'dependency', 'p2p', 'exposedComm', 'memory', 'tail'] as const;
export type IdleCause = (typeof IDLE_CAUSES)[number];

/** Numeric ids of the causes (their index in IDLE_CAUSES), as the interval columns store them. */
export const IdleCauseId = {
  fill: 0,
  drain: 1,
  dependency: 2,
  p2p: 3,
  exposedComm: 4,
  memory: 5,
  tail: 6,
} as const satisfies Record<IdleCause, number>;

const CAUSES = IDLE_CAUSES.length;
const FILL = IdleCauseId.fill;
const DRAIN = IdleCauseId.drain;
const DEPENDENCY = IdleCauseId.dependency;
const P2P = IdleCauseId.p2p;
const EXPOSED = IdleCauseId.exposedComm;
const MEMORY = IdleCauseId.memory;
const TAIL = IdleCauseId.tail;

/** What each cause means and what would shrink it: the app's legend and tooltips, the CLI and explain(). */
export const IDLE_CAUSE_INFO: Record<IdleCause, { label: string; definition: string; remedy: string }> = {
  fill: {
    label: 'Fill (warm-up)',
    definition:
      "Before the device's first backward starts: waiting for an upstream (or, at the turn, downstream) device's op while the pipeline fills.",
    remedy: 'more micro-batches, or a schedule with a shorter warm-up (ZB-V, DualPipe), would shrink it',
  },
  drain: {
    label: 'Drain (cool-down)',
    definition: "After the device's last forward ends: waiting for the last backwards to come back.",
    remedy:
      'more micro-batches, or deferring weight gradients into it (the zero-bubble schedules), would fill it',
  },
  dependency: {
    label: 'Dependency',
    definition:
      "Between the device's first backward and its last forward: waiting for another device's op to finish.",
    remedy: 'balancing the stage costs would shrink it',
  },
  p2p: {
    label: 'P2P in flight',
    definition:
      "The op it needs has finished on another device, and the transfer of its result is still in flight (or queued on the sender's communication stream).",
    remedy: 'faster links or smaller activations would shrink it',
  },
  exposedComm: {
    label: 'Exposed communication',
    definition:
      "Waiting for this device's own communication (dispatch or combine) of the running chunk or pair, or of an op of its own whose result it needs.",
    remedy:
      "overlapping it with another chunk's compute (DualPipe's F&B pairs) or faster all-to-all would hide it",
  },
  memory: {
    label: 'Memory (activation limit)',
    definition:
      'Between the first backward and the last forward: waiting for a backward while the next forward of its order was already there; the order holds that forward back to bound the activations in flight.',
    remedy: 'a larger activation budget (more forwards in flight, e.g. ZB-H2) would fill it',
  },
  tail: {
    label: 'Tail',
    definition: "After the device's last op ends, until the iteration's last op ends on another device.",
    remedy: 'it is the other devices finishing; balancing where the pipeline ends would shrink it',
  },
};

/** Idle time per device and cause (ms). */
export interface IdleByCause {
  devices: number;
  /** byDevice[d * IDLE_CAUSES.length + cause]: ms of device d's compute-stream idle time with that cause. */
  byDevice: Float64Array;
  /** Sum over devices, per cause. */
  total: Float64Array;
}

/** One device's idle time by cause as an object keyed like IDLE_CAUSES. */
export function causesOf(idle: IdleByCause, d: number): Record<IdleCause, Ms> {
  const out = {} as Record<IdleCause, Ms>;
  for (let c = 0; c < CAUSES; c++) out[IDLE_CAUSES[c]] = idle.byDevice[d * CAUSES + c];
  return out;
}

/** The totals over devices as an object keyed like IDLE_CAUSES. */
export function causeTotals(idle: IdleByCause): Record<IdleCause, Ms> {
  const out = {} as Record<IdleCause, Ms>;
  for (let c = 0; c < CAUSES; c++) out[IDLE_CAUSES[c]] = idle.total[c];
  return out;
}

/**
 * Every idle interval of every device's compute stream, grouped by device (device d's intervals
 * are [deviceStart[d], deviceStart[d + 1]), in time order), with its cause and what it waited for.
 * For the chart (tint by cause) and its tooltip (idleIntervalText).
 */
export interface IdleIntervals {
  count: number;
  deviceStart: Int32Array;
  start: Float64Array;
  end: Float64Array;
  /** IdleCauseId. */
  cause: Uint8Array;
  /**
   * The op it waited for: fill, drain, dependency, memory and p2p: the op on another device whose
   * result it needed; exposedComm: the op whose communication part it waited for (-1 when that
   * part cannot be named); tail: -1.
   */
  waitedOp: Int32Array;
  /** p2p: the transfer (index in timeline.transfers) still in flight; else -1. */
  transfer: Int32Array;
  /** exposedComm with chunk parts: the communication part (row in timeline.parts) it waited for; else -1. */
  part: Int32Array;
  /** The op the device ran when the interval ended (-1 for tail). */
  nextOp: Int32Array;
  /** memory: the forward whose input was already there but which the order runs later; else -1. */
  heldForward: Int32Array;
}

/** Growable interval columns (the count is not known before the walk). */
class IntervalSink {
  count = 0;
  start = new Float64Array(64);
  end = new Float64Array(64);
  cause = new Uint8Array(64);
  waitedOp = new Int32Array(64);
  transfer = new Int32Array(64);
  part = new Int32Array(64);
  nextOp = new Int32Array(64);
  heldForward = new Int32Array(64);

  push(
    a: Ms,
    b: Ms,
    cause: number,
    waitedOp: number,
    transfer: number,
    part: number,
    next: number,
    held: number,
  ) {
    if (this.count === this.start.length) this.grow();
    const k = this.count++;
    this.start[k] = a;
    this.end[k] = b;
    this.cause[k] = cause;
    this.waitedOp[k] = waitedOp;
    this.transfer[k] = transfer;
    this.part[k] = part;
    this.nextOp[k] = next;
    this.heldForward[k] = held;
  }

  private grow() {
    const n = this.start.length * 2;
    const widen = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.start = widen(this.start, (k) => new Float64Array(k));
    this.end = widen(this.end, (k) => new Float64Array(k));
    this.cause = widen(this.cause, (k) => new Uint8Array(k));
    this.waitedOp = widen(this.waitedOp, (k) => new Int32Array(k));
    this.transfer = widen(this.transfer, (k) => new Int32Array(k));
    this.part = widen(this.part, (k) => new Int32Array(k));
    this.nextOp = widen(this.nextOp, (k) => new Int32Array(k));
    this.heldForward = widen(this.heldForward, (k) => new Int32Array(k));
  }

  columns(deviceStart: Int32Array): IdleIntervals {
    const n = this.count;
    return {
      count: n,
      deviceStart,
      start: this.start.slice(0, n),
      end: this.end.slice(0, n),
      cause: this.cause.slice(0, n),
      waitedOp: this.waitedOp.slice(0, n),
      transfer: this.transfer.slice(0, n),
      part: this.part.slice(0, n),
      nextOp: this.nextOp.slice(0, n),
      heldForward: this.heldForward.slice(0, n),
    };
  }
}

/**
 * Attributes every idle interval of every device's compute stream to one cause. O(ops + parts),
 * typed arrays only. The intervals themselves are kept only when asked (`intervals`): the metrics
 * need the sums, the chart the intervals.
 *
 * How a gap [a, b) before the unit (an op, or an overlapped pair) that the compute stream runs next
 * is split, in time order:
 *  1. until the producer on another device has finished: fill / drain / dependency / memory, by the
 *     device's phase (fill when the gap ends by the start of its first backward, else drain when it
 *     starts after the end of its last forward, else memory or dependency);
 *  2. from there until the transfer delivers: p2p;
 *  3. the rest (the unit's input had arrived, but the part that runs next waits for a communication
 *     part of its own chunk, or for a result of its own device still in communication): exposedComm.
 * Among a pair's two inputs the one from another device that arrived last is the one waited for.
 * After the device's last compute: exposedComm until its last op ends (its last communication
 * part), then tail until the makespan.
 */
export function attributeIdle(
  t: Timeline,
  options: { intervals?: boolean } = {},
): { byCause: IdleByCause; intervals: IdleIntervals | null } {
  const s = t.schedule;
  const P = s.devices;
  const { deviceStart, kind, stage } = s;
  const { start, end, makespan } = t;
  const tr = t.transfers;
  const tFrom = tr.fromOp;
  const tEnd = tr.end;
  const tTo = tr.toOp;
  const input = inputTransfers(t);
  const { firstBackwardStart, lastForwardEnd, lastOpEnd } = devicePhases(t);
  const byDevice = new Float64Array(P * CAUSES);
  const sink = options.intervals ? new IntervalSink() : null;
  const intervalStart = sink ? new Int32Array(P + 1) : new Int32Array(0);
  const parts = t.parts;
  const compute = parts ? streamRows(t, parts, Stream.COMPUTE) : null;
  const comm: StreamRows | null = parts && sink ? streamRows(t, parts, Stream.COMM) : null;

  for (let d = 0; d < P; d++) {
    const first = deviceStart[d];
    const last = deviceStart[d + 1];
    const base = d * CAUSES;
    const fb = firstBackwardStart[d];
    const lf = lastForwardEnd[d];
    /** The next forward after the current unit, for the memory test (moves forward only). */
    let nextForward = first;
    if (sink) intervalStart[d] = sink.count;

    const record = (
      cause: number,
      a: Ms,
      b: Ms,
      waited: number,
      transfer: number,
      part: number,
      next: number,
      held: number,
    ) => {
      byDevice[base + cause] += b - a;
      if (sink) sink.push(a, b, cause, waited, transfer, part, next, held);
    };

    /** The communication part of this device that ends at b (what released the compute stream), or -1. */
    const commPartEndingAt = (b: Ms): number =>
      comm ? rowEndingAt(comm.rows, comm.deviceStart[d], comm.deviceStart[d + 1], parts!.end, b) : -1;

    /** Attributes the gap [a, b) before the unit of op o (its pair partner, if any, is part of it). */
    const gap = (a: Ms, b: Ms, o: number) => {
      const partner = pairPartner(s, o, first, last);
      // the input from another device that arrived last
      let k = input[o] - 1;
      if (partner >= 0) {
        const k2 = input[partner] - 1;
        if (k2 >= 0 && (k < 0 || tEnd[k2] > tEnd[k])) k = k2;
      }
      let at = a;
      if (k >= 0) {
        const arrived = tEnd[k] < b ? tEnd[k] : b;
        if (arrived > a) {
          const producer = tFrom[k];
          const produced = end[producer];
          const x = produced < a ? a : Math.min(produced, arrived);
          if (x > a) {
            let cause: number;
            let held = -1;
            if (b <= fb) cause = FILL;
            else if (a >= lf) cause = DRAIN;
            else {
              cause = DEPENDENCY;
              const consumer = tTo[k];
              const ck = kind[consumer];
              if (ck === OpKind.B || ck === OpKind.BW) {
                // the order's next forward after this unit: was its input already there?
                const unitLast = Math.max(partner, o);
                if (nextForward <= unitLast) nextForward = unitLast + 1;
                while (nextForward < last && kind[nextForward] !== OpKind.F) nextForward++;
                if (nextForward < last) {
                  const g = nextForward;
                  const kg = input[g] - 1;
                  // a forward fed by its own device (the turn of a V) is not taken as ready
                  const ready = kg >= 0 ? tEnd[kg] <= a : stage[g] === 0;
                  if (ready) {
                    cause = MEMORY;
                    held = g;
                  }
                }
              }
            }
            record(cause, a, x, producer, -1, -1, o, held);
          }
          if (arrived > x) record(P2P, x, arrived, producer, k, -1, o, -1);
          at = arrived;
        }
      }
      if (b > at) {
        const part = commPartEndingAt(b);
        record(EXPOSED, at, b, part >= 0 ? parts!.op[part] : -1, -1, part, o, -1);
      }
    };

    let busyUntil = 0;
    if (compute && parts) {
      const rows = compute.rows;
      const pStart = parts.start;
      const pEnd = parts.end;
      const pOp = parts.op;
      for (let r = compute.deviceStart[d], rEnd = compute.deviceStart[d + 1]; r < rEnd; r++) {
        const row = rows[r];
        const b = pStart[row];
        if (b > busyUntil) gap(busyUntil, b, pOp[row]);
        const e = pEnd[row];
        if (e > busyUntil) busyUntil = e;
      }
    } else {
      for (let i = first; i < last; i++) {
        const b = start[i];
        if (b > busyUntil) gap(busyUntil, b, i);
        const e = end[i];
        if (e > busyUntil) busyUntil = e;
      }
    }
    // after the last compute: its own communication still running, then the others finishing
    const opsEnd = Math.min(lastOpEnd[d], makespan);
    if (opsEnd > busyUntil) {
      const part = commPartEndingAt(opsEnd);
      record(EXPOSED, busyUntil, opsEnd, part >= 0 ? parts!.op[part] : -1, -1, part, -1, -1);
      busyUntil = opsEnd;
    }
    if (makespan > busyUntil) record(TAIL, busyUntil, makespan, -1, -1, -1, -1, -1);
  }

  const total = new Float64Array(CAUSES);
  for (let d = 0; d < P; d++) for (let c = 0; c < CAUSES; c++) total[c] += byDevice[d * CAUSES + c];
  let intervals: IdleIntervals | null = null;
  if (sink) {
    intervalStart[P] = sink.count;
    intervals = sink.columns(intervalStart);
  }
  return { byCause: { devices: P, byDevice, total }, intervals };
}

/** The idle intervals of a timeline with their causes (for the chart; the metrics keep only the sums). */
export function idleIntervals(t: Timeline): IdleIntervals {
  const r = attributeIdle(t, { intervals: true });
  return r.intervals!;
}

/** An op in words: "BW of micro-batch 3 on stage 2 (device 1)". */
export function describeOp(t: Timeline, op: number): string {
  const s = t.schedule;
  return `${opKindName(s.kind[op])} of micro-batch ${s.microbatch[op]} on stage ${s.stage[op]} (device ${deviceOfOps(t)[op]})`;
}

/**
 * What the chart's tooltip says about idle interval k: its cause, its length and what it waited
 * for, e.g. "Fill (warm-up), 2 ms: waits for F of micro-batch 0 on stage 0 (device 0)".
 */
export function idleIntervalText(t: Timeline, iv: IdleIntervals, k: number): string {
  const cause = IDLE_CAUSES[iv.cause[k]];
  const head = `${IDLE_CAUSE_INFO[cause].label}, ${formatDuration(iv.end[k] - iv.start[k])}`;
  const waited = iv.waitedOp[k];
  switch (cause) {
    case 'tail':
      return `${head}: this device has finished; the iteration ends when the last op on another device does`;
    case 'p2p':
      return `${head}: ${describeOp(t, waited)} has finished; its result is still in transfer`;
    case 'exposedComm': {
      const part = iv.part[k];
      if (part >= 0 && t.parts)
        return `${head}: waits for its own ${PART_NAMES[t.parts.part[part]]} of ${describeOp(t, t.parts.op[part])}`;
      return waited >= 0
        ? `${head}: waits for the communication of ${describeOp(t, waited)}`
        : `${head}: waits for its own communication`;
    }
    case 'memory':
      return `${head}: waits for ${describeOp(t, waited)}, while ${describeOp(t, iv.heldForward[k])} could run: the order holds it back to bound activations`;
    default:
      return `${head}: waits for ${describeOp(t, waited)}`;
  }
}

function formatDuration(ms: Ms): string {
  return `${Number.parseFloat(ms.toPrecision(4))} ms`;
}
