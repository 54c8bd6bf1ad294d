import { OpKind } from '../model/ops';
import { ScheduleBuilder } from '../model/schedule';
import { type ScheduleGenerator, positiveInt } from './generator';

/**
 * 1F1B (PipeDream-Flush): stage s warms up with min(P - s - 1, m) forwards, then alternates one
 * forward and one full backward, then drains the remaining backwards. At most P - s activations
 * in flight on stage s.
 */
export const oneFOneB: ScheduleGenerator = {
  name: '1f1b',
  title: '1F1B',
  summary: 'Warm-up forwards, then one forward / one backward, then cool-down; P activations at most.',
  source: 'Narayanan et al., "Memory-Efficient Pipeline-Parallel DNN Training" (PipeDream-Flush), ICML 2021',
  check: (c) => [
    ...positiveInt(c.devices, 'devices', 'devices'),
    ...positiveInt(c.microbatches, 'microbatches', 'micro-batches'),
  ],
  generate(c) {
    const { devices: P, microbatches: m } = c;
    const b = new ScheduleBuilder(
      {
        name: '1f1b',
        devices: P,
        microbatches: m,
        chunksPerDevice: 1,
        stages: P,
        chunkShare: 1,
        paramMultiplier: 1,
      },
      2 * P * m,
    );
    for (let d = 0; d < P; d++) {
      const warmupForwards = Math.min(P - d - 1, m);
      let nextF = 0;
      let nextB = 0;
      for (; nextF < warmupForwards; nextF++) b.push(d, OpKind.F, nextF, 0, d);
      while (nextF < m) {
        b.push(d, OpKind.F, nextF++, 0, d);
        b.push(d, OpKind.BW, nextB++, 0, d);
      }
      while (nextB < m) b.push(d, OpKind.BW, nextB++, 0, d);
    }
    return b.build();
  },
};
