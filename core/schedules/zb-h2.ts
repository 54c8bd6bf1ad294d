import type { ConfigError, ScheduleConfig } from '../model/config';
import type { Schedule } from '../model/schedule';
import type { ScheduleGenerator } from './generator';
import {
  GREEDY_MAX_OPS,
  bestOf,
  peakHeld,
  chainPlacement,
  checkZeroBubbleConfig,
  greedyOrder,
  laggedWOrder,
} from './zb-common';

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
    'zb-h2',
    P,
    m,
    (s) => zbH2Warmup(P, m, budget, s),
    (s) => Math.min(2 * s + 1, budget) - 1,
  );
}

function checkZbH2(c: ScheduleConfig): ConfigError[] {
  const errors = checkZeroBubbleConfig(c);
  const budget = c.activationBudget;
  if (budget !== null && !(Number.isInteger(budget) && budget >= 1))
    errors.push({
      path: 'memory.activationBudget',
      message: `activation budget must be a whole number of micro-batch activations >= 1, or null for the paper's 2P - 1 (got ${budget})`,
    });
  return errors;
}

export const zbH2: ScheduleGenerator = {
  name: 'zb-h2',
  title: 'ZB-H2',
  summary:
    'Zero-bubble H2: more warm-up forwards (2P - 1 activations, or the memory budget) so B and deferred W fill every gap; near-zero bubble.',
  source:
    'Qi et al., "Zero Bubble Pipeline Parallelism", ICLR 2024; sail-sg/zero-bubble-pipeline-parallelism',
  check: checkZbH2,
  generate(c) {
    const { devices: P, microbatches: m } = c;
    const budget = zbH2Budget(c);
    const published = zbH2Published(P, m, budget);
    if (3 * P * m > GREEDY_MAX_OPS) return published;
    const pl = chainPlacement('zb-h2', P, m);
    const uniform = new Int32Array(P).fill(budget);
    const staged = new Int32Array(P);
    for (let s = 0; s < P; s++) staged[s] = zbH2Warmup(P, m, budget, s);
    // deferred W keep their weight-gradient stash: hold no more than the published order does
    const heldCap = peakHeld(published);
    const greedy = [
      greedyOrder(pl, c, { cap: uniform, lead: null, heldCap, wPolicy: 'fit' }),
      greedyOrder(pl, c, { cap: uniform, lead: null, heldCap, wPolicy: 'eager' }),
      greedyOrder(pl, c, { cap: staged, lead: null, heldCap, wPolicy: 'fit' }),
      greedyOrder(pl, c, { cap: staged, lead: null, heldCap, wPolicy: 'eager' }),
    ];
    return bestOf(published, greedy, c, uniform, heldCap);
  },
};
