import { OpKind } from '../model/ops';
import { ScheduleBuilder } from '../model/schedule';
import { type ScheduleGenerator, positiveInt } from './generator';

/** GPipe: every forward, then every (full) backward, micro-batches in order on every stage. */
export const gpipe: ScheduleGenerator = {
  name: 'gpipe',
  title: 'GPipe',
  summary: 'All forwards, then all backwards; m activations in flight per device.',
  source: 'Huang et al., "GPipe", NeurIPS 2019',
  check: (c) => [
    ...positiveInt(c.devices, 'devices', 'devices'),
    ...positiveInt(c.microbatches, 'microbatches', 'micro-batches'),
  ],
  generate(c) {
    const { devices: P, microbatches: m } = c;
    const b = new ScheduleBuilder(
      {
        name: 'gpipe',
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
      for (let i = 0; i < m; i++) b.push(d, OpKind.F, i, 0, d);
      for (let i = 0; i < m; i++) b.push(d, OpKind.BW, i, 0, d);
    }
    return b.build();
  },
};
