import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { validateScenario } from '../format/validate';
import { type Scenario, defaultScenario } from '../model/scenario';
import { getSchedule } from './registry';
import { scheduleConfig } from './scenario-config';

const base = (over: Partial<Scenario>): Scenario => ({
  ...defaultScenario(),
  devices: 4,
  microbatches: 8,
  ...over,
});

describe('a layout gives each stage its own op costs', () => {
  it('without layer costs it spreads the scenario costs over the layers: an even layout changes nothing', () => {
    const even = analyze(base({ schedule: '1f1b', layout: { stages: 'Ett|tt|tt|ttL' } }));
    const plain = analyze(base({ schedule: '1f1b' }));
    expect(even.ok && plain.ok).toBe(true);
    if (even.ok && plain.ok) expect(even.analysis.timeline.makespan).toBe(plain.analysis.timeline.makespan);
  });

  it('1F1B: each op takes its stage cost, and the stage with the head is the busiest device', () => {
    const a = analyze(
      base({
        schedule: '1f1b',
        layout: {
          stages: 'Et*2|t*2|t*2|t*2L',
          layer: { forward: 1, backwardInput: 1, backwardWeight: 0.5 },
          loss: { forward: 1.5, backwardInput: 1, backwardWeight: 0 },
        },
      }),
    );
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    const { schedule: s, timeline: t, metrics } = a.analysis;
    // stage 3: F = 2 x 1 + 1.5, BW = 2 x (1 + 0.5) + 1
    for (let i = s.deviceStart[3]; i < s.deviceStart[4]; i++)
      expect(t.end[i] - t.start[i]).toBe(s.kind[i] === 0 ? 3.5 : 4);
    // busy: m x (F + BW) per device = 8 x 5 on stages 0-2, 8 x 7.5 on stage 3
    expect(Array.from(metrics.busy)).toEqual([40, 40, 40, 60]);
  });

  it("interleaved 1F1B: each device's whole-share costs add up its stages (Megatron's placement: stage k on device k mod P)", () => {
    const s = base({
      schedule: 'interleaved-1f1b',
      chunks: 2,
      layout: {
        stages: 'Et|t|t|t|t|t|t|tL',
        layer: { forward: 1, backwardInput: 1, backwardWeight: 1 },
        loss: { forward: 4, backwardInput: 0, backwardWeight: 0 },
      },
    });
    const c = scheduleConfig(s, getSchedule('interleaved-1f1b')!);
    // device 3 holds stages 3 and 7 (the loss): 1 + 5; the others 2
    expect(Array.from(c.forward)).toEqual([2, 2, 2, 6]);
    expect(Array.from(c.stageCosts!.forward)).toEqual([1, 1, 1, 1, 1, 1, 1, 5]);
  });

  it('refuses a layout with more stages than the schedule, at the position of the first extra one', () => {
    const v = validateScenario(base({ schedule: '1f1b', layout: { stages: 'Et|t|t|t|tL' } }));
    expect(v.errors).toContainEqual({
      path: 'layout.stages',
      message: 'position 10: stage 5 is more than 1F1B on 4 device(s) has (4 stages); the layout names 5',
    });
    // the same layout fits interleaved 1F1B only with its 8 stages
    const w = validateScenario(
      base({ schedule: 'interleaved-1f1b', chunks: 2, layout: { stages: 'Et|t|t|t|tL' } }),
    );
    expect(w.errors.map((e) => e.message)).toContain(
      'position 11: the layout names 5 stages but Interleaved 1F1B on 4 device(s) x 2 chunks has 8: one "|" between each two stages',
    );
  });

  it('refuses per-layer costs for another number of layers than the layout places', () => {
    const v = validateScenario(
      base({
        schedule: '1f1b',
        layout: { stages: 'Et|t|t|tL', layer: { forward: [1, 2, 3], backwardInput: 1, backwardWeight: 1 } },
      }),
    );
    expect(v.errors.map((e) => `${e.path}: ${e.message}`)).toContain(
      'layout.stages: position 8: transformer layer 4 (t), but the model has 3: every layer once',
    );
  });
});
