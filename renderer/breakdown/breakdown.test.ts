import { describe, expect, it } from 'vitest';
import { analyze } from '../../core/analyze';
import { defaultScenario } from '../../core/model/scenario';
import { SEGMENTS, deviceBreakdown, segmentPixels } from './breakdown';

describe('deviceBreakdown', () => {
  it('1F1B with F = B = W = 1 ms on 4 devices: each device computes 8 x 3 ms and idles (P-1)(F+B+W) = 9 ms at the ends', () => {
    // Defaults: 4 devices, 8 micro-batches, F = B = W = 1 ms, no communication: the backward is one
    // 2 ms op (B+W), so each device is busy 8 x 3 = 24 ms of a 24 + 3 x 3 = 33 ms iteration.
    const r = analyze({ ...defaultScenario(), schedule: '1f1b' });
    if (!r.ok) throw new Error('the default scenario runs');
    const m = r.analysis.metrics;
    expect(m.makespan).toBeCloseTo(33, 9);
    for (let d = 0; d < 4; d++) {
      const b = deviceBreakdown(m, d);
      const at = (key: string) => b[SEGMENTS.findIndex((s) => s.key === key)];
      expect(at('compute')).toBeCloseTo(24, 9);
      expect(at('exposedComm') + at('p2p') + at('dependency') + at('memory')).toBeCloseTo(0, 9);
      expect(at('fillDrain') + at('tail')).toBeCloseTo(9, 9);
    }
  });

  it("every device's segments sum to the makespan", () => {
    const r = analyze({ ...defaultScenario(), schedule: 'zb-h1', devices: 6, microbatches: 12 });
    if (!r.ok) throw new Error('runs');
    const m = r.analysis.metrics;
    for (let d = 0; d < m.devices; d++)
      expect(deviceBreakdown(m, d).reduce((x, y) => x + y, 0)).toBeCloseTo(m.makespan, 9);
  });
});

describe('segmentPixels', () => {
  it('three thirds of 100 ms on a 1 px/ms scale cover 0..100 px with no gap, widths 33, 34, 33', () => {
    const px = segmentPixels([100 / 3, 100 / 3, 100 / 3], 1);
    expect(px).toEqual([
      { x: 0, width: 33 },
      { x: 33, width: 34 },
      { x: 67, width: 33 },
    ]);
  });

  it('many tiny segments still sum to the rounded total', () => {
    const ms = Array.from({ length: 1000 }, () => 0.0137);
    const px = segmentPixels(ms, 10);
    // 1000 x 0.0137 ms = 13.7 ms = 137 px.
    expect(px.reduce((n, s) => n + s.width, 0)).toBe(137);
  });
});
