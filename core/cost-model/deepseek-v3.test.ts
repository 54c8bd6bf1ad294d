import { describe, expect, it } from 'vitest';
import { clusterHardware, findGpuPreset } from '../presets/index';
import { deepseekV3 } from '../presets/models';
import { type CostReport, costReport } from './report';
import { v3Parallelism, v3Run } from './cost-testkit';
import type { CostModelInput } from './types';

/**
 * DeepSeek-V3's pre-training as its technical report (arXiv 2412.19437) describes it: 2048 H800
 * in nodes of 8, PP 16 with DualPipe, EP 64 over 8 nodes, ZeRO-1 DP 128, 4K sequences, a global
 * batch of 15360 sequences, FP8 GEMMs, FP8 dispatch and BF16 combine, 20 of 132 SMs for
 * communication. The micro-batch of one 4K sequence follows DeepEP's "4096 tokens per batch" for
 * the V3 pre-training setting. docs/cost-model.md discusses the figures.
 */
function v3(over: { recompute?: 'none' | 'full'; allToAll?: 'node-dedup' | 'flat' } = {}): CostModelInput {
  return {
    model: deepseekV3.model,
    run: { ...v3Run(), recompute: over.recompute ?? 'none' },
    parallelism: { ...v3Parallelism(), allToAll: over.allToAll ?? 'node-dedup' },
    hardware: clusterHardware(findGpuPreset('h800')!),
  };
}

function report(input: CostModelInput): CostReport {
  const r = costReport(input, { tokens: 14.8e12, pricePerGpuHour: 2 });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r.report;
}

/** The report: 180K H800 GPU-hours per trillion tokens, 2.664M for the 14.8T-token pre-training. */
const REPORTED_PER_TRILLION = 180e3;
const REPORTED_PRETRAINING = 2.664e6;

describe('DeepSeek-V3 on 2048 H800 (PP16 DualPipe, EP64, DP128)', () => {
  const r = report(v3());

  it('lays the run out as the report does: 2048 GPUs, 120 micro-batches of 4096 tokens per pipeline', () => {
    expect(r.iteration.gpus).toBe(2048);
    expect(r.iteration.microbatches).toBe(120);
    expect(r.iteration.tokens).toBe(15360 * 4096);
    expect(r.scenario.devices).toBe(16);
    expect(r.scenario.smSplit).toEqual({ total: 132, reserved: 20 });
  });

  it('puts computation and the all-to-all within a factor of two of each other (the report: about 1:1)', () => {
    const ratio = r.computeToAllToAll.analytic!;
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    // the simulation adds the same work up over the iteration (its times rounded to the ns)
    expect(r.computeToAllToAll.simulated).toBeCloseTo(ratio, 6);
    // sending one copy per expert instead of one per node doubles the network bytes
    const flat = report(v3({ allToAll: 'flat' })).computeToAllToAll.analytic!;
    expect(flat).toBeLessThan(ratio);
  });

  it("moves a micro-batch's all-to-all in the time DeepEP measured for V3's setting (within 5%)", () => {
    // DeepEP (normal kernels, EP64, 4096 tokens, hidden 7168, top-4 groups, top-8 experts): 51 GB/s
    // dispatch (FP8) and 50 GB/s combine (BF16), counting each token once per destination node, its
    // own node included: 4 nodes with node-limited routing
    const perToken = (bytesPerElement: number) => 4 * 7168 * bytesPerElement;
    const dispatchMs = ((4096 * perToken(1 + 4 / 128)) / 51e9) * 1e3;
    const combineMs = ((4096 * perToken(2)) / 50e9) * 1e3;
    expect(Math.abs(r.allToAll.perLayerMs.forwardDispatch / dispatchMs - 1)).toBeLessThan(0.05);
    expect(Math.abs(r.allToAll.perLayerMs.forwardCombine / combineMs - 1)).toBeLessThan(0.05);
  });

  it("gives one MoE layer's forward about 1:1 and its backward about 2:1 (twice the GEMMs, the same bytes)", () => {
    const layer = r.computeToAllToAll.moeLayer!;
    expect(layer.forward!).toBeGreaterThan(0.75);
    expect(layer.forward!).toBeLessThan(1.25);
    expect(layer.backward!).toBeGreaterThan(1.5);
    expect(layer.backward!).toBeLessThan(2.5);
    // the pair lies between; the whole micro-batch adds dense layers, head and MTP (computation only)
    expect(layer.pair!).toBeGreaterThan(layer.forward!);
    expect(r.computeToAllToAll.analytic!).toBeGreaterThan(layer.pair!);
  });

  it('needs fewer GPU-hours per trillion tokens than the report at the default efficiencies, within a factor of 2.5', () => {
    // a model of one steady iteration leaves out load imbalance, failures and everything between iterations
    const perTrillion = r.iteration.gpuHoursPerTrillionTokens;
    expect(perTrillion).toBeLessThan(REPORTED_PER_TRILLION);
    expect(perTrillion).toBeGreaterThan(REPORTED_PER_TRILLION / 2.5);
    expect(r.run!.gpuHours).toBeLessThan(REPORTED_PRETRAINING);
    expect(r.run!.cost).toBeCloseTo(2 * r.run!.gpuHours, 6);
  });

  it('does not fit 80 GB with every BF16 activation kept, and fits with full recomputation', () => {
    // DualPipe keeps PP + 1 = 17 micro-batches in flight on the middle devices
    expect(r.memory.perDevice.peakInFlight).toBe(17);
    expect(r.memory.perDevice.peak).toBeGreaterThan(r.memory.capacity);
    const full = report(v3({ recompute: 'full' }));
    expect(full.memory.perDevice.peak).toBeLessThan(full.memory.capacity);
    expect(full.iteration.timeMs).toBeGreaterThan(r.iteration.timeMs);
  });
});
