import type { ConfigError } from '../model/config';
import { DualOrderWriter, dualOrderMaxOps, writeDualOrder } from './dualpipe-order';
import {
  ANALYTIC_BASE_CONDITIONS,
  type AnalyticBubbleRule,
  type AnalyticInput,
  DUALPIPE_README,
  fmtTerm,
  near,
} from './analytic-rule';
import { defineSchedule } from './descriptor';
import { positiveInt } from './config-checks';

/**
 * DualPipe (DeepSeek-V3 technical report; deepseek-ai/DualPipe, dualpipe/dualpipe.py `step()`).
 *
 * Two pipelines share the P devices: direction 0 (`chunk` 0) enters at device 0 and runs stage d
 * on device d; direction 1 (`chunk` 1) is a second copy of the model entering at device P - 1,
 * running stage P - 1 - d on device d. Each device therefore holds two full 1/P shares of the
 * model (paramMultiplier 2) and each op costs a whole device share (chunkShare 1).
 *
 * Micro-batches: the reference's `num_chunks` is our m; it scatters m/2 of them at each end and
 * numbers each direction's chunks 0..m/2-1. Our global number is that chunk id for direction 0
 * and m/2 + chunk id for direction 1.
 *
 * The reference's phases are per rank: on the first half of the ranks phase 0 is direction 0, on
 * the second half phase 0 is direction 1 (`phase ^= is_in_second_half`), so the two halves run
 * mirror images of one order. See dualpipe-order.ts for the eight steps.
 */
export const dualpipe = defineSchedule({
  name: 'dualpipe',
  title: 'DualPipe',
  summary:
    'Bidirectional: micro-batches enter at both ends, overlapped forward-backward pairs in the steady state, W split off at the ends; 2x parameters.',
  source: 'DeepSeek-V3 Technical Report (arXiv 2412.19437); deepseek-ai/DualPipe dualpipe/dualpipe.py',
  placement: 'bidirectional',
  chunks: { from: 'schedule', perDevice: 2, share: 1 },
  paramMultiplier: 2,
  opsPerStage: 3,
  analyticBubble: dualPipeBubbleRule(),
  memory: { activationsInFlight: 'PP + 1 (P + 1 full activations)', source: DUALPIPE_README },
  steadyState: { window: 'paired' },
  check: checkDualPipe,
  generate(c, shape) {
    const { devices: P, microbatches: m } = c;
    const half = m / 2;
    // m forwards and m backwards per device, plus one W per zero-bubble backward (fewer than P)
    const max = P * dualOrderMaxOps(P / 2, half);
    const w = new DualOrderWriter(P, max, half);
    for (let d = 0; d < P; d++) {
      const secondHalf = d >= P / 2;
      // direction of local phase p is p ^ secondHalf
      const dir0 = secondHalf ? 1 : 0;
      const dir1 = 1 - dir0;
      const stageOf = (dir: number) => (dir === 0 ? d : P - 1 - d);
      writeDualOrder(
        w,
        {
          device: d,
          chunkOfPhase: [dir0, dir1],
          microbatchBase: [dir0 * half, dir1 * half],
          stageOfPhase: [stageOf(dir0), stageOf(dir1)],
        },
        P / 2,
        Math.min(d, P - 1 - d),
        half,
      );
    }
    return w.schedule(shape);
  },
});

function checkDualPipe(c: { devices: number; microbatches: number }): ConfigError[] {
  const errors = [
    ...positiveInt(c.devices, 'devices', 'devices', 2),
    ...positiveInt(c.microbatches, 'microbatches', 'micro-batches', 2),
  ];
  if (errors.length > 0) return errors;
  const { devices: P, microbatches: m } = c;
  if (P % 2 !== 0) {
    errors.push({
      path: 'devices',
      message: `DualPipe needs an even number of devices (half feed each direction); got ${P}`,
    });
  }
  if (m % 2 !== 0) {
    errors.push({
      path: 'microbatches',
      message: `DualPipe needs an even number of micro-batches (half enter at each end); got ${m}`,
    });
  }
  if (m < 2 * P) {
    errors.push({
      path: 'microbatches',
      message: `DualPipe needs at least 2 x devices = ${2 * P} micro-batches; got ${m}`,
    });
  }
  return errors;
}

/**
 * The DualPipe README's (PP/2-1)(F&B+B-3W) for DualPipe and DualPipeV, PP = the stages a
 * micro-batch passes (DualPipeV: 2 x devices). B in it is the full backward; F&B is one
 * overlapped pair: F + full B back to back without parts, the simulated isolated pair with them.
 */
export function dualPipeBubbleRule(): AnalyticBubbleRule {
  return {
    formula: '(PP/2-1)(F&B+B-3W)',
    conditions: `${ANALYTIC_BASE_CONDITIONS}; F equal to the input-grad part of B; W <= F`,
    source: DUALPIPE_README,
    evaluate(t: AnalyticInput) {
      const { F, B: Bi, W } = t;
      const B = Bi + W;
      const failing: string[] = [];
      if (!near(F, Bi))
        failing.push(`F (${fmtTerm(F)}) differs from the input-grad backward B (${fmtTerm(Bi)})`);
      if (W > F + 1e-12) failing.push(`W (${fmtTerm(W)}) exceeds F (${fmtTerm(F)})`);
      const PP = t.stages;
      const FB = t.pairTime ?? F + B;
      return {
        value: (PP / 2 - 1) * (FB + B - 3 * W),
        terms: `PP = ${PP} stages, F&B = ${fmtTerm(FB)} (one overlapped pair), B = ${fmtTerm(B)} (full backward), W = ${fmtTerm(W)}`,
        failing,
      };
    },
  };
}
