import { describe, expect, it } from 'vitest';
import derivedExample from '../../examples/deepseek-v3-derived.json';
import { tinyInput, tinyMoeModel, tinySection } from '../cost-model/cost-testkit';
import { deriveSection, derivedScenario } from '../cost-model/scenario-derive';
import { loadScenario } from '../format/scenario-file';
import type { DeriveSection } from '../model/derive-section';
import type { Scenario } from '../model/scenario';
import { applyConfig } from './config';
import { costModelScaler } from './cost-model-scaler';
import { configOf } from './report';
import { scalerFor } from './run';
import { linearScaler } from './scaling';
import { type TuneChoice, defaultRequest } from './space';
import { expectConfigsReproduce, runInline } from './tune.test-helper';

/**
 * The tiny MoE model (core/cost-model/cost-testkit.ts) on 2 pipeline devices with EP 2 and DP 2:
 * 16 sequences per iteration, 2 per micro-batch, so m0 = 16 / (2 x 2) = 4; 2 of its 10 SMs reserved
 * for communication.
 */
function tinySectionMbs2(over: (s: DeriveSection) => DeriveSection = (s) => s): DeriveSection {
  const base = tinyInput();
  return over(
    tinySection({
      ...base,
      model: tinyMoeModel(),
      parallelism: { ...base.parallelism, ep: 2, dp: 2, commSms: 2 },
      run: { ...base.run, microBatchSize: 2, globalBatchSequences: 16 },
    }),
  );
}

function derived(section: DeriveSection): Scenario {
  const r = derivedScenario(section);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r.scenario;
}

/** The scenario the cost model derives from a section, straight from the cost model. */
function direct(section: DeriveSection): Scenario {
  const r = deriveSection(section);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r.derivation.scenario;
}

function choice(over: Partial<TuneChoice> = {}): TuneChoice {
  return {
    schedule: '1f1b',
    microbatches: 4,
    chunks: 1,
    pairing: 'off',
    smReserved: 2,
    activationBudget: null,
    recompute: 'none',
    ...over,
  };
}

function build(base: Scenario, c: TuneChoice): Scenario {
  const r = costModelScaler().scenarioFor(base, c);
  if (!r.ok) throw new Error(`${r.error.path}: ${r.error.message}`);
  return r.scenario;
}

function loaded(json: unknown): Scenario {
  const r = loadScenario(JSON.stringify(json));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

describe('the tuner picks its scaler from the scenario', () => {
  it('derives costs from the cost model where the scenario has a derive section, else scales linearly', () => {
    const base = derived(tinySectionMbs2());
    expect(scalerFor(base).mode).toBe('cost-model');
    expect(scalerFor({ ...base, derive: undefined }).mode).toBe('linear');
    expect(scalerFor({ ...base, derive: undefined })).toBe(linearScaler);
  });
});

describe('the cost-model scaler', () => {
  it("gives the derived example's own values at its own m, schedule, recomputation and SM split", () => {
    const base = loaded(derivedExample);
    const s = build(
      base,
      choice({ schedule: 'dualpipe', microbatches: 120, smReserved: 20, recompute: 'none' }),
    );
    // the values the example file holds, as `pipescope derive` wrote them
    expect(s.costs).toEqual(derivedExample.costs);
    expect(s.parts).toEqual(derivedExample.parts);
    expect(s.p2p).toEqual(derivedExample.p2p);
    expect(s.memory).toEqual(derivedExample.memory);
    expect(s.smSplit).toEqual(derivedExample.smSplit);
    expect(s.microbatches).toBe(120);
  });

  it('at 2 m0 takes F, B, W, parts and activations from the cost model at half the micro-batch size', () => {
    const section = tinySectionMbs2();
    const base = derived(section);
    expect(base.microbatches).toBe(4);
    const s = build(base, choice({ microbatches: 8 }));
    const half = direct({ ...section, run: { ...section.run, microBatchSize: 1 } });
    expect(s.microbatches).toBe(8);
    expect(s.costs.forward).toEqual(half.costs.forward);
    expect(s.costs.backwardInput).toEqual(half.costs.backwardInput);
    expect(s.costs.backwardWeight).toEqual(half.costs.backwardWeight);
    expect(s.parts).toEqual(half.parts);
    expect(s.p2p.bytes).toBe(half.p2p.bytes);
    expect(s.memory.activation).toBe(half.memory.activation);
    expect(s.memory.weightGradStash).toBe(half.memory.weightGradStash);
    // the micro-batch is half as large, so one sequence's activations: half of the scenario's
    expect(s.memory.activation).toBeCloseTo(base.memory.activation / 2, 0);
    expect(s.derive?.run.microBatchSize).toBe(1);
  });

  it('makes B slower and activations smaller with full recomputation, as the cost model says', () => {
    const section = tinySectionMbs2();
    const base = derived(section);
    const none = build(base, choice({ recompute: 'none' }));
    const full = build(base, choice({ recompute: 'full' }));
    const model = direct({ ...section, run: { ...section.run, recompute: 'full' } });
    expect(full.costs.backwardInput).toEqual(model.costs.backwardInput);
    expect(full.memory.activation).toBe(model.memory.activation);
    const b = (s: Scenario, d: number) =>
      Array.isArray(s.costs.backwardInput) ? s.costs.backwardInput[d] : s.costs.backwardInput;
    for (const d of [0, 1]) expect(b(full, d)).toBeGreaterThan(b(none, d));
    expect(full.memory.activation).toBeLessThan(none.memory.activation);
    expect(full.derive?.run.recompute).toBe('full');
  });

  it('reserves the SMs of the configuration for communication, slowing computation as the cost model says', () => {
    const section = tinySectionMbs2();
    const base = derived(section);
    const s = build(base, choice({ smReserved: 5 }));
    const model = direct({ ...section, parallelism: { ...section.parallelism, commSms: 5 } });
    expect(s.smSplit.reserved).toBe(5);
    expect(s.costs.forward).toEqual(model.costs.forward);
    expect(s.costs.forward).not.toEqual(base.costs.forward);
  });

  it('refuses an m that does not split the global batch into whole sequences, saying why', () => {
    const base = derived(tinySectionMbs2());
    const scaler = costModelScaler();
    for (const m of [3, 16]) {
      const r = scaler.scenarioFor(base, choice({ microbatches: m }));
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.path).toBe('microbatches');
      // 16 sequences over DP 2: 8 per replica
      expect(r.error.message).toContain(`8 / ${m} is not a whole number`);
    }
    const run = runInline({
      base,
      request: { schedules: ['1f1b'], microbatches: [3, 4, 8], pairing: ['off'], recompute: ['none'] },
      constraints: { capacity: null, activationLimit: null },
    });
    expect(run.report.evaluated).toBe(3);
    expect(run.report.infeasible.rules).toBe(1);
    expect(run.report.rejections[0]).toMatchObject({ reason: 'rules', count: 1 });
    expect(run.report.rejections[0].message).toMatch(/^microbatches: 3 micro-batches do not split/);
  });

  it("keeps the user's overrides, a per-micro-batch one scaled by m0 / m", () => {
    const section = tinySectionMbs2();
    const own = derived(section);
    const base: Scenario = {
      ...own,
      costs: { ...own.costs, backwardWeight: 3 },
      memory: { ...own.memory, capacity: 123e9 },
      derive: { ...(own.derive as DeriveSection), overrides: ['costs.backwardWeight', 'memory.capacity'] },
    };
    const s = build(base, choice({ microbatches: 8 }));
    expect(s.costs.backwardWeight).toBe(3 * (4 / 8));
    expect(s.memory.capacity).toBe(123e9);
    const half = direct({ ...section, run: { ...section.run, microBatchSize: 1 } });
    expect(s.costs.forward).toEqual(half.costs.forward);
  });

  it('sweeps none and full by default (selective only without FlashAttention), and only the m that divide', () => {
    const withFlash = derived(tinySectionMbs2((s) => ({ ...s, run: { ...s.run, flashAttention: true } })));
    const without = derived(tinySectionMbs2());
    const scaler = costModelScaler();
    expect(defaultRequest(withFlash, {}, scaler).recompute).toEqual(['none', 'full']);
    expect(defaultRequest(without, {}, scaler).recompute).toEqual(['none', 'selective', 'full']);
    // m0 = 4 x 1/4, 1/2, 1, 2, 4 = 1, 2, 4, 8, 16; 8 sequences per replica take 1, 2, 4, 8
    expect(defaultRequest(without, {}, scaler).microbatches).toEqual([1, 2, 4, 8]);
  });
});

describe('a configuration of a derived scenario applied to the scenario', () => {
  it('reproduces the makespan exactly under simulate, through JSON', () => {
    const base = derived(tinySectionMbs2());
    const run = runInline({
      base,
      request: {
        schedules: ['gpipe', '1f1b', 'zb-h1', 'interleaved-1f1b'],
        microbatches: [2, 4, 8],
        chunks: [1],
        pairing: ['off', 'on'],
        smReserved: [0, 2, 5],
        recompute: ['none', 'selective', 'full'],
      },
      constraints: { capacity: null, activationLimit: null },
    });
    const checked = expectConfigsReproduce(run, base, costModelScaler());
    expect(checked).toBeGreaterThan(100);
    // recomputation and the SM split change times: not every configuration takes as long
    const makespans = new Set(run.results.filter((r) => r.reason === null).map((r) => r.figures?.makespan));
    expect(makespans.size).toBeGreaterThan(checked / 4);
  });

  it('holds the re-derived derive section, so the applied scenario re-derives to itself', () => {
    const base = loaded(derivedExample);
    const run = runInline({
      base,
      request: { schedules: ['dualpipe'], microbatches: [60], smReserved: [10], recompute: ['full'] },
      constraints: { capacity: null, activationLimit: null },
    });
    const [r] = run.results;
    const config = configOf(r, base, run.space, costModelScaler()) as unknown as Scenario;
    expect(config.derive?.run).toEqual({ microBatchSize: 2, recompute: 'full' });
    expect(config.derive?.parallelism).toEqual({ schedule: 'dualpipe', vpp: 1, commSms: 10 });
    const applied = applyConfig(base, JSON.parse(JSON.stringify(config)));
    const again = direct(applied.derive as DeriveSection);
    expect(applied.costs).toEqual(again.costs);
    expect(applied.memory.activation).toBe(again.memory.activation);
  });
});
