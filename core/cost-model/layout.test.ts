import { describe, expect, it } from 'vitest';
import { uniformConfig } from '../model/config';
import { scheduleNames } from '../schedules/registry';
import { SCHEDULES } from '../schedules/index';
import { balancedLayersPerStage, stageLayerStarts, stageLayout } from './layout';

describe('stageLayout', () => {
  // (a custom order places its stages itself: its layout comes from the order, not the registry)
  for (const name of scheduleNames().filter((n) => SCHEDULES[n].placement !== 'order'))
    it(`${name}: stages, chunk share, parameter multiplier and each op's stage match the generated schedule`, () => {
      const P = 4;
      const v = 2;
      let config = uniformConfig(P, 8, 1, 1, 1, { chunks: v });
      if (SCHEDULES[name].check(config).length > 0) config = uniformConfig(P, 16, 1, 1, 1, { chunks: v });
      expect(SCHEDULES[name].check(config)).toEqual([]);
      const s = SCHEDULES[name].generate(config);
      const layout = stageLayout(name, P, v);
      expect(layout.stages).toBe(s.stages);
      expect(layout.chunkShare).toBe(s.chunkShare);
      expect(layout.paramMultiplier).toBe(s.paramMultiplier);
      for (let d = 0; d < P; d++) {
        const seen = new Set<number>();
        for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++) seen.add(s.stage[i]);
        expect([...seen].sort((a, b) => a - b)).toEqual(
          [...new Set(layout.deviceStages[d])].sort((a, b) => a - b),
        );
      }
    });
});

describe('balancedLayersPerStage', () => {
  const oneF1B = stageLayout('1f1b', 4, 1);
  const dualpipe = stageLayout('dualpipe', 4, 1);

  it('splits equal layers evenly when nothing else weighs on the first and last stages', () => {
    expect(balancedLayersPerStage(new Array(8).fill(1), oneF1B, 0, 0)).toEqual([2, 2, 2, 2]);
  });

  it('moves layers off the last stage by what its head costs, in layers', () => {
    // 10 layers of cost 1 and a head worth 2 layers: 12 units over 4 stages -> 3 each, the last 1 + head
    expect(balancedLayersPerStage(new Array(10).fill(1), oneF1B, 0, 2)).toEqual([3, 3, 3, 1]);
  });

  it('keeps at least one layer on every stage, however heavy the head', () => {
    const split = balancedLayersPerStage(new Array(5).fill(1), oneF1B, 0, 100);
    expect(split.every((n) => n >= 1)).toBe(true);
    expect(split.reduce((a, b) => a + b)).toBe(5);
  });

  it('balances DualPipe devices, each holding one stage from each end', () => {
    // devices 0 and 3 hold stages 0 and 3, devices 1 and 2 stages 1 and 2, and a device's load is
    // the mean of its two stages; 8 layers + a head worth 2 = 10 units, so at best every pair of
    // stages carries 5 and every device 2.5 (e.g. 1 + (2 + head) and 3 + 2)
    const split = balancedLayersPerStage(new Array(8).fill(1), dualpipe, 0, 2);
    const starts = stageLayerStarts(split);
    const cost = split.map((n, s) => n + (s === 3 ? 2 : 0));
    const load = dualpipe.deviceStages.map((held) => held.reduce((a, s) => a + cost[s], 0) / 2);
    expect(Math.max(...load)).toBe(2.5);
    expect(starts[4]).toBe(8);
  });

  it('gives nothing when the layers cannot fill the stages', () => {
    expect(balancedLayersPerStage([1, 1, 1], oneF1B, 0, 0)).toEqual([]);
  });
});
