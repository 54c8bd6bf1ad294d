import { describe, expect, it } from 'vitest';
import { tinyInput } from './cost-testkit';
import { deriveCosts } from './derive';
import { iterationFigures, runFigures } from './iteration';
import { costReport } from './report';

describe('iteration and run figures', () => {
  const r = deriveCosts(tinyInput());
  if (!r.ok) throw new Error('tiny input must derive');
  const d = r.derivation;

  it('follow from the makespan: tokens/s, MFU, GPU-hours per trillion tokens', () => {
    // 2 GPUs, 8 sequences x 4 tokens = 32 tokens, 8160 training FLOPs per token = 261120 FLOPs;
    // peak 1e6 FLOP/s; a 100 ms iteration
    const it = iterationFigures(d, 100);
    expect(it.tokens).toBe(32);
    expect(it.tokensPerSecond).toBeCloseTo(320, 9);
    expect(it.modelFlops).toBe(261120);
    expect(it.mfu).toBeCloseTo(261120 / (2 * 1e6 * 0.1), 12);
    expect(it.mfuBf16).toBe(it.mfu);
    expect(it.gpuHoursPerTrillionTokens).toBeCloseTo((2 * 0.1 * (1e12 / 32)) / 3600, 6);
  });

  it('scale tokens and FLOPs with the micro-batches the simulated scenario ran (an override)', () => {
    // 16 micro-batches instead of the derived 8: 64 tokens and twice the FLOPs in the same 100 ms
    const it = iterationFigures(d, 100, 16);
    expect(it.tokens).toBe(64);
    expect(it.modelFlops).toBe(2 * 261120);
    expect(it.mfu).toBeCloseTo((2 * 261120) / (2 * 1e6 * 0.1), 12);
    expect(it.gpuHoursPerTrillionTokens).toBeCloseTo((2 * 0.1 * (1e12 / 64)) / 3600, 6);
  });

  it('price a run of N tokens at a price per GPU-hour', () => {
    const it = iterationFigures(d, 100);
    const run = runFigures(it, d, { tokens: 64, pricePerGpuHour: 3 });
    // two iterations of 100 ms on 2 GPUs
    expect(run!.gpuHours).toBeCloseTo((2 * 0.2) / 3600, 15);
    expect(run!.cost).toBeCloseTo((3 * 2 * 0.2) / 3600, 15);
    expect(runFigures(it, d, {})).toBeNull();
    expect(runFigures(it, d, { tokens: 64 })!.cost).toBeNull();
  });
});

describe('costReport', () => {
  it('simulates the derived scenario and reports what the derive command prints', () => {
    const r = costReport(tinyInput(), { tokens: 320, pricePerGpuHour: 2 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const rep = r.report;
    expect(rep.model.parameters.total).toBe(1448);
    expect(rep.model.flopsPerToken.training).toBe(8160);
    expect(rep.model.flopsPerToken.training).toBe(
      rep.model.flopsPerToken.forward + rep.model.flopsPerToken.backward,
    );
    // 1F1B on 2 devices keeps 2 micro-batches in flight on device 0: parameters + 2 x activations
    expect(rep.memory.perDevice.peakInFlight).toBe(2);
    expect(rep.memory.perDevice.peak).toBe(728 * 18 + 2 * 1280);
    expect(rep.iteration.timeMs).toBe(r.analysis.metrics.makespan);
    expect(rep.iteration.microbatches).toBe(8);
    expect(rep.run!.gpuHours).toBeCloseTo((2 * rep.iteration.timeMs * 10) / 3.6e6, 12);
    expect(rep.computeToAllToAll).toEqual({ analytic: null, simulated: null, moeLayer: null });
    expect(rep.scenario).toBe(r.derivation.scenario);
  });

  it('passes errors through instead of throwing', () => {
    const input = tinyInput();
    input.parallelism = { ...input.parallelism, pp: 3 };
    const r = costReport(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].path).toBe('parallelism.pp');
  });
});
