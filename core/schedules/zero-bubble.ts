import type { ConfigError, ScheduleConfig } from '../model/config';
import type { Schedule, ScheduleShape } from '../model/schedule';
import { type ScheduleDescriptor, type ScheduleSpec, defineSchedule } from './descriptor';
import { peakHeld } from './order-memory';
import { stageMap } from './stage-map';
import { bestOf } from './zb-choice';
import { type WPolicy, greedyOrder } from './zb-greedy';

/**
 * Above this many ops only the published order is built: the search costs about 0.5 us per op per
 * greedy candidate plus two simulations (ZB-V at 64 devices x 1024 micro-batches, 393k ops: about
 * 1.2 s on the 2-core development machine).
 */
export const GREEDY_MAX_OPS = 400_000;

/** Memory caps of one family of greedy candidates (see GreedyOptions). */
export interface GreedyVariant {
  cap: Int32Array;
  lead: Int32Array | null;
}

/** Each variant is tried with both W policies, in this order (the first of equal makespans wins). */
const W_POLICIES: readonly WPolicy[] = ['fit', 'eager'];

/** A zero-bubble schedule module: its published order and the memory rules its candidates keep. */
export interface ZeroBubbleSpec
  extends Omit<ScheduleSpec, 'placement' | 'opsPerStage' | 'paramMultiplier' | 'check' | 'generate'> {
  readonly placement: 'linear' | 'v';
  /** The schedule's own rules, if any (a validated scenario already holds whole, finite values). */
  check?(config: ScheduleConfig): ConfigError[];
  /** The published handcrafted order for this shape. */
  published(config: ScheduleConfig, shape: ScheduleShape): Schedule;
  /** Most activations in flight per device that any candidate may hold (the published order's rule). */
  inFlightCap(config: ScheduleConfig): Int32Array;
  /** The greedy candidates' caps, in the order they are tried. */
  variants(config: ScheduleConfig): GreedyVariant[];
}

/**
 * A zero-bubble schedule (ZB-H1, ZB-H2, ZB-V): it builds the published order AND the cost-aware
 * greedy orders of its variants (zb-greedy.ts), simulates the best, and returns the one with the
 * lowest makespan; ties go to the published order (zb-choice.ts). So a zero-bubble schedule is
 * never slower than the published one on the same costs, never holds more activations in flight
 * than its cap, and, counting the stashes of deferred W, never more than the published order holds.
 * Every zero-bubble order splits every backward: 3 ops per stage and micro-batch, one model copy.
 */
export function defineZeroBubbleSchedule(spec: ZeroBubbleSpec): ScheduleDescriptor {
  const { published, inFlightCap, variants, check, ...rest } = spec;
  return defineSchedule({
    ...rest,
    opsPerStage: 3,
    paramMultiplier: 1,
    costAware: true,
    check: check ?? (() => []),
    generate(c, shape) {
      const order = published(c, shape);
      if (3 * c.microbatches * shape.stages > GREEDY_MAX_OPS) return order;
      const map = stageMap(spec.placement, shape);
      // deferred W keep their weight-gradient stash: hold no more than the published order does
      const heldCap = peakHeld(order);
      const greedy = variants(c).flatMap(({ cap, lead }) =>
        W_POLICIES.map((wPolicy) => greedyOrder(map, c, { cap, lead, heldCap, wPolicy })),
      );
      return bestOf(order, greedy, c, inFlightCap(c), heldCap);
    },
  });
}
