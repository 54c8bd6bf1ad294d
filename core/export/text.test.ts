import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMs, msToUs, roundMs } from './text';

describe('time rounding', () => {
  it('rounds ms to whole nanoseconds and converts to microseconds', () => {
    expect(roundMs(0.1 + 0.2)).toBe(0.3);
    expect(roundMs(1.0000004)).toBe(1);
    expect(roundMs(-1e-12)).toBe(0);
    expect(Object.is(roundMs(-1e-12), -0)).toBe(false);
    expect(msToUs(1.5)).toBe(1500);
    expect(msToUs(0.0000015)).toBe(0.002);
  });
});

describe('formatMs', () => {
  it('prints exactly what String(roundMs(t)) prints', () => {
    for (const t of [
      0,
      1,
      0.3,
      0.1 + 0.2,
      1e-7,
      5e-7,
      1.000001,
      12.5,
      -3.25,
      123456.789012,
      2.0000004,
      1e12,
    ]) {
      expect(formatMs(t)).toBe(String(roundMs(t)));
    }
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (t) => {
        expect(formatMs(t)).toBe(String(roundMs(t)));
      }),
      { numRuns: 2000 },
    );
  });
});
