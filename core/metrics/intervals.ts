import type { Ms } from '../model/units';

/**
 * Intervals grouped by device: device d owns [deviceStart[d], deviceStart[d + 1]). Within a device
 * they are sorted by start (a stream runs its work in issue order, so this is the natural order).
 */
export interface DeviceIntervals {
  deviceStart: Int32Array;
  start: Float64Array;
  end: Float64Array;
}

/** Groups intervals by device with a stable counting sort, then makes each device's run sorted by start. */
export function groupByDevice(
  devices: number,
  count: number,
  deviceOf: (k: number) => number,
  startOf: (k: number) => Ms,
  endOf: (k: number) => Ms,
  include: (k: number) => boolean = () => true,
): DeviceIntervals {
  const deviceStart = new Int32Array(devices + 1);
  for (let k = 0; k < count; k++) if (include(k)) deviceStart[deviceOf(k) + 1]++;
  for (let d = 0; d < devices; d++) deviceStart[d + 1] += deviceStart[d];
  const n = deviceStart[devices];
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const cursor = deviceStart.slice(0, devices);
  for (let k = 0; k < count; k++) {
    if (!include(k)) continue;
    const at = cursor[deviceOf(k)]++;
    start[at] = startOf(k);
    end[at] = endOf(k);
  }
  for (let d = 0; d < devices; d++) sortRun(start, end, deviceStart[d], deviceStart[d + 1]);
  return { deviceStart, start, end };
}

function sortRun(start: Float64Array, end: Float64Array, a: number, b: number): void {
  let sorted = true;
  for (let i = a + 1; i < b && sorted; i++) if (start[i] < start[i - 1]) sorted = false;
  if (sorted) return;
  const idx = Array.from({ length: b - a }, (_, k) => a + k).sort((x, y) => start[x] - start[y] || x - y);
  const s = idx.map((i) => start[i]);
  const e = idx.map((i) => end[i]);
  for (let k = 0; k < idx.length; k++) {
    start[a + k] = s[k];
    end[a + k] = e[k];
  }
}

/**
 * Length of the union of sorted-by-start intervals [a, b) of one device, counting only what lies
 * within [lo, hi] (the whole iteration by default; a steady-state window otherwise).
 */
export function unionLength(
  iv: DeviceIntervals,
  d: number,
  lo: Ms = Number.NEGATIVE_INFINITY,
  hi: Ms = Number.POSITIVE_INFINITY,
): Ms {
  let total = 0;
  let curStart = 0;
  let curEnd = Number.NEGATIVE_INFINITY;
  for (let i = iv.deviceStart[d]; i < iv.deviceStart[d + 1]; i++) {
    const s = Math.max(iv.start[i], lo);
    const e = Math.min(iv.end[i], hi);
    if (e <= s) continue;
    if (s > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) curEnd = e;
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/** The merged interval nextMerged() last read: [MERGED_START], [MERGED_END] (no allocation per call). */
const mergedAt = new Float64Array(5);

/**
 * Reads the next merged interval of a device's sorted intervals from position k (clipped to
 * [lo, hi]; empty ones skipped) into mergedAt[slot], mergedAt[slot + 1]: it starts at the first
 * non-empty interval and takes in every following one that starts before it ends (HTA's per-stream
 * merge). Returns the position after it, or -1 when no interval is left.
 */
function nextMerged(iv: DeviceIntervals, k: number, last: number, lo: Ms, hi: Ms, slot: number): number {
  let s = 0;
  let e = 0;
  let found = false;
  for (; k < last; k++) {
    const a = Math.max(iv.start[k], lo);
    const b = Math.min(iv.end[k], hi);
    if (b <= a) continue;
    if (!found) {
      s = a;
      e = b;
      found = true;
    } else if (a <= e) {
      if (b > e) e = b;
    } else break;
  }
  if (!found) return -1;
  mergedAt[slot] = s;
  mergedAt[slot + 1] = e;
  return k;
}

/**
 * Time when both sets of intervals of device d are active: merge each set, then intersect the
 * two disjoint sorted lists with two pointers (Holistic Trace Analysis' overlap numerator). Only
 * what lies within [lo, hi] counts (the whole iteration by default). Both merges run lazily, one
 * merged interval ahead, so nothing is allocated.
 */
export function intersectionLength(
  x: DeviceIntervals,
  y: DeviceIntervals,
  d: number,
  lo: Ms = Number.NEGATIVE_INFINITY,
  hi: Ms = Number.POSITIVE_INFINITY,
): Ms {
  const xLast = x.deviceStart[d + 1];
  const yLast = y.deviceStart[d + 1];
  let i = nextMerged(x, x.deviceStart[d], xLast, lo, hi, 0);
  let j = nextMerged(y, y.deviceStart[d], yLast, lo, hi, 2);
  mergedAt[4] = 0;
  while (i >= 0 && j >= 0) {
    const as = mergedAt[0];
    const ae = mergedAt[1];
    const bs = mergedAt[2];
    const be = mergedAt[3];
    const from = Math.max(as, bs);
    const to = Math.min(ae, be);
    if (to > from) mergedAt[4] += to - from;
    if (ae < be) i = nextMerged(x, i, xLast, lo, hi, 0);
    else j = nextMerged(y, j, yLast, lo, hi, 2);
  }
  return mergedAt[4];
}

/**
 * groupByDevice over typed columns, for the metrics' hot paths (no function call per item): item k
 * belongs to device deviceOfOp[op ? op[k] : k] and is kept when `stream` is null or stream[k] ===
 * keep. The same groups, in the same order, as groupByDevice with the matching functions.
 */
export function groupColumns(
  devices: number,
  count: number,
  deviceOfOp: Int32Array,
  op: Int32Array | null,
  start: Float64Array,
  end: Float64Array,
  stream: Uint8Array | null = null,
  keep = 0,
): DeviceIntervals {
  const deviceStart = new Int32Array(devices + 1);
  for (let k = 0; k < count; k++)
    if (stream === null || stream[k] === keep) deviceStart[deviceOfOp[op ? op[k] : k] + 1]++;
  for (let d = 0; d < devices; d++) deviceStart[d + 1] += deviceStart[d];
  const n = deviceStart[devices];
  const s = new Float64Array(n);
  const e = new Float64Array(n);
  const cursor = deviceStart.slice(0, devices);
  for (let k = 0; k < count; k++) {
    if (stream !== null && stream[k] !== keep) continue;
    const at = cursor[deviceOfOp[op ? op[k] : k]]++;
    s[at] = start[k];
    e[at] = end[k];
  }
  for (let d = 0; d < devices; d++) sortRun(s, e, deviceStart[d], deviceStart[d + 1]);
  return { deviceStart, start: s, end: e };
}

/**
 * Columns a caller lends partStreamIntervals to reuse across timelines (the tuner's figures): the
 * intervals it returns then live here, valid until the next call with the same scratch.
 */
export class IntervalScratch {
  private buffers: Float64Array[] = [];
  private intBuffer = new Int32Array(0);

  /** An int column of at least n elements, with stale contents. */
  ints(n: number): Int32Array {
    if (this.intBuffer.length < n) this.intBuffer = new Int32Array(Math.max(n, 2 * this.intBuffer.length));
    return this.intBuffer;
  }

  /** Column c of at least n elements, with stale contents. */
  column(c: number, n: number): Float64Array {
    const b = this.buffers[c];
    if (b !== undefined && b.length >= n) return b;
    const fresh = new Float64Array(Math.max(n, 2 * (b?.length ?? 0)));
    this.buffers[c] = fresh;
    return fresh;
  }
}

/**
 * The parts of both streams (0 and 1) grouped by device in one sweep: the same groups, in the same
 * order, as groupColumns over the parts with stream 0, then with stream 1. With a scratch the
 * columns are its own (only their first deviceStart[devices] elements are intervals).
 */
export function partStreamIntervals(
  devices: number,
  count: number,
  deviceOfOp: Int32Array,
  op: Int32Array,
  start: Float64Array,
  end: Float64Array,
  stream: Uint8Array,
  scratch: IntervalScratch | null = null,
): [DeviceIntervals, DeviceIntervals] {
  const first = new Int32Array(devices + 1);
  const second = new Int32Array(devices + 1);
  // each part's device, found once (a load through its op) for both passes
  const device = scratch ? scratch.ints(count) : new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const d = deviceOfOp[op[k]];
    device[k] = d;
    if (stream[k] === 0) first[d + 1]++;
    else if (stream[k] === 1) second[d + 1]++;
  }
  for (let d = 0; d < devices; d++) {
    first[d + 1] += first[d];
    second[d + 1] += second[d];
  }
  const n0 = first[devices];
  const n1 = second[devices];
  const s0 = scratch ? scratch.column(0, n0) : new Float64Array(n0);
  const e0 = scratch ? scratch.column(1, n0) : new Float64Array(n0);
  const s1 = scratch ? scratch.column(2, n1) : new Float64Array(n1);
  const e1 = scratch ? scratch.column(3, n1) : new Float64Array(n1);
  const cursor0 = first.slice(0, devices);
  const cursor1 = second.slice(0, devices);
  // Whether a device's run of a stream came out of start order: the simulator places each stream's
  // parts in time order, so it seldom does, and the runs that did not need no pass to check.
  const unsorted = new Uint8Array(2 * devices);
  for (let k = 0; k < count; k++) {
    const d = device[k];
    const st = stream[k];
    if (st === 0) {
      const at = cursor0[d]++;
      const t = start[k];
      if (at > first[d] && t < s0[at - 1]) unsorted[2 * d] = 1;
      s0[at] = t;
      e0[at] = end[k];
    } else if (st === 1) {
      const at = cursor1[d]++;
      const t = start[k];
      if (at > second[d] && t < s1[at - 1]) unsorted[2 * d + 1] = 1;
      s1[at] = t;
      e1[at] = end[k];
    }
  }
  for (let d = 0; d < devices; d++) {
    if (unsorted[2 * d] === 1) sortRun(s0, e0, first[d], first[d + 1]);
    if (unsorted[2 * d + 1] === 1) sortRun(s1, e1, second[d], second[d + 1]);
  }
  return [
    { deviceStart: first, start: s0, end: e0 },
    { deviceStart: second, start: s1, end: e1 },
  ];
}
