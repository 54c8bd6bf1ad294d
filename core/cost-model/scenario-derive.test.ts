import { describe, expect, it } from 'vitest';
import { loadScenario, saveScenario } from '../format/scenario-file';
import { validateScenario } from '../format/validate';
import type { DeriveSection } from '../model/derive-section';
import type { Scenario } from '../model/scenario';
import { deepseekV3 } from '../presets/models';
import { tinyInput, tinyMoeModel, tinySection, v3Parallelism, v3Run } from './cost-testkit';
import {
  applyDerivation,
  deriveInput,
  deriveSection,
  derivedScenario,
  fieldMark,
  overridesAfterEdit,
  rederive,
  resetToDerived,
} from './scenario-derive';

/** DeepSeek-V3 on 2048 H800 by preset names, as `pipescope derive` writes it. */
function presetSection(): DeriveSection {
  return {
    model: 'deepseek-v3',
    run: v3Run(),
    parallelism: v3Parallelism(),
    hardware: { gpu: 'h800', efficiency: { compute: 0.6, intraNode: 0.8, interNode: 0.9 } },
    training: { tokens: null, pricePerGpuHour: null },
    overrides: [],
  };
}

/** The tiny MoE model on 2 devices with EP 2: layer 1 (MoE) on device 1, so parts differ by device. */
function moeSection(): DeriveSection {
  const base = tinyInput();
  return tinySection({
    ...base,
    model: tinyMoeModel(),
    parallelism: { ...base.parallelism, ep: 2, dp: 2 },
    run: { ...base.run, globalBatchSequences: 16 },
  });
}

function derived(section: DeriveSection): Scenario {
  const r = derivedScenario(section);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r.scenario;
}

const paths = (errors: { path: string }[]) => errors.map((e) => e.path);

describe('the derive section: presets by name or written out', () => {
  it("looks up the model, the GPU and its baseboard's links and GPUs per node", () => {
    const r = deriveInput(presetSection());
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.input.model).toBe(deepseekV3.model);
    expect(r.input.hardware.gpu.name).toBe('H800 SXM');
    expect(r.input.hardware.gpusPerNode).toBe(8);
    expect(r.input.hardware.intraNode.bandwidthGBps).toBe(200);
    expect(r.input.hardware.interNode.bandwidthGBps).toBe(50);
  });

  it('names the preset it does not know at its own path, with the ones it knows', () => {
    const s = presetSection();
    const r = deriveInput({
      ...s,
      model: 'gpt-9',
      hardware: { ...s.hardware, gpu: 'h9000', interNode: 'tin-can' },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(paths(r.errors)).toEqual(['derive.model', 'derive.hardware.gpu', 'derive.hardware.interNode']);
    expect(r.errors[0].message).toContain('deepseek-v3');
    expect(r.errors[2].message).toContain('ib-ndr');
  });

  it('needs GPUs per node and both links with a GPU written out', () => {
    const s = tinySection();
    const r = deriveInput({ ...s, hardware: { gpu: s.hardware.gpu, efficiency: s.hardware.efficiency } });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(paths(r.errors)).toEqual([
        'derive.hardware.intraNode',
        'derive.hardware.interNode',
        'derive.hardware.gpusPerNode',
      ]);
  });

  it("reports the cost model's rules at derive paths: a written-out field, or the preset that gave it", () => {
    const moe = moeSection();
    const model = { ...tinyMoeModel(), moe: { ...tinyMoeModel().moe!, expertsPerToken: 5 } };
    const tooMany = deriveSection({ ...moe, model });
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok) expect(paths(tooMany.errors)).toContain('derive.model.moe.expertsPerToken');

    const s = presetSection();
    const tp3 = deriveSection({ ...s, parallelism: { ...s.parallelism, tp: 3 } });
    expect(tp3.ok).toBe(false);
    if (!tp3.ok) expect(paths(tp3.errors)).toContain('derive.parallelism.tp');

    // 671B parameters with their optimizer state on 2 pipeline stages of 80 GB: the preset is at fault
    const big = deriveSection({
      ...s,
      parallelism: { ...s.parallelism, pp: 2, schedule: '1f1b', ep: 1, dp: 1 },
      run: { ...s.run, globalBatchSequences: 8 },
    });
    expect(big.ok).toBe(false);
    if (!big.ok) {
      expect(paths(big.errors)).toEqual(['derive.hardware.gpu']);
      expect(big.errors[0].message).toContain('does not fit');
    }
  });

  it('goes through the one validator: errors at derive paths, and the file still opens', () => {
    const s = derived(tinySection());
    expect(validateScenario(s).errors).toEqual([]);
    const broken: Scenario = {
      ...s,
      derive: { ...s.derive!, parallelism: { ...s.derive!.parallelism, pp: 3 } },
    };
    const v = validateScenario(broken);
    expect(paths(v.errors)).toEqual(['derive.parallelism.pp']);
    expect(v.opens).toBe(true);
    const text = saveScenario(broken);
    const loaded = loadScenario(text);
    expect(loaded.ok).toBe(true);
  });
});

describe('a derived scenario', () => {
  it('is the derivation plus its section, and saves and loads back unchanged', () => {
    const section = presetSection();
    const s = derived(section);
    const r = deriveSection(section);
    if (!r.ok) throw new Error('derives');
    expect(s.devices).toBe(16);
    expect(s.microbatches).toBe(120);
    expect(s.costs).toEqual(r.derivation.scenario.costs);
    expect(s.parts).toEqual(r.derivation.scenario.parts);
    expect(s.derive).toEqual({ ...section, overrides: [] });
    const loaded = loadScenario(saveScenario(s));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.warnings).toEqual([]);
    expect(loaded.scenario).toEqual(s);
    expect(saveScenario(loaded.scenario)).toBe(saveScenario(s));
  });

  it('keeps per-device parts where the stages differ (the tiny MoE: all-to-all only on device 1)', () => {
    const s = derived(moeSection());
    expect(s.parts!.forward.dispatch).toEqual([0, expect.any(Number)]);
    expect((s.parts!.forward.dispatch as number[])[1]).toBeGreaterThan(0);
  });
});

describe('overrides', () => {
  const base = derived(tinySection());
  const f = base.costs.forward as number[];

  it('an edit of a derived value marks it: one device of a per-device field, or the whole field', () => {
    const one = structuredClone(base);
    (one.costs.forward as number[])[1] = 9;
    expect(overridesAfterEdit(base, one, [])).toEqual(['costs.forward[1]']);
    const all = structuredClone(base);
    all.costs.forward = 3;
    expect(overridesAfterEdit(base, all, [])).toEqual(['costs.forward']);
    const scalar = structuredClone(base);
    scalar.microbatches = 12;
    scalar.memory.capacity = null;
    expect(overridesAfterEdit(base, scalar, ['p2p.time'])).toEqual([
      'p2p.time',
      'microbatches',
      'memory.capacity',
    ]);
  });

  it('lists growing with the devices mark only the devices; parts switched by hand mark parts', () => {
    const grown = structuredClone(base);
    grown.devices = 3;
    grown.costs.forward = [...f, f[1]];
    expect(overridesAfterEdit(base, grown, [])).toEqual(['devices']);
    const parts = structuredClone(base);
    parts.parts = {
      forward: { attention: 1, dispatch: 0, mlp: 1, combine: 0 },
      backward: { combine: 0, mlpInput: 1, mlpWeight: 1, dispatch: 0, attentionInput: 1, attentionWeight: 1 },
    };
    expect(overridesAfterEdit(base, parts, [])).toEqual(['parts']);
    // an override already covering the path is not repeated
    expect(overridesAfterEdit(base, parts, ['parts'])).toEqual(['parts']);
  });

  it('re-deriving changes what follows the derivation and keeps what was overridden', () => {
    const s = structuredClone(base);
    (s.costs.forward as number[])[1] = 9;
    s.microbatches = 12;
    s.derive = {
      ...s.derive!,
      overrides: ['costs.forward[1]', 'microbatches'],
      // twice the tokens per sequence: every compute time at least doubles (attention grows faster)
      run: { ...s.derive!.run, seqLength: 8 },
    };
    const r = rederive(s);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const g = r.scenario.costs.forward as number[];
    expect(g[0]).toBeGreaterThan(2 * f[0] - 1e-12);
    expect(g[1]).toBe(9);
    expect(r.scenario.microbatches).toBe(12);
    expect(r.scenario.derive!.overrides).toEqual(['costs.forward[1]', 'microbatches']);
    // the input scenario is not changed
    expect((s.costs.forward as number[])[0]).toBe(f[0]);
  });

  it('keeps overridden devices and their count: per-device values follow the overridden devices', () => {
    const s = structuredClone(base);
    s.devices = 3;
    s.costs.forward = [1, 2, 3];
    s.derive = { ...s.derive!, overrides: ['devices', 'costs.forward[2]'] };
    applyDerivation(s, base, s.derive.overrides);
    // device 2 has no derived value of its own: the last device's stands in for it
    expect(s.costs.forward).toEqual([f[0], f[1], 3]);
    expect(s.costs.backwardInput).toEqual([
      ...(base.costs.backwardInput as number[]),
      (base.costs.backwardInput as number[])[1],
    ]);
    expect(validateScenario(s).errors).toEqual([]);
  });

  it('keeps chunk parts switched off by hand, and drops derived parts the derivation no longer gives', () => {
    const moe = derived(moeSection());
    const off = structuredClone(moe);
    off.parts = null;
    applyDerivation(off, moe, ['parts']);
    expect(off.parts).toBeNull();
    applyDerivation(off, moe, []);
    expect(off.parts).toEqual(moe.parts);
    applyDerivation(off, base, []);
    expect(off.parts).toBeNull();
  });

  it('resets one path to its derived value, keeping the other overrides and values', () => {
    const s = structuredClone(base);
    s.costs.forward = [7, 8];
    s.microbatches = 12;
    s.derive = { ...s.derive!, overrides: ['costs.forward', 'microbatches'] };
    resetToDerived(s, base, 'costs.forward[0]');
    // device 0 back to its derived value; device 1 still overridden, alone now
    expect(s.costs.forward).toEqual([f[0], 8]);
    expect(s.derive.overrides).toEqual(['costs.forward[1]', 'microbatches']);
    resetToDerived(s, base, 'microbatches');
    expect(s.microbatches).toBe(base.microbatches);
    expect(s.derive.overrides).toEqual(['costs.forward[1]']);
    resetToDerived(s, base, 'costs.forward');
    expect(s.costs.forward).toEqual(base.costs.forward);
    expect(s.derive.overrides).toEqual([]);
  });

  it("marks each field's state for the editor: derived with its formula, overridden, or stale", () => {
    const s = structuredClone(base);
    s.derive = { ...s.derive!, overrides: ['costs.forward[1]'] };
    const d = deriveSection(s.derive);
    if (!d.ok) throw new Error('derives');
    const derivation = d.derivation;
    expect(fieldMark(s, derivation, 'costs.forward[0]')).toMatchObject({ state: 'derived', stale: false });
    expect(fieldMark(s, derivation, 'costs.forward[0]')!.record!.formula).toContain(
      'F = k (attention + MLP)',
    );
    expect(fieldMark(s, derivation, 'costs.forward[1]')).toMatchObject({
      state: 'overridden',
      derivedValue: f[1],
    });
    // shown as one value while one device is overridden: overridden
    expect(fieldMark(s, derivation, 'costs.forward')!.state).toBe('overridden');
    s.memory.activation = 1;
    expect(fieldMark(s, derivation, 'memory.activation')).toMatchObject({ state: 'derived', stale: true });
    expect(fieldMark(s, derivation, 'name')).toBeNull();
    expect(fieldMark({ ...s, derive: undefined }, derivation, 'devices')).toBeNull();
  });
});
