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

/**
 * ZB-H1's published order (Qi et al., "Zero Bubble Pipeline Parallelism", ICLR 2024, Fig. 3 top).
 * Stage s runs 1F1B's skeleton with the backward split: min(P - s, m) warm-up forwards, then for
 * every micro-batch j its B as soon as possible, the W of micro-batch j - s (W lags B by s places,
 * so the deferred W fill what would be the cool-down bubble of 1F1B), and the next forward. The
 * last s W run at the end. At most P - s activations are in flight on stage s, exactly 1F1B's.
 */
export function zbH1Published(P: number, m: number): Schedule {
  return laggedWOrder(
    'zb-h1',
    P,
    m,
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

export const zbH1: ScheduleGenerator = {
  name: 'zb-h1',
  title: 'ZB-H1',
  summary:
    "Zero-bubble H1: backward split into B and W, W deferred into 1F1B's cool-down; 1F1B's activation memory, about 1/3 of its bubble.",
  source:
    'Qi et al., "Zero Bubble Pipeline Parallelism", ICLR 2024; sail-sg/zero-bubble-pipeline-parallelism',
  check: checkZeroBubbleConfig,
  generate(c) {
    const { devices: P, microbatches: m } = c;
    const published = zbH1Published(P, m);
    if (3 * P * m > GREEDY_MAX_OPS) return published;
    const pl = chainPlacement('zb-h1', P, m);
    const cap = zbH1Cap(P);
    // deferred W keep their weight-gradient stash: hold no more than the published order does
    const heldCap = peakHeld(published);
    const greedy = [
      greedyOrder(pl, c, { cap, lead: null, heldCap, wPolicy: 'fit' }),
      greedyOrder(pl, c, { cap, lead: null, heldCap, wPolicy: 'eager' }),
    ];
    return bestOf(published, greedy, c, cap, heldCap);
  },
};
