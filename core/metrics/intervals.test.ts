import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  IntervalScratch,
  groupByDevice,
  groupColumns,
  intersectionLength,
  partStreamIntervals,
  unionLength,
} from './intervals';

function one(iv: [number, number][]) {
  return groupByDevice(
    1,
    iv.length,
    () => 0,
    (k) => iv[k][0],
    (k) => iv[k][1],
  );
}

describe('HTA overlap on hand-worked intervals', () => {
  it('counts the time both streams run once, after merging each stream', () => {
    const compute = one([
      [0, 2],
      [3, 5],
    ]);
    // the two comm intervals overlap each other: merged they are [1, 4] and [4.5, 6]
    const comm = one([
      [1, 3],
      [2, 4],
      [4.5, 6],
    ]);
    expect(unionLength(comm, 0)).toBe(4.5);
    // both run in [1, 2], [3, 4] and [4.5, 5]
    expect(intersectionLength(compute, comm, 0)).toBe(2.5);
  });

  it('sorts a device run that arrives out of order', () => {
    const comm = one([
      [4, 5],
      [0, 1],
    ]);
    expect(Array.from(comm.start)).toEqual([0, 4]);
    expect(unionLength(comm, 0)).toBe(2);
  });
});

/** The plain reference: merge each device's clipped intervals into arrays, then two pointers. */
function referenceIntersection(
  x: ReturnType<typeof one>,
  y: ReturnType<typeof one>,
  d: number,
  lo: number,
  hi: number,
): number {
  const merge = (iv: ReturnType<typeof one>) => {
    const out: [number, number][] = [];
    for (let i = iv.deviceStart[d]; i < iv.deviceStart[d + 1]; i++) {
      const a = Math.max(iv.start[i], lo);
      const b = Math.min(iv.end[i], hi);
      if (b <= a) continue;
      const last = out[out.length - 1];
      if (last && a <= last[1]) last[1] = Math.max(last[1], b);
      else out.push([a, b]);
    }
    return out;
  };
  const a = merge(x);
  const b = merge(y);
  let total = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const s = Math.max(a[i][0], b[j][0]);
    const e = Math.min(a[i][1], b[j][1]);
    if (e > s) total += e - s;
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return total;
}

describe('the column grouping and the lazy intersection', () => {
  const interval = fc
    .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 2 }))
    .map(([s, len, device]) => ({ s: s / 4, e: (s + len) / 4, device }));
  const list = fc.array(interval, { maxLength: 30 });

  it('group exactly as groupByDevice and intersect exactly as the merged arrays do', () => {
    fc.assert(
      fc.property(
        list,
        list,
        fc.integer({ min: -1, max: 6 }),
        fc.integer({ min: 4, max: 14 }),
        (xs, ys, lo, hi) => {
          const columns = (items: typeof xs) => {
            const dev = Int32Array.from(items, (i) => i.device);
            return groupColumns(
              3,
              items.length,
              dev,
              null,
              Float64Array.from(items, (i) => i.s),
              Float64Array.from(items, (i) => i.e),
            );
          };
          const byFunctions = (items: typeof xs) =>
            groupByDevice(
              3,
              items.length,
              (k) => items[k].device,
              (k) => items[k].s,
              (k) => items[k].e,
            );
          const x = columns(xs);
          const y = columns(ys);
          expect(x).toEqual(byFunctions(xs));
          for (let d = 0; d < 3; d++) {
            expect(intersectionLength(x, y, d)).toBe(referenceIntersection(x, y, d, -Infinity, Infinity));
            expect(intersectionLength(x, y, d, lo, hi)).toBe(referenceIntersection(x, y, d, lo, hi));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps only the items of one stream, found through an op column', () => {
    // items 0..3 belong to ops 2, 0, 1, 2; ops 0, 1, 2 run on devices 1, 0, 1; stream 1 keeps items 1 and 3
    const g = groupColumns(
      2,
      4,
      Int32Array.from([1, 0, 1]),
      Int32Array.from([2, 0, 1, 2]),
      Float64Array.from([0, 5, 1, 2]),
      Float64Array.from([1, 6, 2, 3]),
      Uint8Array.from([0, 1, 0, 1]),
      1,
    );
    expect(Array.from(g.deviceStart)).toEqual([0, 0, 2]);
    expect(Array.from(g.start)).toEqual([2, 5]);
    expect(Array.from(g.end)).toEqual([3, 6]);
  });
});

describe('both streams grouped in one sweep', () => {
  const part = fc
    .tuple(
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 0, max: 12 }),
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 0, max: 1 }),
    )
    .map(([s, len, op, stream]) => ({ s: s / 4, e: (s + len) / 4, op, stream }));

  it('give the groups groupColumns gives each stream, also in a scratch reused across runs', () => {
    const scratch = new IntervalScratch();
    // ops 0..5 on devices 0, 0, 1, 2, 2, 1
    const deviceOfOp = Int32Array.from([0, 0, 1, 2, 2, 1]);
    fc.assert(
      fc.property(fc.array(part, { maxLength: 40 }), (parts) => {
        const op = Int32Array.from(parts, (p) => p.op);
        const start = Float64Array.from(parts, (p) => p.s);
        const end = Float64Array.from(parts, (p) => p.e);
        const stream = Uint8Array.from(parts, (p) => p.stream);
        const n = parts.length;
        for (const lent of [null, scratch]) {
          const both = partStreamIntervals(3, n, deviceOfOp, op, start, end, stream, lent);
          for (const s of [0, 1]) {
            const expected = groupColumns(3, n, deviceOfOp, op, start, end, stream, s);
            const got = both[s];
            const used = got.deviceStart[3];
            expect(Array.from(got.deviceStart)).toEqual(Array.from(expected.deviceStart));
            expect(Array.from(got.start.subarray(0, used))).toEqual(Array.from(expected.start));
            expect(Array.from(got.end.subarray(0, used))).toEqual(Array.from(expected.end));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
