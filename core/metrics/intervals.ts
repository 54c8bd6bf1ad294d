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
    const s = iv.start[i] < lo ? lo : iv.start[i];
    const e = iv.end[i] > hi ? hi : iv.end[i];
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

/** Merges one device's sorted intervals, clipped to [lo, hi], into disjoint ones (HTA's per-stream merge). */
function merged(iv: DeviceIntervals, d: number, lo: Ms, hi: Ms): { s: number[]; e: number[] } {
  const s: number[] = [];
  const e: number[] = [];
  for (let i = iv.deviceStart[d]; i < iv.deviceStart[d + 1]; i++) {
    const a = iv.start[i] < lo ? lo : iv.start[i];
    const b = iv.end[i] > hi ? hi : iv.end[i];
    if (b <= a) continue;
    const k = e.length - 1;
    if (k >= 0 && a <= e[k]) {
      if (b > e[k]) e[k] = b;
    } else {
      s.push(a);
      e.push(b);
    }
  }
  return { s, e };
}

/**
 * Time when both sets of intervals of device d are active: merge each set, then intersect the
 * two disjoint sorted lists with two pointers (Holistic Trace Analysis' overlap numerator). Only
 * what lies within [lo, hi] counts (the whole iteration by default).
 */
export function intersectionLength(
  x: DeviceIntervals,
  y: DeviceIntervals,
  d: number,
  lo: Ms = Number.NEGATIVE_INFINITY,
  hi: Ms = Number.POSITIVE_INFINITY,
): Ms {
  const a = merged(x, d, lo, hi);
  const b = merged(y, d, lo, hi);
  let i = 0;
  let j = 0;
  let total = 0;
  while (i < a.s.length && j < b.s.length) {
    const lo = Math.max(a.s[i], b.s[j]);
    const hi = Math.min(a.e[i], b.e[j]);
    if (hi > lo) total += hi - lo;
    if (a.e[i] < b.e[j]) i++;
    else j++;
  }
  return total;
}
