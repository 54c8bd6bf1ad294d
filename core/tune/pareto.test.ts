import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FASTEST, type FrontPoint, ReportableTracker } from './pareto';

/** Points with few distinct values, so that ties in time, memory or both are common. */
const points = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 })), { maxLength: 60 })
  .map((xs) => xs.map(([makespan, peakMemory], index): FrontPoint => ({ index, makespan, peakMemory })));

/** The reference: written from the definitions, over the whole set at once. */
function dominatesOrFirst(q: FrontPoint, p: FrontPoint): boolean {
  const noWorse = q.makespan <= p.makespan && q.peakMemory <= p.peakMemory;
  const better = q.makespan < p.makespan || q.peakMemory < p.peakMemory;
  return noWorse && (better || q.index < p.index);
}
const isFaster = (q: FrontPoint, p: FrontPoint) =>
  q.makespan < p.makespan || (q.makespan === p.makespan && q.index < p.index);

describe('which configurations a report could list', () => {
  it('says "could" of every point the Pareto front or the fastest list ends up holding, in any order of arrival', () => {
    fc.assert(
      fc.property(
        points.chain((ps) => fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length }))),
        ([all, arrival]) => {
          const tracker = new ReportableTracker();
          const could = new Map<number, boolean>();
          for (const p of arrival) {
            could.set(p.index, tracker.could(p));
            tracker.add(p);
          }
          const front = all.filter((p) => !all.some((q) => q !== p && dominatesOrFirst(q, p)));
          const fastest = [...all]
            .sort((a, b) => a.makespan - b.makespan || a.index - b.index)
            .slice(0, FASTEST);
          for (const p of [...front, ...fastest]) expect(could.get(p.index), `point ${p.index}`).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('says "could not" exactly when a point seen before beats it and FASTEST seen before are faster', () => {
    fc.assert(
      fc.property(
        points.chain((ps) => fc.shuffledSubarray(ps, { minLength: ps.length })),
        (arrival) => {
          const tracker = new ReportableTracker();
          arrival.forEach((p, k) => {
            const seen = arrival.slice(0, k);
            const beaten = seen.some((q) => dominatesOrFirst(q, p));
            const faster = seen.filter((q) => isFaster(q, p)).length;
            expect(tracker.could(p)).toBe(!(beaten && faster >= FASTEST));
            tracker.add(p);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
