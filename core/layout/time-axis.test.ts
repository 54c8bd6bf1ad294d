import { describe, expect, it } from 'vitest';
import { TIME_TICK_SPACING_PX, timeTicks } from './time-axis';

// Expected values worked by hand from d3-array's documented rule: the raw step is span / count;
// with p the power of ten below it, the step is p, 2p, 5p or 10p, whichever ratio raw/p is
// nearest on a log scale (thresholds sqrt(2), sqrt(10), sqrt(50)).
describe('timeTicks', () => {
  const width = (count: number) => count * TIME_TICK_SPACING_PX;

  it('ticks every 1 ms over 9 ms when nine ticks fit', () => {
    expect(timeTicks(0, 9, width(9))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('steps by 100 over 1234 ms for ten ticks (raw step 123.4 is nearer 100 than 200)', () => {
    expect(timeTicks(0, 1234, width(10))).toEqual([
      0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200,
    ]);
  });

  it('steps by 20 over 100 ms for four ticks (raw step 25: ratio 2.5 rounds to 2)', () => {
    expect(timeTicks(0, 100, width(4))).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('gives exact decimals below one millisecond', () => {
    expect(timeTicks(0, 0.9, width(5))).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it('covers a window that does not start at zero, as the zoomed Gantt does', () => {
    expect(timeTicks(12.5, 17.5, width(5))).toEqual([13, 14, 15, 16, 17]);
  });

  it('asks for at least two ticks on a narrow axis', () => {
    expect(timeTicks(0, 10, 50)).toEqual([0, 5, 10]);
  });
});
