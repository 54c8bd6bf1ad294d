import type { Schedule } from '../model/schedule';
import { ANALYTIC_BASE_CONDITIONS, DUALPIPE_README, fmtTerm, fullBackwardTerms } from './analytic-rule';
import { laggedWOrder } from './lagged-w-order';
import { defineZeroBubbleSchedule } from './zero-bubble';

/**
 * ZB-H1's published order (Qi et al., "Zero Bubble Pipeline Parallelism", ICLR 2024, Fig. 3 top).
 * Stage s runs 1F1B's skeleton with the backward split: min(P - s, m) warm-up forwards, then for
 * every micro-batch j its B as soon as possible, the W of micro-batch j - s (W lags B by s places,
 * so the deferred W fill what would be the cool-down bubble of 1F1B), and the next forward. The
 * last s W run at the end. At most P - s activations are in flight on stage s, exactly 1F1B's.
 */
export function zbH1Published(P: number, m: number): Schedule {
  return laggedWOrder(
    zbH1.shape(P, m, 1),
    (s) => Math.min(P - s, m),
    (s) => s,
  );
}

/** Stage s may hold as many activations as in 1F1B: P - s. */
export function zbH1Cap(P: number): Int32Array {
  const cap = new Int32Array(P);
  for (let s = 0; s < P; s++) cap[s] = P - s;
  return cap;
}

export const zbH1 = defineZeroBubbleSchedule({
  name: 'zb-h1',
  title: 'ZB-H1',
  summary:
    "Zero-bubble H1: backward split into B and W, W deferred into 1F1B's cool-down; 1F1B's activation memory, about 1/3 of its bubble.",
  source:
    'Qi et al., "Zero Bubble Pipeline Parallelism", ICLR 2024; sail-sg/zero-bubble-pipeline-parallelism',
  placement: 'linear',
  chunks: { from: 'schedule', perDevice: 1, share: 1 },
  analyticBubble: {
    formula: '(PP-1)(F+B-2W)',
    conditions: `${ANALYTIC_BASE_CONDITIONS}; W <= F and W <= B (input-grad)`,
    source: `${DUALPIPE_README}; Qi et al., ICLR 2024`,
    evaluate(t) {
      // With equal costs on every device ZB-H1 idles (PP-1)(F+B_in-min(F,B_in,W)) (tested in
      // zb-h1.test.ts), which is the README's (PP-1)(F+B-2W) exactly when W is at most F and
      // B_in; with a larger W no order with 1F1B's memory reaches the formula.
      const { F, B: Bi, W } = t;
      const failing =
        W > F + 1e-12 || W > Bi + 1e-12
          ? [
              `W (${fmtTerm(W)}) exceeds F (${fmtTerm(F)}) or the input-grad B (${fmtTerm(Bi)}): the formula is then below what 1F1B's memory allows`,
            ]
          : [];
      return {
        value: (t.devices - 1) * (F + (Bi + W) - 2 * W),
        terms: `${fullBackwardTerms(t)}, W = ${fmtTerm(W)}`,
        failing,
      };
    },
  },
  memory: {
    activationsInFlight: 'P - s on stage s, as 1F1B (Table 1: p M_B)',
    source: 'Qi et al., ICLR 2024',
  },
  steadyState: { window: 'alternating' },
  published: (c) => zbH1Published(c.devices, c.microbatches),
  inFlightCap: (c) => zbH1Cap(c.devices),
  variants: (c) => [{ cap: zbH1Cap(c.devices), lead: null }],
});
