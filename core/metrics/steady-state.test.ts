import { describe, expect, it } from 'vitest';
import { analyzed, deepSeekExample } from './analysis.test-helper';
import { getSchedule } from '../schedules/registry';
import { steadyStateWindows } from './steady-state';

describe('steady-state figures', () => {
  it("1F1B's window runs from each device's first backward to its last forward, and has no bubble", () => {
    // P = 4, m = 8, F = 1, BW = 2: device d's first backward starts at PF + (P-1-d)B = 4 + 2(3 - d);
    // after it F and BW alternate every 3 ms, and its last forward (F7) ends at 22 + d.
    const a = analyzed({
      devices: 4,
      microbatches: 8,
      costs: { forward: 1, backwardInput: 1.5, backwardWeight: 0.5 },
    });
    const ss = a.metrics.steadyState;
    expect(Array.from(ss.windowStart)).toEqual([10, 8, 6, 4]);
    expect(Array.from(ss.windowEnd)).toEqual([22, 23, 24, 25]);
    expect(ss.devices).toBe(4);
    expect(ss.bubbleIdleFraction).toBe(0);
    expect(ss.overlap).toBeNull(); // no communication at all
    expect([ss.exposedCommMean, ss.exposedCommMax]).toEqual([0, 0]);
  });

  it('GPipe has no steady state, and says why', () => {
    const a = analyzed({ devices: 4, microbatches: 8 }, 'gpipe');
    const ss = a.metrics.steadyState;
    expect(ss.rule.window).toBe('none');
    expect(ss.devices).toBe(0);
    expect(ss.none).toBe('every forward runs before any backward, so forwards and backwards never alternate');
    expect([ss.overlap, ss.exposedCommMean, ss.bubbleIdleFraction]).toEqual([null, null, null]);
  });

  it('a device whose first backward comes after its last forward has no window', () => {
    // 1F1B with m = 1: every device runs F0 then BW0
    const a = analyzed({ devices: 3, microbatches: 1 });
    expect(a.metrics.steadyState.devices).toBe(0);
    expect(a.metrics.steadyState.none).toMatch(/^no device runs a backward before its last forward ends/);
  });

  it("DualPipe's window runs from each device's first overlapped pair to its last", () => {
    const a = analyzed({ devices: 4, microbatches: 8 }, 'dualpipe');
    const s = a.schedule;
    const { start, end } = steadyStateWindows(a.timeline, getSchedule('dualpipe')!.steadyState);
    for (let d = 0; d < 4; d++) {
      // independently: scan the device's ops for pairs
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1] - 1; i++)
        if (s.pair[i] >= 0 && s.pair[i + 1] === s.pair[i]) {
          lo = Math.min(lo, a.timeline.start[i]);
          hi = Math.max(hi, a.timeline.end[i + 1]);
        }
      expect([start[d], end[d]]).toEqual([lo, hi]);
    }
  });

  it('on the DeepSeek-V3 example DualPipe hides at least 90% of its steady-state communication; 1F1B does not', () => {
    const dual = deepSeekExample('dualpipe').metrics;
    const oneF = deepSeekExample('1f1b').metrics;
    expect(dual.steadyState.overlap).toBeGreaterThanOrEqual(0.9);
    // the whole iteration includes the fill and drain, where nothing pairs
    expect(dual.comm.overlapFraction!).toBeLessThan(dual.steadyState.overlap!);
    expect(oneF.steadyState.overlap).toBeLessThan(0.5);
    expect(dual.steadyState.exposedCommMean!).toBeLessThan(oneF.steadyState.exposedCommMean! / 10);
    // mean and max per device never exceed the makespan (the sum over 16 devices does)
    for (const m of [dual, oneF]) {
      expect(m.comm.exposedCommMax).toBeLessThanOrEqual(m.makespan);
      expect(m.comm.exposedCommMean).toBeLessThanOrEqual(m.comm.exposedCommMax);
      expect(m.comm.totalExposed).toBeGreaterThan(m.makespan);
    }
  });
});
