import { describe, expect, it } from 'vitest';
import { CHUNK_SHIFT, chunkPatterns, packedVirtualTable } from './virtual-table';

describe('packedVirtualTable', () => {
  it('ends each run where a group on one chunk ends (m = 7, v = 2, G = 3, worked by hand)', () => {
    // groups {0,1,2}, {3,4,5}, {6}, each on chunk 0 then chunk 1: runs of 3, 3, 3, 3, 1, 1
    const { forward, backward, runEnd, longestRun } = packedVirtualTable(7, 2, 3);
    expect([...runEnd]).toEqual([3, 3, 3, 6, 6, 6, 9, 9, 9, 12, 12, 12, 13, 14]);
    expect(longestRun).toBe(3);
    expect([...forward].map((x) => x >>> CHUNK_SHIFT)).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 1]);
    expect([...backward].map((x) => x >>> CHUNK_SHIFT)).toEqual([1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0]);
  });

  it('makes one run of all m micro-batches per chunk when one group holds them', () => {
    const { runEnd, longestRun } = packedVirtualTable(4, 3, 4);
    expect([...runEnd]).toEqual([4, 4, 4, 4, 8, 8, 8, 8, 12, 12, 12, 12]);
    expect(longestRun).toBe(4);
  });
});

describe('chunkPatterns', () => {
  it('repeats a step of chunks as many times as asked, made once, and tells steps with other chunks or lengths apart', () => {
    const pattern = chunkPatterns(3, 2);
    const fbw = pattern(3, 0, 1, 1);
    expect([...fbw]).toEqual([0, 1, 1, 0, 1, 1, 0, 1, 1]);
    expect(pattern(3, 0, 1, 1)).toBe(fbw);
    expect([...pattern(3, 1, 0, 0)]).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0]);
    expect([...pattern(3, 0, 1)]).toEqual([0, 1, 0, 1, 0, 1]);
    expect([...pattern(3, 1)]).toEqual([1, 1, 1]);
    expect([...pattern(3, 0, 0, 1)]).toEqual([0, 0, 1, 0, 0, 1, 0, 0, 1]);
    expect([...pattern(2, 0, 1, 1)]).toEqual([0, 1, 1, 0, 1, 1]);
    expect([...pattern(1, 0, 1)]).toEqual([0, 1]);
  });
});
