import { NO_PAIR, OpKind } from '../model/ops';
import { type Schedule, opDevices } from '../model/schedule';
import type { Ms } from '../model/units';
import type { PartColumns, Stream, Timeline } from '../sim/timeline';

/**
 * What the idle attribution and the critical path read besides the timeline's columns: each op's
 * device, the transfer that brought each op its input, the pair partner of an op, each device's
 * phases, and part rows by device. All typed arrays, one pass each; the per-timeline ones are
 * cached (a timeline is never changed after the simulator returns it).
 */

const deviceCache = new WeakMap<Timeline, Int32Array>();

/** The device of every op (deviceOf[i]), built once per timeline. */
export function deviceOfOps(t: Timeline): Int32Array {
  let a = deviceCache.get(t);
  if (!a) {
    a = opDevices(t.schedule);
    deviceCache.set(t, a);
  }
  return a;
}

export { deviceOfOp } from '../model/schedule';

const sortedCache = new WeakMap<Timeline, boolean>();

/**
 * Whether the timeline lists its transfers by receiving op, ascending (the simulator's fast path
 * does; the general walk lists them as their producers finish).
 */
export function transfersByConsumer(t: Timeline): boolean {
  if (t.transfers.byConsumer === true) return true; // the simulator lists them so
  let sorted = sortedCache.get(t);
  if (sorted === undefined) {
    sorted = true;
    const to = t.transfers.toOp;
    for (let k = 1, n = t.transfers.count; k < n && sorted; k++) sorted = to[k] > to[k - 1];
    sortedCache.set(t, sorted);
  }
  return sorted;
}

/**
 * The transfer that brought op `op` (on device `device`) its input, or -1, for lookups of a few ops
 * (the critical path): when the transfers are listed by receiving op, a search from where the last
 * lookup on the same device ended (a walk moves along a device's ops, so the next is close by and
 * touches a few cache lines, where a search over all transfers touches twenty); else the per-op array.
 */
export function transferInto(t: Timeline): (op: number, device: number) => number {
  if (transfersByConsumer(t)) {
    const to = t.transfers.toOp;
    const n = t.transfers.count;
    const hint = new Int32Array(t.schedule.devices).fill(-1);
    return (op, device) => {
      // bracket the first transfer to an op >= `op` in [lo, hi], galloping from the hint
      let lo = 0;
      let hi = n;
      const h = hint[device];
      if (h >= 0) {
        let step = 1;
        if (to[h] >= op) {
          hi = h;
          lo = h - 1;
          while (lo >= 0 && to[lo] >= op) {
            hi = lo;
            step *= 2;
            lo = hi - step;
          }
          lo = lo < 0 ? 0 : lo + 1;
        } else {
          lo = h + 1;
          hi = h + 1;
          while (hi < n && to[hi] < op) {
            lo = hi + 1;
            step *= 2;
            hi = Math.min(n, h + step);
          }
        }
      }
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (to[mid] < op) lo = mid + 1;
        else hi = mid;
      }
      if (lo < n) hint[device] = lo;
      return lo < n && to[lo] === op ? lo : -1;
    };
  }
  const input = inputTransfers(t);
  return (op) => input[op] - 1;
}

const transferCache = new WeakMap<Timeline, Int32Array>();

/**
 * For every op, 1 + the index of the transfer that brought its input from another device, or 0
 * when its input came from its own device (or it needs none: a forward where the micro-batch
 * enters). An op has one input, so at most one transfer. Stored off by one so that a fresh
 * (zeroed) array needs no fill pass.
 */
export function inputTransfers(t: Timeline): Int32Array {
  let a = transferCache.get(t);
  if (!a) {
    a = new Int32Array(t.schedule.count);
    const to = t.transfers.toOp;
    for (let k = 0, n = t.transfers.count; k < n; k++) a[to[k]] = k + 1;
    transferCache.set(t, a);
  }
  return a;
}

/**
 * The other op of op o's pair, or -1: the simulator runs two consecutive ops of a device that carry
 * one pair number as one unit (issued when both inputs are there). `first` and `last` bound o's
 * device ([first, last)). Pair numbers are unique within a schedule, so a pair is two ops.
 */
export function pairPartner(s: Schedule, o: number, first: number, last: number): number {
  return pairPartnerIn(s.pair, o, first, last);
}

/**
 * pairPartner() on the schedule's pair column itself, for hot loops: they read the schedule's
 * fields once before the loop, since schedules from different generate() calls do not share one
 * hidden class, and a field read in the loop would throw the optimised code away at each new one.
 */
export function pairPartnerIn(pair: Int32Array, o: number, first: number, last: number): number {
  const p = pair[o];
  if (p === NO_PAIR) return -1;
  if (o + 1 < last && pair[o + 1] === p) return o + 1;
  if (o - 1 >= first && pair[o - 1] === p) return o - 1;
  return -1;
}

/** Where each device's warm-up ends and its cool-down begins (ms), and when its last op ends. */
export interface DevicePhases {
  /** Start of the device's first backward (B or BW); +Infinity when it runs none. */
  firstBackwardStart: Float64Array;
  /** End of the device's last forward; -Infinity when it runs none. */
  lastForwardEnd: Float64Array;
  /** The latest end of the device's ops (its last part may end after later ops' parts); 0 without ops. */
  lastOpEnd: Float64Array;
}

export function devicePhases(t: Timeline): DevicePhases {
  const s = t.schedule;
  const P = s.devices;
  const firstBackwardStart = new Float64Array(P).fill(Number.POSITIVE_INFINITY);
  const lastForwardEnd = new Float64Array(P).fill(Number.NEGATIVE_INFINITY);
  const lastOpEnd = new Float64Array(P);
  const { kind, deviceStart } = s;
  for (let d = 0; d < P; d++) {
    const first = deviceStart[d];
    const last = deviceStart[d + 1];
    for (let i = first; i < last; i++) {
      const k = kind[i];
      if (k === OpKind.B || k === OpKind.BW) {
        firstBackwardStart[d] = t.start[i];
        break;
      }
    }
    for (let i = last - 1; i >= first; i--) {
      if (kind[i] === OpKind.F) {
        lastForwardEnd[d] = t.end[i];
        break;
      }
    }
    let e = 0;
    for (let i = first; i < last; i++) if (t.end[i] > e) e = t.end[i];
    lastOpEnd[d] = e;
  }
  return { firstBackwardStart, lastForwardEnd, lastOpEnd };
}

/**
 * Part rows of one stream grouped by device: device d's rows are rows[deviceStart[d] ..
 * deviceStart[d + 1]), in the order the stream ran them. The simulator writes a device's units in
 * its order and each unit's parts in stream order, so a stable grouping keeps that order.
 */
export interface StreamRows {
  deviceStart: Int32Array;
  rows: Int32Array;
}

export function streamRows(t: Timeline, parts: PartColumns, stream: Stream): StreamRows {
  const P = t.schedule.devices;
  const deviceOf = deviceOfOps(t);
  const deviceStart = new Int32Array(P + 1);
  for (let r = 0; r < parts.count; r++)
    if (parts.stream[r] === stream) deviceStart[deviceOf[parts.op[r]] + 1]++;
  for (let d = 0; d < P; d++) deviceStart[d + 1] += deviceStart[d];
  const rows = new Int32Array(deviceStart[P]);
  const cursor = deviceStart.slice(0, P);
  for (let r = 0; r < parts.count; r++)
    if (parts.stream[r] === stream) rows[cursor[deviceOf[parts.op[r]]]++] = r;
  return { deviceStart, rows };
}

/** The row among sorted-by-end rows[from, to) whose part ends exactly at t, or -1 (binary search). */
export function rowEndingAt(rows: Int32Array, from: number, to: number, end: Float64Array, t: Ms): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (end[rows[mid]] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo < to && end[rows[lo]] === t ? rows[lo] : -1;
}
