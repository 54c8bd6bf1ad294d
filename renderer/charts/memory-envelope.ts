import type { MemoryMetrics } from '../../core/metrics/memory';
import type { Bytes, Ms } from '../../core/model/units';

/**
 * Memory over time across many devices, as the range they span: in each time bucket, every
 * device's most memory in use (parameters + activations held), then the smallest, the median and
 * the largest of those over devices. At 16-64 devices one line per device is a rainbow nobody
 * reads; the envelope shows the spread, and a few devices the user picks are drawn on top of it.
 */
export interface MemoryEnvelope {
  /** Start of each bucket (ms), and the makespan last (the step ends there). */
  time: Ms[];
  min: Bytes[];
  median: Bytes[];
  max: Bytes[];
}

/** Buckets across the iteration: finer than the chart's pixels are not drawn anyway. */
export const ENVELOPE_BUCKETS = 400;

/**
 * The envelope of `memory` over [0, makespan] in `buckets` buckets. A device's value in a bucket
 * is its largest within it (a step function holds its value from the previous event), so a
 * peak narrower than a bucket still shows. Activations are never negative, so 0 is the floor.
 */
export function memoryEnvelope(
  memory: MemoryMetrics,
  makespan: Ms,
  buckets = ENVELOPE_BUCKETS,
): MemoryEnvelope {
  const curve = memory.activationCurve;
  const P = curve.deviceStart.length - 1;
  const n = makespan > 0 ? buckets : 1;
  const width = makespan > 0 ? makespan / n : 1;
  const perDevice: Float64Array[] = [];
  for (let d = 0; d < P; d++) {
    const v = new Float64Array(n);
    let k = curve.deviceStart[d];
    const to = curve.deviceStart[d + 1];
    let held = 0;
    for (let b = 0; b < n; b++) {
      const end = b === n - 1 ? Number.POSITIVE_INFINITY : (b + 1) * width;
      // What it held before the bucket counts unless an event replaces it at the bucket's start.
      let most = k < to && curve.time[k] <= b * width ? 0 : held;
      while (k < to && curve.time[k] < end) {
        held = curve.bytes[k];
        if (held > most) most = held;
        k++;
      }
      v[b] = memory.parameterBytes + most;
    }
    perDevice.push(v);
  }
  const out: MemoryEnvelope = { time: [], min: [], median: [], max: [] };
  const column = new Float64Array(P);
  for (let b = 0; b < n; b++) {
    for (let d = 0; d < P; d++) column[d] = perDevice[d][b];
    column.sort();
    out.time.push(b * width);
    out.min.push(P ? column[0] : 0);
    out.max.push(P ? column[P - 1] : 0);
    out.median.push(P ? (P % 2 ? column[(P - 1) / 2] : (column[P / 2 - 1] + column[P / 2]) / 2) : 0);
  }
  // The step's last value holds to the makespan.
  out.time.push(makespan);
  out.min.push(out.min[out.min.length - 1]);
  out.median.push(out.median[out.median.length - 1]);
  out.max.push(out.max[out.max.length - 1]);
  return out;
}
