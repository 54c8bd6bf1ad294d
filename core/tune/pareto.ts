/**
 * The Pareto front of iteration time vs peak memory, kept as points arrive in any order. A point
 * dominates another when it is no slower and needs no more memory, and is faster or needs less;
 * of points equal in both, the one with the lowest index (first in the space) is kept, so the
 * front does not depend on the order of arrival (workers, shards).
 */
export interface FrontPoint {
  index: number;
  makespan: number;
  peakMemory: number;
}

/** Whether a is kept over b: a dominates b, or they are equal and a comes first in the space. */
export function beats(a: FrontPoint, b: FrontPoint): boolean {
  if (a.makespan > b.makespan || a.peakMemory > b.peakMemory) return false;
  if (a.makespan < b.makespan || a.peakMemory < b.peakMemory) return true;
  return a.index < b.index;
}

export class ParetoFront<T extends FrontPoint> {
  /** Sorted by makespan (then memory, then index); memory falls strictly along it. */
  private points: T[] = [];

  /** Adds a point; returns whether it is on the front (now). */
  add(p: T): boolean {
    for (const q of this.points) if (beats(q, p)) return false;
    this.points = this.points.filter((q) => !beats(p, q));
    let at = this.points.length;
    while (at > 0 && order(this.points[at - 1], p) > 0) at--;
    this.points.splice(at, 0, p);
    return true;
  }

  /** The front, fastest first. */
  list(): readonly T[] {
    return this.points;
  }
}

function order(a: FrontPoint, b: FrontPoint): number {
  return a.makespan - b.makespan || a.peakMemory - b.peakMemory || a.index - b.index;
}

/** The fastest feasible configurations a report lists (`fastest`; the first is `best`). */
export const FASTEST = 10;

/** Whether a is listed before b among the fastest: lower makespan, then first in the space. */
export function fasterPoint(a: FrontPoint, b: FrontPoint): boolean {
  return a.makespan < b.makespan || (a.makespan === b.makespan && a.index < b.index);
}

/**
 * Which feasible configurations a report could still list, from those one worker has seen: a
 * configuration is on the whole space's Pareto front only if no configuration beats it, and among
 * its FASTEST fastest only if fewer than FASTEST are faster. So one that some configuration already
 * seen beats, and that FASTEST seen ones are faster than, is never reported, whatever the rest of
 * the space holds (in any order of arrival, any worker, any shard); every configuration the report
 * lists is one this says `could` of when it was evaluated.
 */
export class ReportableTracker {
  private readonly front = new ParetoFront<FrontPoint>();
  /** The FASTEST fastest seen, fastest first. */
  private readonly fastest: FrontPoint[] = [];

  /** Whether p could be on the front or among the fastest, given what was seen (p not yet added). */
  could(p: FrontPoint): boolean {
    const f = this.fastest;
    if (f.length < FASTEST || fasterPoint(p, f[f.length - 1])) return true;
    for (const q of this.front.list()) if (beats(q, p)) return false;
    return true;
  }

  /** Records a feasible configuration as seen. */
  add(p: FrontPoint): void {
    const point = { index: p.index, makespan: p.makespan, peakMemory: p.peakMemory };
    this.front.add(point);
    keepFastest(this.fastest, point, fasterPoint);
  }
}

/** Inserts x into a list kept in `before` order and at most FASTEST long (unless it falls off the end). */
export function keepFastest<T>(list: T[], x: T, before: (a: T, b: T) => boolean): void {
  if (list.length === FASTEST && !before(x, list[list.length - 1])) return;
  let at = list.length;
  while (at > 0 && before(x, list[at - 1])) at--;
  list.splice(at, 0, x);
  if (list.length > FASTEST) list.pop();
}
