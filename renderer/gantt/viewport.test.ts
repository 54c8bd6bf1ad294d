import { describe, expect, it } from 'vitest';
import { clampViewport, fitViewport, panBy, wheelPixels, wheelZoomFactor, zoomAround } from './viewport';

describe('viewport', () => {
  it('fits the whole makespan with a 1% margin each side', () => {
    expect(fitViewport(100)).toEqual({ t0: -1, t1: 101 });
  });

  it('zooming around a time keeps that time at the same fraction of the width', () => {
    const v = { t0: 0, t1: 100 };
    const z = zoomAround(v, 2, 25, 100);
    expect(z.t1 - z.t0).toBeCloseTo(50, 9);
    // 25 was at 25% of the width; it still is.
    expect((25 - z.t0) / (z.t1 - z.t0)).toBeCloseTo(0.25, 9);
  });

  it('zooming in then out by the same factor returns to the same view', () => {
    const v = { t0: 10, t1: 60 };
    const back = zoomAround(zoomAround(v, 3, 20, 100), 1 / 3, 20, 100);
    expect(back.t0).toBeCloseTo(10, 9);
    expect(back.t1).toBeCloseTo(60, 9);
  });

  it('zooms out no further than the data with its 1% margins, and in no deeper than 1/100,000 of it', () => {
    // 100 ms: the widest view is the fitted [-1, 101]; the narrowest 1 µs (100 ms x 1e-5 = 1 µs too).
    expect(zoomAround(fitViewport(100), 1e-6, 50, 100)).toEqual({ t0: -1, t1: 101 });
    const inn = zoomAround(fitViewport(100), 1e12, 50, 100);
    expect(inn.t1 - inn.t0).toBeCloseTo(1e-3, 12);
    // 62,500 ms (a million ops on 16 devices at 1 ms each): 0.625 ms, less than one op.
    const big = zoomAround(fitViewport(62_500), 1e12, 30_000, 62_500);
    expect(big.t1 - big.t0).toBeCloseTo(0.625, 9);
  });

  it('a range wider than the data becomes the fitted range; one poking out is moved back inside', () => {
    expect(clampViewport({ t0: -800, t1: 1800 }, 684)).toEqual(fitViewport(684));
    expect(clampViewport({ t0: 95, t1: 115 }, 100)).toEqual({ t0: 81, t1: 101 });
    expect(clampViewport({ t0: -10, t1: 10 }, 100)).toEqual({ t0: -1, t1: 19 });
  });

  it('pans by the given time and stops at the margins without changing the span', () => {
    expect(panBy({ t0: 0, t1: 10 }, 5, 100)).toEqual({ t0: 5, t1: 15 });
    expect(panBy({ t0: 0, t1: 10 }, 1e6, 100)).toEqual({ t0: 91, t1: 101 });
    expect(panBy({ t0: 0, t1: 10 }, -1e6, 100)).toEqual({ t0: -1, t1: 9 });
  });

  it('replaces an empty or reversed range by the fitted one', () => {
    expect(clampViewport({ t0: 5, t1: 5 }, 100)).toEqual(fitViewport(100));
    expect(clampViewport({ t0: 9, t1: 2 }, 100)).toEqual(fitViewport(100));
  });

  it('reads wheel deltas in lines and pages as pixels, and zooms in for a wheel turned away', () => {
    expect(wheelPixels(3, 1, 800)).toBe(48);
    expect(wheelPixels(1, 2, 800)).toBe(800);
    expect(wheelZoomFactor(-100)).toBeGreaterThan(1);
    expect(wheelZoomFactor(100) * wheelZoomFactor(-100)).toBeCloseTo(1, 12);
  });
});
