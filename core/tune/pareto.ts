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
