import { describe, expect, it } from 'vitest';
import { groupByDevice, intersectionLength, unionLength } from './intervals';

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
