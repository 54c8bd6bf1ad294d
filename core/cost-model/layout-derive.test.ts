import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { validateScenario } from '../format/validate';
import { parseLayout } from '../model/layout';
import { clusterHardware, findGpuPreset, findModelPreset } from '../presets';
import { tinyInput, tinySection, v3Parallelism, v3Run } from './cost-testkit';
import { type CostDerivation, deriveCosts } from './derive';
import { derivedScenario, rederive } from './scenario-derive';

// A scenario layout (Megatron's notation) replaces the cost model's default split: each stage's
// layers, embedding, head and MTP modules come from it.

function derived(layout: string): CostDerivation {
  const parsed = parseLayout(layout);
  if (!parsed.ok) throw new Error('layout does not parse');
  const r = deriveCosts(tinyInput(), { layout: { stages: layout, contents: parsed.stages } });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r.derivation;
}

const total = (f: { forward: number; backwardInput: number; backwardWeight: number }) =>
  f.forward + f.backwardInput + f.backwardWeight;

describe('the cost model with a layout', () => {
  it('splits the layers as the layout says, and puts the head where its L is', () => {
    // the tiny model has 2 dense layers, no MTP; "Et|tL" is one layer a stage, the head on stage 1
    const even = derived('Et|tL');
    const front = derived('Ett|L');
    expect(front.layout.layersPerStage).toEqual([2, 0]);
    expect(front.stages.map((s) => [s.embedding, s.head, s.layers])).toEqual([
      [true, false, 2],
      [false, true, 0],
    ]);
    // stage 0 of "Ett|L" runs twice what stage 0 of "Et|tL" runs (a layer, the embedding free);
    // stage 1 of "Ett|L" runs the head alone: stage 1 of "Et|tL" less its one layer
    expect(total(front.stages[0].flops)).toBeCloseTo(2 * total(even.stages[0].flops), 6);
    expect(total(front.stages[1].flops)).toBeCloseTo(
      total(even.stages[1].flops) - total(even.stages[0].flops),
      6,
    );
    // and the derived scenario's layout carries the layer and head costs
    expect(front.scenario.layout?.stages).toBe('Ett|L');
    expect(front.scenario.layout?.loss).toEqual(front.layerCosts.loss);
    expect(front.scenario.layout?.layer?.forward).toBe(front.layerCosts.forward[0]);
  });

  it('refuses a layout that does not place the model as it is, at layout.stages', () => {
    const parsed = parseLayout('Et|L');
    if (!parsed.ok) throw new Error('layout does not parse');
    const r = deriveCosts(tinyInput(), { layout: { stages: 'Et|L', contents: parsed.stages } });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([
        { path: 'layout.stages', message: 'the layout places 1 transformer layers (t), but tiny has 2' },
      ]);
  });
});

describe('a derived scenario with a layout', () => {
  it('re-derives into its layout: each stage then takes its own layers and head in the simulation', () => {
    const start = derivedScenario(tinySection());
    if (!start.ok) throw new Error('does not derive');
    const r = rederive({ ...start.scenario, layout: { stages: 'Ett|L' } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.scenario;
    const c = r.derivation.layerCosts;
    expect(s.layout?.layer?.forward).toBe(c.forward[0]);
    expect(s.layout?.loss?.forward).toBe(c.loss.forward);
    const a = analyze(s);
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    const { schedule, timeline } = a.analysis;
    // device 0 forwards two layers, device 1 the head alone (1F1B on 2 devices, one stage each)
    const d0 = schedule.deviceStart[0];
    const d1 = schedule.deviceStart[1];
    expect(timeline.end[d0] - timeline.start[d0]).toBeCloseTo(2 * c.forward[0], 9);
    expect(timeline.end[d1] - timeline.start[d1]).toBeCloseTo(c.loss.forward, 9);
  });

  it("checks the layout against the derived model's layers", () => {
    const start = derivedScenario(tinySection());
    if (!start.ok) throw new Error('does not derive');
    const v = validateScenario({ ...start.scenario, layout: { stages: 'Et|L' } });
    expect(v.errors).toContainEqual({
      path: 'layout.stages',
      message:
        'position 4: the layout places 1 transformer layers (t), but the model has 2: every layer once',
    });
  });
});

describe("DeepSeek-V3 in Megatron's layout", () => {
  it('"Et*3|(tt|)*29,m|L" on PP 16 x VPP 2: the MTP module and the head get stages of their own', () => {
    const model = findModelPreset('deepseek-v3')!.model;
    const layout = 'Et*3|(tt|)*29,m|L';
    const parsed = parseLayout(layout);
    if (!parsed.ok) throw new Error('layout does not parse');
    const r = deriveCosts(
      {
        model,
        run: v3Run(),
        parallelism: { ...v3Parallelism(), schedule: 'interleaved-1f1b', vpp: 2 },
        hardware: clusterHardware(findGpuPreset('h800')!),
      },
      { layout: { stages: layout, contents: parsed.stages } },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const st = r.derivation.stages;
    expect(st).toHaveLength(32);
    expect([st[0].embedding, st[0].layers]).toEqual([true, 3]);
    expect(st.slice(1, 30).every((s) => s.layers === 2 && !s.head && s.mtpModules === 0)).toBe(true);
    expect([st[30].layers, st[30].mtpModules, st[30].head]).toEqual([0, 1, false]);
    expect([st[31].layers, st[31].mtpModules, st[31].head]).toEqual([0, 0, true]);
    // the first three layers are dense (DeepSeek-V3's first_k_dense_replace), the rest MoE
    expect(st[0].moeLayers).toBe(0);
    expect(st[1].moeLayers).toBe(2);
    // Megatron's placement: stage k on rank k mod 16, so rank 15 holds stages 15 and 31 (the head)
    expect(r.derivation.devices[15].stages).toEqual([15, 31]);
    expect(r.derivation.layerCosts.forward).toHaveLength(61);
  });
});
