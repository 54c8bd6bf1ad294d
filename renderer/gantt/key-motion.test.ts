import { describe, expect, it } from 'vitest';
import { keyMotion, motionKey, PAN_SPAN_PER_S, ZOOM_PER_S } from './key-motion';

const view = { t0: 20, t1: 60 };

describe('keyMotion', () => {
  it('takes W, A, S and D in either case, but not with Ctrl, Cmd or Alt (those are shortcuts)', () => {
    const plain = { ctrlKey: false, metaKey: false, altKey: false };
    expect(['w', 'A', 's', 'D', 'x'].map((key) => motionKey({ key, ...plain }))).toEqual([
      'w',
      'a',
      's',
      'd',
      null,
    ]);
    expect(motionKey({ key: 's', ...plain, ctrlKey: true })).toBeNull();
    expect(motionKey({ key: 'd', ...plain, metaKey: true })).toBeNull();
  });

  it('pans by 0.8 of the span per second held: half a second of D moves a 40 ms view 16 ms later', () => {
    expect(PAN_SPAN_PER_S).toBe(0.8);
    expect(keyMotion('d', 500, view, 0, 100)).toEqual({ t0: 36, t1: 76 });
    expect(keyMotion('a', 500, view, 0, 100)).toEqual({ t0: 4, t1: 44 });
  });

  it('zooms by 4x per second held around the anchor: half a second of W halves the span', () => {
    expect(ZOOM_PER_S).toBe(4);
    const z = keyMotion('w', 500, view, 30, 100);
    expect(z.t1 - z.t0).toBeCloseTo(20, 9);
    // 30 ms was a quarter of the way across; it still is.
    expect((30 - z.t0) / (z.t1 - z.t0)).toBeCloseTo(0.25, 9);
    const out = keyMotion('s', 500, z, 30, 100);
    expect(out.t0).toBeCloseTo(20, 9);
    expect(out.t1).toBeCloseTo(60, 9);
  });

  it('stops at the data like every other navigation', () => {
    expect(keyMotion('d', 10_000, view, 0, 100)).toEqual({ t0: 61, t1: 101 });
    expect(keyMotion('s', 10_000, view, 40, 100)).toEqual({ t0: -1, t1: 101 });
  });
});
