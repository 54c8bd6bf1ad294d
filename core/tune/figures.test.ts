import { describe, expect, it } from 'vitest';
import example from '../../examples/deepseek-v3.json';
import { analyze } from '../analyze';
import { loadScenario } from '../format/scenario-file';
import { IDLE_CAUSES } from '../metrics/idle-causes';
import { type Scenario, defaultScenario } from '../model/scenario';
import { scheduleNames } from '../schedules/registry';
import { memoryFigures, withTimeFigures } from './figures';

function deepSeek(): Scenario {
  const loaded = loadScenario(JSON.stringify(example));
  if (!loaded.ok) throw new Error('the example does not load');
  return loaded.scenario;
}

const max = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => Math.max(x, y), 0);

/** The scenarios the figures are checked on: plain, uneven per device, transfers on the comm stream, parts. */
function cases(): { label: string; scenario: Scenario }[] {
  const d = defaultScenario();
  return [
    {
      label: 'plain',
      scenario: { ...d, devices: 4, microbatches: 8, p2p: { time: 0.25, occupiesComm: false } },
    },
    {
      label: 'per-device costs',
      scenario: {
        ...d,
        devices: 4,
        microbatches: 12,
        costs: { forward: [1, 2, 1, 1.5], backwardInput: [2, 1, 2, 2], backwardWeight: 0.5 },
      },
    },
    { label: 'P2P on the comm stream', scenario: { ...d, p2p: { time: 0.5, occupiesComm: true } } },
    { label: 'DeepSeek-V3 parts', scenario: deepSeek() },
    { label: 'DeepSeek-V3 paired', scenario: { ...deepSeek(), pairing: 'steady-state', microbatches: 32 } },
  ];
}

describe('the tuner figures', () => {
  for (const { label, scenario } of cases())
    it(`equal the full metrics' for every schedule (${label})`, () => {
      let compared = 0;
      for (const schedule of scheduleNames()) {
        const r = analyze({ ...scenario, schedule }, schedule);
        if (!r.ok) continue;
        const { timeline, metrics } = r.analysis;
        const s = r.analysis.scenario;
        const f = withTimeFigures(memoryFigures(timeline, s), timeline, s);
        expect(f.makespan).toBe(metrics.makespan);
        expect(f.peakMemory).toBe(max(metrics.memory.peakMemoryBytes));
        expect(f.peakActivation).toBe(max(metrics.memory.peakActivationBytes));
        expect(f.bubble).toBe(metrics.bubbleIdleFraction);
        expect(f.exposedCommMean).toBe(metrics.comm.exposedCommMean);
        expect(f.exposedCommMax).toBe(metrics.comm.exposedCommMax);
        const totals = Array.from(metrics.idleByCause.total);
        const top = totals.reduce((best, v, c) => (v > 0 && (best < 0 || v > totals[best]) ? c : best), -1);
        expect(f.topIdleCause).toBe(top < 0 ? null : IDLE_CAUSES[top]);
        expect(f.topIdleMs).toBe(top < 0 ? 0 : totals[top]);
        compared++;
      }
      expect(compared).toBeGreaterThan(3);
    });

  it('names the cause with the most idle time, the first in IDLE_CAUSES among equals', () => {
    // 1F1B, P = 4, m = 8, F = 1, full backward 2, no P2P: the first backward reaches device d at
    // 4 + 2(3 - d) after it ran its forwards from d to 4 (device 0: 3 warm-up forwards and one
    // more), so the fill idles are 6, 5, 4, 3 ms: 18 in all. Each device idles (P-1)(F+B) = 9 ms,
    // 36 in all, and the cool-down mirrors the warm-up: drain 18 too. The tie goes to fill.
    const s: Scenario = { ...defaultScenario(), schedule: '1f1b', devices: 4, microbatches: 8 };
    const r = analyze(s);
    if (!r.ok) throw new Error('1f1b runs');
    const f = withTimeFigures(memoryFigures(r.analysis.timeline, s), r.analysis.timeline, s);
    expect(f.topIdleCause).toBe('fill');
    expect(f.topIdleMs).toBe(18);
    expect(f.bubble).toBe(36 / (4 * 33));
  });
});
