import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { validateScenario } from '../format/validate';
import { MODEL_PRESETS, presetInput } from '../presets/index';
import { tinyInput, tinyMoeModel } from './cost-testkit';
import { type CostDerivation, deriveCosts } from './derive';
import type { CostModelInput } from './types';

function derive(input: CostModelInput, parts?: 'auto' | 'always' | 'never'): CostDerivation {
  const r = deriveCosts(input, parts ? { parts } : {});
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r.derivation;
}

describe('deriveCosts: the tiny model by hand', () => {
  // 1e3 FLOP per ms, 4 tokens per micro-batch, 1F1B over 2 stages of one layer each.
  // Per token, layer: attention F 384 + core 80, B 384 + 160, W 384; MLP F = B = W = 768; head 256.
  const d = derive(tinyInput());
  const s = d.scenario;

  it('gives F, B, W per device: stage 0 one layer, stage 1 one layer and the head', () => {
    // device 0: F = (464 + 768) x 4 / 1e3, B = (544 + 768) x 4 / 1e3, W = (384 + 768) x 4 / 1e3
    // device 1: + 256 x 4 / 1e3 = 1.024 each
    expect(d.layout.layersPerStage).toEqual([1, 1]);
    const f = s.costs.forward as number[];
    const b = s.costs.backwardInput as number[];
    const w = s.costs.backwardWeight as number[];
    expect(f[0]).toBeCloseTo(4.928, 12);
    expect(b[0]).toBeCloseTo(5.248, 12);
    expect(w[0]).toBeCloseTo(4.608, 12);
    expect(f[1]).toBeCloseTo(5.952, 12);
    expect(b[1]).toBeCloseTo(6.272, 12);
    expect(w[1]).toBeCloseTo(5.632, 12);
    expect(s.parts).toBeNull();
  });

  it('fills the rest of the scenario: devices, micro-batches, P2P, SMs, memory', () => {
    expect(s.devices).toBe(2);
    expect(s.microbatches).toBe(8);
    expect(s.schedule).toBe('1f1b');
    // P2P: 1 x 4 tokens x hidden 8 x 2 bytes, over the intra-node link (TP x DP = 1 < 2 GPUs per node)
    expect(s.p2p).toEqual({ time: 0, bytes: 64, bandwidth: 1, occupiesComm: false });
    expect(s.smSplit).toEqual({ total: 10, reserved: 0 });
    // activations, largest on the head's stage (activations.test.ts works them out): its layer keeps
    // 4 tokens x 224 = 896 bytes, the head 4 x 96 = 384
    expect(s.memory.activation).toBe(896 + 384);
    // W keeps the GEMM inputs: layer 4 x 80, head input 4 x 16
    expect(s.memory.weightGradStash).toBe(320 + 64);
    // parameters of the last stage: layer 592 + head 128 + final norm 8 = 728, x 18 bytes (DP 1)
    expect(s.memory.parameters).toBe(728 * 18);
    expect(s.memory.capacity).toBe(1000e9);
    expect(validateScenario(s).errors).toEqual([]);
  });

  it('records how every derived scenario value came about', () => {
    for (const key of [
      'devices',
      'microbatches',
      'costs.forward[0]',
      'costs.backwardInput[1]',
      'costs.backwardWeight[1]',
      'p2p.bytes',
      'p2p.bandwidth',
      'memory.activation',
      'memory.weightGradStash',
      'memory.parameters',
      'memory.capacity',
    ]) {
      expect(d.derived[key], key).toBeDefined();
      expect(d.derived[key].formula.length).toBeGreaterThan(10);
    }
    expect(d.derived['costs.forward[1]'].value).toBe((s.costs.forward as number[])[1]);
    expect(d.derived.microbatches.inputs).toEqual({ globalBatchSequences: 8, DP: 1, microBatchSize: 1 });
  });

  it('makes the records when first read, and gives the same ones on every read, through JSON and structured clone', () => {
    const fresh = derive(tinyInput());
    const first = fresh.derived;
    expect(fresh.derived).toBe(first);
    expect(Object.keys(first)).toContain('costs.forward[0]');
    expect(JSON.parse(JSON.stringify(fresh)).derived).toEqual(JSON.parse(JSON.stringify(first)));
    // as a worker posts a derivation to the page
    expect(structuredClone(derive(tinyInput())).derived).toEqual(first);
  });
});

describe('deriveCosts with experts', () => {
  const moeInput = (): CostModelInput =>
    tinyInput({
      model: tinyMoeModel(),
      parallelism: { ...tinyInput().parallelism, ep: 2, dp: 2, commSms: 2 },
      run: { ...tinyInput().run, globalBatchSequences: 16, dispatchPrecision: 'fp8' },
    });

  it('builds chunk parts with the all-to-all on its link, FP8 dispatch and BF16 combine', () => {
    const d = derive(moeInput());
    const p = d.scenario.parts!;
    expect(p).not.toBeNull();
    // EP 2 inside a 2-GPU node: k h p (EP - 1)/EP per token = 2 x 8 x p / 2; 4 tokens; 1e6 bytes/ms.
    const fp8 = 1 + 4 / 128;
    expect(d.allToAll.bytesPerToken).toEqual({ dispatch: 2 * 8 * fp8, combine: 2 * 8 * 2 });
    expect(d.allToAll.perLayerMs.forwardDispatch).toBeCloseTo((4 * 8 * fp8) / 1e6, 15);
    expect(d.allToAll.perLayerMs.forwardCombine).toBeCloseTo((4 * 16) / 1e6, 15);
    // Only layer 1 is MoE, on stage 1: device 0 has no all-to-all, device 1 one layer's (per device)
    expect(p.forward.dispatch).toEqual([0, d.allToAll.perLayerMs.forwardDispatch]);
    expect(p.commBytes!.forward.combine).toEqual([0, 4 * 16]);
    expect(p.commBandwidth).toBe(1);
    // bytes / bandwidth reproduce the ms the parts give
    expect((p.forward.combine as number[])[1]).toBeCloseTo((4 * 16) / 1e6, 15);
    expect(p.backward.combine).toEqual(p.forward.dispatch);
    // device 1 also runs the head: its MLP parts are longer than device 0's
    const mlp = p.forward.mlp as number[];
    expect(mlp[1]).toBeGreaterThan(mlp[0]);
    expect(d.scenario.smSplit).toEqual({ total: 10, reserved: 2 });
    expect(validateScenario(d.scenario).errors).toEqual([]);
  });

  it('doubling the micro-batch size doubles F, B, W and the all-to-all bytes per micro-batch, and no per-token figure', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom('1f1b' as const, 'dualpipe' as const, 'zb-v' as const),
        fc.boolean(),
        (seq, mbs, schedule, flash) => {
          const base = moeInput();
          const at = (b: number): CostModelInput => ({
            ...base,
            run: {
              ...base.run,
              seqLength: seq,
              microBatchSize: b,
              globalBatchSequences: 2 * 2 * b * 4,
              flashAttention: flash,
            },
            parallelism: { ...base.parallelism, pp: schedule === 'zb-v' ? 1 : 2, schedule },
          });
          const one = derive(at(mbs), 'always');
          const two = derive(at(2 * mbs), 'always');
          const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
          for (let dv = 0; dv < one.devices.length; dv++) {
            const c1 = one.devices[dv].costs;
            const c2 = two.devices[dv].costs;
            if (!close(c2.forward, 2 * c1.forward)) return false;
            if (!close(c2.backwardInput, 2 * c1.backwardInput)) return false;
            if (!close(c2.backwardWeight, 2 * c1.backwardWeight)) return false;
          }
          // (the derivation's own figures: the scenario rounds times to the ns and sizes to the byte)
          for (let dv = 0; dv < one.devices.length; dv++) {
            const b1 = one.devices[dv].parts.commBytes;
            const b2 = two.devices[dv].parts.commBytes;
            if (!b1 || !b2) {
              if (b1 !== b2) return false; // a device without MoE layers has no all-to-all either way
              continue;
            }
            for (const dir of ['forward', 'backward'] as const)
              for (const k of ['dispatch', 'combine'] as const)
                if (!close(b2[dir][k], 2 * b1[dir][k])) return false;
          }
          const act = (d: CostDerivation) => d.memory.perDevice.activationsPerMicrobatch;
          if (!close(act(two), 2 * act(one))) return false;
          if (!close(two.p2p.bytes, 2 * one.p2p.bytes)) return false;
          // per token: unchanged
          if (JSON.stringify(two.flops.perToken) !== JSON.stringify(one.flops.perToken)) return false;
          if (JSON.stringify(two.allToAll.bytesPerToken) !== JSON.stringify(one.allToAll.bytesPerToken))
            return false;
          return two.microbatches === one.microbatches;
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('deriveCosts on the presets', () => {
  for (const p of MODEL_PRESETS)
    it(`${p.id}: a scenario the simulator runs, on its setup under 1F1B and DualPipe`, () => {
      for (const schedule of ['1f1b', 'dualpipe'] as const) {
        const input = presetInput(p, schedule, 64);
        expect(input).toBeDefined();
        const r = deriveCosts(input!);
        expect(r.ok, JSON.stringify(r.ok ? null : r.errors)).toBe(true);
        if (!r.ok) return;
        const d = r.derivation;
        expect(d.layout.layersPerStage.reduce((a, b) => a + b)).toBe(p.model.layers);
        expect(d.scenario.microbatches).toBe(64);
        const a = analyze(d.scenario);
        expect(a.ok, JSON.stringify(a.ok ? null : a.errors)).toBe(true);
      }
    });
});
