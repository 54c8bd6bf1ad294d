import { describe, expect, it } from 'vitest';
import { viewportForKey } from './use-chart-keys';

const view = { t0: 10, t1: 30 };

describe('viewportForKey', () => {
  it('leaves keys that are not the chart’s to the app', () => {
    for (const key of ['a', 'Tab', 'ArrowUp', 'Enter', 'Escape'])
      expect(viewportForKey(key, view, 100)).toBeNull();
  });

  it('takes the shifted = and _ like + and -', () => {
    expect(viewportForKey('=', view, 100)).toEqual(viewportForKey('+', view, 100));
    expect(viewportForKey('_', view, 100)).toEqual(viewportForKey('-', view, 100));
  });

  it('zooms by 1.5x around the middle and pans by a tenth of the view', () => {
    // Span 20 around 20: zoom in -> span 20 / 1.5; pan left -> 2 ms earlier.
    const zoomed = viewportForKey('+', view, 100)!;
    expect(zoomed.t1 - zoomed.t0).toBeCloseTo(20 / 1.5, 9);
    expect((zoomed.t0 + zoomed.t1) / 2).toBeCloseTo(20, 9);
    expect(viewportForKey('ArrowLeft', view, 100)).toEqual({ t0: 8, t1: 28 });
  });

  it('fits with F as with 0: the makespan with a 1% margin each side', () => {
    expect(viewportForKey('F', view, 100)).toEqual({ t0: -1, t1: 101 });
    expect(viewportForKey('f', view, 100)).toEqual(viewportForKey('0', view, 100));
  });
});
