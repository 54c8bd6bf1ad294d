import type { ScheduleConfig } from '../model/config';
import type { Schedule } from '../model/schedule';
import { laggedWOrder } from './lagged-w-order';
import { defineZeroBubbleSchedule } from './zero-bubble';

/** The paper's ZB-H2 memory: 2P - 1 activations in flight on the first stage (Qi et al., Table 1). */
export function zbH2DefaultBudget(P: number): number {
  return 2 * P - 1;
}

export function zbH2Budget(c: ScheduleConfig): number {
  return c.activationBudget ?? zbH2DefaultBudget(c.devices);
}

/** Warm-up forwards of stage s in the published order: 2(P - s) - 1, capped by the budget and m. */
export function zbH2Warmup(P: number, m: number, budget: number, s: number): number {
  return Math.max(1, Math.min(2 * (P - s) - 1, budget, m));
}

/**
 * ZB-H2's published order (Qi et al., ICLR 2024, Fig. 3 bottom). Stage s warms up with
 * 2(P - s) - 1 forwards (capped by the budget and m), enough that the first backward arrives just
 * as they end; then for every micro-batch j: B(j), the deferred W, and the next forward. The order
 * is diagonally symmetric: W of stage s lags its B by (warm-up of stage P - 1 - s) - 1 = 2s places,
 * so the first stage runs W at once and the last stage keeps them for the tail. With F = B = W and
 * no P2P time every stage then runs without a gap from its first op to its last (a parallelogram).
 */
export function zbH2Published(P: number, m: number, budget: number): Schedule {
  return laggedWOrder(
    zbH2.shape(P, m, 1),
    (s) => zbH2Warmup(P, m, budget, s),
    (s) => Math.min(2 * s + 1, budget) - 1,
  );
}

/** The budget on every device. */
function uniformCap(c: ScheduleConfig): Int32Array {
  return new Int32Array(c.devices).fill(zbH2Budget(c));
}

export const zbH2 = defineZeroBubbleSchedule({
  name: 'zb-h2',
  title: 'ZB-H2',
  summary:
    'Zero-bubble H2: more warm-up forwards (2P - 1 activations, or the memory budget) so B and deferred W fill every gap; near-zero bubble.',
  source:
    'Qi et al., "Zero Bubble Pipeline Parallelism", ICLR 2024; sail-sg/zero-bubble-pipeline-parallelism',
  placement: 'linear',
  chunks: { from: 'schedule', perDevice: 1, share: 1 },
  analyticBubble: {
    formula: 'none',
    conditions:
      'PipeScope compares no closed form for ZB-H2: it is designed for a near-zero bubble when F = B = W (its makespans are in docs/schedules-zero-bubble.md)',
    source: 'Qi et al., ICLR 2024',
  },
  memory: {
    activationsInFlight:
      '2(P - s) - 1 on stage s (2P - 1 on the first; Table 1: (2p - 1) M_B), or memory.activationBudget',
    source: 'Qi et al., ICLR 2024',
  },
  steadyState: { window: 'alternating' },
  takesActivationBudget: true,
  published: (c) => zbH2Published(c.devices, c.microbatches, zbH2Budget(c)),
  inFlightCap: uniformCap,
  variants(c) {
    const { devices: P, microbatches: m } = c;
    const budget = zbH2Budget(c);
    const staged = new Int32Array(P);
    for (let s = 0; s < P; s++) staged[s] = zbH2Warmup(P, m, budget, s);
    return [
      { cap: uniformCap(c), lead: null },
      { cap: staged, lead: null },
    ];
  },
});
