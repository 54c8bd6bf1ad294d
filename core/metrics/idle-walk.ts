import { OpKind } from '../model/ops';
import type { Ms } from '../model/units';
import { Stream, type Timeline } from '../sim/timeline';
import { doubled } from './columns';
import {
  CAUSE_COUNT,
  DEPENDENCY,
  DRAIN,
  EXPOSED,
  FILL,
  type IdleByCause,
  type IdleIntervals,
  MEMORY,
  P2P,
  TAIL,
} from './idle-cause-ids';
import {
  devicePhases,
  inputTransfers,
  pairPartner,
  rowEndingAt,
  type StreamRows,
  streamRows,
} from './timeline-links';

const CAUSES = CAUSE_COUNT;

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
    this.start = doubled(this.start);
    this.end = doubled(this.end);
    this.cause = doubled(this.cause);
    this.waitedOp = doubled(this.waitedOp);
    this.transfer = doubled(this.transfer);
    this.part = doubled(this.part);
    this.nextOp = doubled(this.nextOp);
    this.heldForward = doubled(this.heldForward);
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
 * The general walk: attributes every idle interval of every device's compute stream to one cause,
 * with or without chunk parts, and keeps the intervals when asked. O(ops + parts), typed arrays.
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
export function attributeIdleGeneral(
  t: Timeline,
  keepIntervals: boolean,
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
  const sink = keepIntervals ? new IntervalSink() : null;
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
                // a forward paired with a backward is not: the pair waits for both its inputs
                if (nextForward < last && pairPartner(s, nextForward, first, last) < 0) {
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
