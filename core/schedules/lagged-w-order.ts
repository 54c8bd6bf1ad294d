import { OpKind } from '../model/ops';
import { type Schedule, ScheduleBuilder, type ScheduleShape } from '../model/schedule';

/**
 * The published single-chunk zero-bubble order (Qi et al., ICLR 2024, Fig. 3): stage s runs
 * warmup(s) forwards, then for every micro-batch j its B, the W of micro-batch j - lag(s), and the
 * next forward; the last lag(s) W run at the end. ZB-H1 and ZB-H2 differ only in warm-up and lag.
 * `shape` is a linear one (stage s on device s).
 */
export function laggedWOrder(
  shape: ScheduleShape,
  warmupOf: (stage: number) => number,
  lagOf: (stage: number) => number,
): Schedule {
  const { devices: P, microbatches: m } = shape;
  const b = new ScheduleBuilder(shape, 3 * P * m);
  for (let s = 0; s < P; s++) {
    const warmup = warmupOf(s);
    const lag = lagOf(s);
    for (let i = 0; i < warmup; i++) b.push(s, OpKind.F, i, 0, s);
    for (let j = 0; j < m; j++) {
      b.push(s, OpKind.B, j, 0, s);
      if (j >= lag) b.push(s, OpKind.W, j - lag, 0, s);
      if (j + warmup < m) b.push(s, OpKind.F, j + warmup, 0, s);
    }
    for (let i = Math.max(0, m - lag); i < m; i++) b.push(s, OpKind.W, i, 0, s);
  }
  return b.build();
}
