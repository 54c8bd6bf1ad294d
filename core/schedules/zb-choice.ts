import type { ScheduleConfig } from '../model/config';
import type { Schedule } from '../model/schedule';
import { simulate } from '../sim/simulate';
import { assert } from '../util/assert';
import { peakHeld, peakInFlight } from './order-memory';
import type { GreedyResult } from './zb-greedy';

/** Makespan of a schedule under the config's costs, or +Infinity if it cannot run. */
export function makespanOf(s: Schedule, c: ScheduleConfig): number {
  const r = simulate(s, c);
  return r.ok ? r.timeline.makespan : Number.POSITIVE_INFINITY;
}

/** Relative tolerance under which two makespans count as equal (float sums in different orders). */
const TIE = 1e-9;

/**
 * The candidate with the lowest makespan among those within `cap` (in flight) and `heldCap`; the
 * published order wins ties. Greedy candidates are ranked by the makespan their own timing model
 * gives; only the best is simulated, and the simulator's makespan decides against the published
 * order (which must run: it is the guarantee the others are judged by).
 */
export function bestOf(
  published: Schedule,
  others: (GreedyResult | null)[],
  c: ScheduleConfig,
  cap: Int32Array,
  heldCap: number,
): Schedule {
  const publishedTime = makespanOf(published, c);
  assert(Number.isFinite(publishedTime), `the published ${published.name} order must run`);
  let best: GreedyResult | null = null;
  for (const o of others) {
    if (o === null || (best !== null && o.makespan >= best.makespan)) continue;
    const peak = peakInFlight(o.schedule);
    let within = true;
    for (let d = 0; d < o.schedule.devices; d++) if (peak[d] > cap[d]) within = false;
    if (within && peakHeld(o.schedule) <= heldCap) best = o;
  }
  if (best === null || best.makespan >= publishedTime * (1 - TIE)) return published;
  const simulated = makespanOf(best.schedule, c);
  return simulated < publishedTime * (1 - TIE) ? best.schedule : published;
}
