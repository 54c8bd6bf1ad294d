import { OpKind } from '../model/ops';
import type { Scenario } from '../model/scenario';
import type { Bytes } from '../model/units';
import type { Timeline } from '../sim/timeline';

/**
 * Activations held per device over time, as a step function: after event k of device d (k in
 * [deviceStart[d], deviceStart[d + 1])) the device holds bytes[k] bytes in count[k] chunks, from
 * time[k] until the next event. Before its first event a device holds nothing.
 */
export interface ActivationCurve {
  deviceStart: Int32Array;
  time: Float64Array;
  bytes: Float64Array;
  count: Int32Array;
}

export interface MemoryMetrics {
  peakActivations: Int32Array;
  peakActivationBytes: Float64Array;
  activationCurve: ActivationCurve;
  parameterMultiplier: number;
  parameterBytes: Bytes;
  peakMemoryBytes: Float64Array;
  capacity: Bytes | null;
  /** Devices whose peak memory exceeds the capacity. */
  overCapacity: number[];
}

/**
 * Columns memoryMetrics works in, lent by a caller that reads only the peaks (the tuner's figures):
 * the activation curve it returns then lives here, valid until its next use.
 */
export class MemoryScratch {
  time = new Float64Array(0);
  delta = new Float64Array(0);
  dCount = new Int32Array(0);
  bytes = new Float64Array(0);
  count = new Int32Array(0);

  /** Makes every column hold at least n elements (stale contents). */
  fit(n: number): void {
    if (this.time.length >= n) return;
    const size = Math.max(n, 2 * this.time.length);
    this.time = new Float64Array(size);
    this.delta = new Float64Array(size);
    this.dCount = new Int32Array(size);
    this.bytes = new Float64Array(size);
    this.count = new Int32Array(size);
  }
}

/** Most element moves the insertion sort of a device's events makes before the general sort takes over. */
const INSERTION_MOVES = 4096;

/**
 * Sorts events [a, b) by time, ties in their order (a stable sort). A device's events are out of
 * order only where its ops overlap (pairs with parts), a few places apart: an insertion sort
 * mends that without allocating; past INSERTION_MOVES moves the general sort does the rest.
 */
function sortEvents(time: Float64Array, delta: Float64Array, dCount: Int32Array, a: number, b: number): void {
  let moves = 0;
  for (let j = a + 1; j < b; j++) {
    const t = time[j];
    if (time[j - 1] <= t) continue;
    const dl = delta[j];
    const dc = dCount[j];
    let k = j - 1;
    while (k >= a && time[k] > t) {
      time[k + 1] = time[k];
      delta[k + 1] = delta[k];
      dCount[k + 1] = dCount[k];
      k--;
      moves++;
    }
    time[k + 1] = t;
    delta[k + 1] = dl;
    dCount[k + 1] = dc;
    if (moves > INSERTION_MOVES) {
      // [a, j] is sorted, (j, b) as given: the general stable sort of the whole run gives the same
      const idx = Array.from({ length: b - a }, (_, x) => a + x).sort((x, y) => time[x] - time[y] || x - y);
      const ts = idx.map((i) => time[i]);
      const ds = idx.map((i) => delta[i]);
      const cs = idx.map((i) => dCount[i]);
      for (let x = 0; x < idx.length; x++) {
        time[a + x] = ts[x];
        delta[a + x] = ds[x];
        dCount[a + x] = cs[x];
      }
      return;
    }
  }
}

/**
 * Memory model: F allocates chunkShare x activation when it starts; B frees all but the
 * weight-grad stash when it ends; W frees the stash when it ends; a full backward frees all.
 * One in-flight chunk is counted from its F's start to its B's (or BW's) end. With a scratch, the
 * activation curve lives in it (see MemoryScratch).
 */
export function memoryMetrics(
  timeline: Timeline,
  scenario: Scenario,
  scratch: MemoryScratch | null = null,
): MemoryMetrics {
  const s = timeline.schedule;
  const P = s.devices;
  const act = scenario.memory.activation * s.chunkShare;
  const stash = scenario.memory.weightGradStash * s.chunkShare;
  const n = s.count;
  scratch?.fit(n);
  const time = scratch ? scratch.time : new Float64Array(n);
  const delta = scratch ? scratch.delta : new Float64Array(n);
  const dCount = scratch ? scratch.dCount : new Int32Array(n);
  const bytes = scratch ? scratch.bytes : new Float64Array(n);
  const count = scratch ? scratch.count : new Int32Array(n);
  const peakActivations = new Int32Array(P);
  const peakActivationBytes = new Float64Array(P);
  for (let d = 0; d < P; d++) {
    const a = s.deviceStart[d];
    const b = s.deviceStart[d + 1];
    for (let i = a; i < b; i++) {
      const k = s.kind[i];
      if (k === OpKind.F) {
        time[i] = timeline.start[i];
        delta[i] = act;
        dCount[i] = 1;
      } else {
        time[i] = timeline.end[i];
        delta[i] = k === OpKind.B ? -(act - stash) : k === OpKind.W ? -stash : -act;
        dCount[i] = k === OpKind.W ? 0 : -1;
      }
    }
    // a device's events are in time order when its ops do not overlap; pairs with parts may not be
    sortEvents(time, delta, dCount, a, b);
    let curBytes = 0;
    let curCount = 0;
    for (let i = a; i < b; i++) {
      curBytes += delta[i];
      curCount += dCount[i];
      // float noise from adding and removing the same sizes must not read as negative memory
      if (Math.abs(curBytes) < 1e-6 * (act || 1)) curBytes = 0;
      bytes[i] = curBytes;
      count[i] = curCount;
      if (curBytes > peakActivationBytes[d]) peakActivationBytes[d] = curBytes;
      if (curCount > peakActivations[d]) peakActivations[d] = curCount;
    }
  }
  const parameterBytes = s.paramMultiplier * scenario.memory.parameters;
  const peakMemoryBytes = new Float64Array(P);
  const overCapacity: number[] = [];
  const capacity = scenario.memory.capacity;
  for (let d = 0; d < P; d++) {
    peakMemoryBytes[d] = parameterBytes + peakActivationBytes[d];
    if (capacity !== null && peakMemoryBytes[d] > capacity) overCapacity.push(d);
  }
  return {
    peakActivations,
    peakActivationBytes,
    activationCurve: { deviceStart: s.deviceStart, time, bytes, count },
    parameterMultiplier: s.paramMultiplier,
    parameterBytes,
    peakMemoryBytes,
    capacity,
    overCapacity,
  };
}
