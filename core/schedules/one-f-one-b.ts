import { NO_PAIR, OpKind } from '../model/ops';
import { scheduleFromColumns } from '../model/schedule';
import { ANALYTIC_BASE_CONDITIONS, DUALPIPE_README, onePerDeviceBubble } from './analytic-rule';
import { defineSchedule } from './descriptor';
import { positiveInt } from './config-checks';

/**
 * 1F1B (PipeDream-Flush): stage s warms up with min(P - s - 1, m) forwards, then alternates one
 * forward and one full backward, then drains the remaining backwards. At most P - s activations
 * in flight on stage s.
 */
export const oneFOneB = defineSchedule({
  name: '1f1b',
  title: '1F1B',
  summary: 'Warm-up forwards, then one forward / one backward, then cool-down; P activations at most.',
  source: 'Narayanan et al., "Memory-Efficient Pipeline-Parallel DNN Training" (PipeDream-Flush), ICML 2021',
  placement: 'linear',
  chunks: { from: 'schedule', perDevice: 1, share: 1 },
  paramMultiplier: 1,
  opsPerStage: 2,
  analyticBubble: {
    formula: '(PP-1)(F+B)',
    conditions: ANALYTIC_BASE_CONDITIONS,
    source: DUALPIPE_README,
    evaluate: onePerDeviceBubble,
  },
  memory: {
    activationsInFlight: 'P - s on stage s (P on the first)',
    source: 'Narayanan et al., ICML 2021 (PipeDream-Flush); deepseek-ai/DualPipe README',
  },
  steadyState: { window: 'alternating' },
  check: (c) => [
    ...positiveInt(c.devices, 'devices', 'devices'),
    ...positiveInt(c.microbatches, 'microbatches', 'micro-batches'),
  ],
  generate(c, shape) {
    const { devices: P, microbatches: m } = c;
    // Every device runs 2m ops (m F, m BW) at a known place, so the columns are written directly.
    const n = 2 * P * m;
    const deviceStart = new Int32Array(P + 1);
    // The columns share two buffers (one allocation per element type: on small schedules the
    // allocations, a microsecond or two each, cost more than writing the ops).
    const ints = new Int32Array(3 * n);
    const bytes = new Uint8Array(2 * n);
    const kind = bytes.subarray(0, n); // OpKind.F is 0
    const microbatch = ints.subarray(0, n);
    const stage = ints.subarray(n, 2 * n);
    for (let d = 0; d < P; d++) {
      const base = 2 * m * d;
      deviceStart[d] = base;
      stage.fill(d, base, base + 2 * m);
      const warmupForwards = Math.min(P - d - 1, m);
      let i = base;
      for (let f = 0; f < warmupForwards; f++) microbatch[i++] = f;
      for (let f = warmupForwards; f < m; f++) {
        microbatch[i++] = f;
        kind[i] = OpKind.BW;
        microbatch[i++] = f - warmupForwards;
      }
      for (let bw = m - warmupForwards; bw < m; bw++) {
        kind[i] = OpKind.BW;
        microbatch[i++] = bw;
      }
    }
    deviceStart[P] = n;
    return scheduleFromColumns(shape, {
      deviceStart,
      kind,
      microbatch,
      chunk: bytes.subarray(n),
      stage,
      pair: ints.subarray(2 * n).fill(NO_PAIR),
    });
  },
});
