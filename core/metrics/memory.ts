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
 * Memory model: F allocates chunkShare x activation when it starts; B frees all but the
 * weight-grad stash when it ends; W frees the stash when it ends; a full backward frees all.
 * One in-flight chunk is counted from its F's start to its B's (or BW's) end.
 */
export function memoryMetrics(timeline: Timeline, scenario: Scenario): MemoryMetrics {
  const s = timeline.schedule;
  const P = s.devices;
  const act = scenario.memory.activation * s.chunkShare;
  const stash = scenario.memory.weightGradStash * s.chunkShare;
  const n = s.count;
  const time = new Float64Array(n);
  const delta = new Float64Array(n);
  const dCount = new Int32Array(n);
  const bytes = new Float64Array(n);
  const count = new Int32Array(n);
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
    let sorted = true;
    for (let i = a + 1; i < b && sorted; i++) if (time[i] < time[i - 1]) sorted = false;
    if (!sorted) {
      const idx = Array.from({ length: b - a }, (_, j) => a + j).sort((x, y) => time[x] - time[y] || x - y);
      const t = idx.map((i) => time[i]);
      const dl = idx.map((i) => delta[i]);
      const dc = idx.map((i) => dCount[i]);
      for (let j = 0; j < idx.length; j++) {
        time[a + j] = t[j];
        delta[a + j] = dl[j];
        dCount[a + j] = dc[j];
      }
    }
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
