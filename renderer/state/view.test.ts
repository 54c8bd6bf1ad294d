import { describe, expect, it } from 'vitest';
import { zoomViewport } from './view';

describe('zoomViewport', () => {
  it('zooming in by half around the centre of a fitted 100 ms timeline shows 25..75 ms', () => {
    expect(zoomViewport(null, 100, 0.5)).toEqual({ t0: 25, t1: 75 });
  });

  it('zooming out past the whole timeline returns to fit (null)', () => {
    expect(zoomViewport({ t0: 25, t1: 75 }, 100, 4)).toBeNull();
  });

  it('a zoom-out near an edge shifts the window inside the timeline instead of past it', () => {
    expect(zoomViewport({ t0: 0, t1: 20 }, 100, 2)).toEqual({ t0: 0, t1: 40 });
    expect(zoomViewport({ t0: 80, t1: 100 }, 100, 2)).toEqual({ t0: 60, t1: 100 });
  });
});
