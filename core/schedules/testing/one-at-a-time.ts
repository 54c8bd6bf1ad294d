import { OpKind } from '../../model/ops';
import { ScheduleBuilder } from '../../model/schedule';
import { ANALYTIC_BASE_CONDITIONS, fmtTerm } from '../analytic-rule';
import { defineSchedule } from '../descriptor';

/**
 * One at a time: a micro-batch runs its forward through every stage and its backward all the way
 * back before the next one starts, so only one device works at any moment. No pipelining at all;
 * the example of docs/adding-a-schedule.md.
 */
export const oneAtATime = defineSchedule({
  name: 'one-at-a-time',
  title: 'One at a time',
  summary: 'No pipelining: each micro-batch goes forward and back through every device before the next.',
  source: 'docs/adding-a-schedule.md (an example)',
  placement: 'linear',
  chunks: { from: 'schedule', perDevice: 1, share: 1 },
  paramMultiplier: 1,
  opsPerStage: 2,
  analyticBubble: {
    formula: 'm(PP-1)(F+B)',
    conditions: ANALYTIC_BASE_CONDITIONS,
    source: 'docs/adding-a-schedule.md',
    // each device works m(F+B) and waits while the other PP-1 devices work theirs
    evaluate: (t) => ({
      value: t.microbatches * (t.devices - 1) * (t.F + t.B + t.W),
      terms: `m = ${t.microbatches}, PP = ${t.devices}, F = ${fmtTerm(t.F)}, B = ${fmtTerm(t.B + t.W)} (full backward)`,
      failing: [],
    }),
  },
  memory: { activationsInFlight: '1 on every device', source: 'docs/adding-a-schedule.md' },
  steadyState: { window: 'alternating' },
  check: () => [],
  generate(c, shape) {
    const b = new ScheduleBuilder(shape, 2 * c.devices * c.microbatches);
    for (let d = 0; d < c.devices; d++)
      for (let i = 0; i < c.microbatches; i++) {
        b.push(d, OpKind.F, i, 0, d);
        b.push(d, OpKind.BW, i, 0, d);
      }
    return b.build();
  },
});
