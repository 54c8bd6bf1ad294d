import { describe, expect, it } from 'vitest';
import type { MemoryMetrics } from '../../core/metrics/memory';
import { memoryEnvelope } from './memory-envelope';

/** A hand-made activation curve: per device its (time, bytes held after) events. */
function memory(devices: [number, number][][], parameterBytes = 0): MemoryMetrics {
  const deviceStart = new Int32Array(devices.length + 1);
  const time: number[] = [];
  const bytes: number[] = [];
  devices.forEach((events, d) => {
    for (const [t, b] of events) {
      time.push(t);
      bytes.push(b);
    }
    deviceStart[d + 1] = time.length;
  });
  return {
    activationCurve: {
      deviceStart,
      time: Float64Array.from(time),
      bytes: Float64Array.from(bytes),
      count: new Int32Array(time.length),
    },
    parameterBytes,
  } as unknown as MemoryMetrics;
}

describe('memoryEnvelope', () => {
  it('three devices over 4 buckets of a 4 ms iteration: min, median and max of each bucket', () => {
    // device 0 holds 1 from t=0; device 1 holds 3 from t=1, 0 from t=3; device 2 holds 2 from t=2.
    const env = memoryEnvelope(
      memory([
        [[0, 1]],
        [
          [1, 3],
          [3, 0],
        ],
        [[2, 2]],
      ]),
      4,
      4,
    );
    expect(env.time).toEqual([0, 1, 2, 3, 4]);
    // bucket [0,1): 1, 0, 0   [1,2): 1, 3, 0   [2,3): 1, 3, 2   [3,4): 1, 0 (from t=3 on), 2
    expect(env.min).toEqual([0, 0, 1, 0, 0]);
    expect(env.median).toEqual([0, 1, 2, 1, 1]);
    expect(env.max).toEqual([1, 3, 3, 2, 2]);
  });

  it('a peak narrower than a bucket still reaches the max, and parameters are added to every device', () => {
    const env = memoryEnvelope(
      memory(
        [
          [
            [0.1, 5],
            [0.2, 0],
          ],
          [],
        ],
        10,
      ),
      10,
      2,
    );
    expect(env.max[0]).toBe(15);
    expect(env.min[0]).toBe(10);
    expect(env.max[1]).toBe(10);
  });

  it('the median of an even number of devices is the mean of the middle two', () => {
    const env = memoryEnvelope(memory([[[0, 1]], [[0, 2]], [[0, 4]], [[0, 8]]]), 1, 1);
    expect(env.median[0]).toBe(3);
  });
});
