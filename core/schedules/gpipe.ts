import { OpKind } from '../model/ops';
import { ScheduleBuilder } from '../model/schedule';
import { onePerDeviceBubble, ANALYTIC_BASE_CONDITIONS } from './analytic-rule';
import { defineSchedule } from './descriptor';
import { positiveInt } from './config-checks';

/** GPipe: every forward, then every (full) backward, micro-batches in order on every stage. */
export const gpipe = defineSchedule({
  name: 'gpipe',
  title: 'GPipe',
  summary: 'All forwards, then all backwards; m activations in flight per device.',
  source: 'Huang et al., "GPipe", NeurIPS 2019',
  placement: 'linear',
  chunks: { from: 'schedule', perDevice: 1, share: 1 },
  paramMultiplier: 1,
  opsPerStage: 2,
  analyticBubble: {
    formula: '(PP-1)(F+B)',
    conditions: ANALYTIC_BASE_CONDITIONS,
    source: 'Huang et al. 2019 (GPipe)',
    evaluate: onePerDeviceBubble,
  },
  memory: { activationsInFlight: 'm on every device', source: 'Huang et al. 2019 (GPipe)' },
  steadyState: {
    window: 'none',
    why: 'every forward runs before any backward, so forwards and backwards never alternate',
  },
  check: (c) => [
    ...positiveInt(c.devices, 'devices', 'devices'),
    ...positiveInt(c.microbatches, 'microbatches', 'micro-batches'),
  ],
  generate(c, shape) {
    const { devices: P, microbatches: m } = c;
    const b = new ScheduleBuilder(shape, 2 * P * m);
    for (let d = 0; d < P; d++) {
      for (let i = 0; i < m; i++) b.push(d, OpKind.F, i, 0, d);
      for (let i = 0; i < m; i++) b.push(d, OpKind.BW, i, 0, d);
    }
    return b.build();
  },
});
