import { describe, expect, it } from 'vitest';
import { visibleRange, zoomViewport } from './view';

// The chart fits a 100 ms timeline as [-1, 101] (a 1% margin each side), a 102 ms span.
describe('zoomViewport', () => {
  it('zooming in by half around the centre of a fitted 100 ms timeline shows 24.5..75.5 ms', () => {
    const v = zoomViewport(null, 100, 0.5);
    expect(v?.t0).toBeCloseTo(24.5, 9);
    expect(v?.t1).toBeCloseTo(75.5, 9);
  });

  it('zooming out to the whole timeline or beyond returns to fit (null)', () => {
    expect(zoomViewport({ t0: 25, t1: 75 }, 100, 4)).toBeNull();
    expect(zoomViewport(null, 100, 2)).toBeNull();
  });

  it('zooming in twice halves the span twice around the same centre', () => {
    const v = zoomViewport(zoomViewport(null, 100, 0.5), 100, 0.5);
    expect(v!.t1 - v!.t0).toBeCloseTo(25.5, 9);
    expect((v!.t0 + v!.t1) / 2).toBeCloseTo(50, 9);
  });
});

describe('visibleRange', () => {
  it('is the fitted range (1% margins) when the view fits, and the viewport itself when it is inside', () => {
    expect(visibleRange(null, 200)).toEqual({ t0: -2, t1: 202 });
    expect(visibleRange({ t0: 20, t1: 40 }, 200)).toEqual({ t0: 20, t1: 40 });
  });

  it('is the range the chart shows for a viewport past the data: moved back inside its margins', () => {
    expect(visibleRange({ t0: 190, t1: 230 }, 200)).toEqual({ t0: 162, t1: 202 });
  });
});
