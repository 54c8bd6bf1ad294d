import { describe, expect, it } from 'vitest';
import { type ScheduleConfig, type StageCosts, uniformConfig } from '../model/config';
import { SCHEDULES } from '../schedules/index';
import { simulate, simulateGeneral } from './simulate';
import { simulatePlain } from './simulate-plain';
import { simulateReference } from './simulate-reference';
import { timelineDiff } from './timeline-diff.test-helper';

// Per-stage op costs (a scenario's layout): each op takes its stage's cost, whatever its device.

function stageCosts(f: number[], b: number[], w: number[]): StageCosts {
  return {
    forward: Float64Array.from(f),
    backwardInput: Float64Array.from(b),
    backwardWeight: Float64Array.from(w),
  };
}

describe('per-stage op costs', () => {
  it('GPipe on 2 devices, 1 micro-batch, worked by hand: each op takes its stage cost', () => {
    // stage 0: F 1, B + W 2; stage 1: F 3, B + W 1. Device 0 F 0-1; device 1 F 1-4, BW 4-5;
    // device 0 BW 5-7
    const config: ScheduleConfig = {
      ...uniformConfig(2, 1),
      stageCosts: stageCosts([1, 3], [1.5, 1], [0.5, 0]),
    };
    const s = SCHEDULES.gpipe.generate(config);
    const r = simulate(s, config);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Array.from(r.timeline.start)).toEqual([0, 5, 1, 4]);
    expect(Array.from(r.timeline.end)).toEqual([1, 7, 4, 5]);
    expect(r.timeline.makespan).toBe(7);
  });

  it("ZB-V on device 0 takes stage 0's cost for its first chunk and the last stage's for its second", () => {
    const P = 2;
    const f = [1, 1, 1, 4]; // the last stage (on device 0, chunk 1) is four times as slow
    const config: ScheduleConfig = { ...uniformConfig(P, 4), stageCosts: stageCosts(f, f, f) };
    const s = SCHEDULES['zb-v'].generate(config);
    const r = simulate(s, config);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (let i = s.deviceStart[0]; i < s.deviceStart[1]; i++)
      expect(r.timeline.end[i] - r.timeline.start[i]).toBe(f[s.stage[i]]);
  });

  it('the fast walk declines them; the general walk gives exactly the reference simulator', () => {
    for (const name of ['1f1b', 'interleaved-1f1b', 'zb-h1', 'zb-v', 'dualpipe', 'dualpipev']) {
      const P = 4;
      const gen = SCHEDULES[name];
      const base = uniformConfig(P, 8, 1, 1, 1, { chunks: 2, p2p: 0.3 });
      const S = gen.stages(P, 2);
      const costs = Array.from({ length: S }, (_, s) => 0.5 + ((s * 7) % 5) * 0.25);
      const config: ScheduleConfig = {
        ...base,
        stageCosts: stageCosts(
          costs,
          costs.map((c) => c * 1.5),
          costs.map((c) => c / 2),
        ),
      };
      const s = gen.generate(config);
      expect(simulatePlain(s, config), name).toBeNull();
      const general = simulateGeneral(s, config);
      const reference = simulateReference(s, config);
      expect(general.ok && reference.ok, name).toBe(true);
      if (general.ok && reference.ok)
        expect(timelineDiff(general.timeline, reference.timeline), name).toEqual([]);
    }
  });
});
