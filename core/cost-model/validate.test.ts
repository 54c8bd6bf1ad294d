import { describe, expect, it } from 'vitest';
import { clusterHardware, findGpuPreset } from '../presets/index';
import { deepseekV3, llama31_405b } from '../presets/models';
import { tinyInput, tinyMoeModel } from './cost-testkit';
import { deriveCosts } from './derive';
import { type CostModelInput, PARALLEL_DEFAULTS, RUN_DEFAULTS } from './types';
import { costModelErrors } from './validate';

function moeInput(over: (i: CostModelInput) => void): CostModelInput {
  const input = tinyInput({ model: tinyMoeModel() });
  over(input);
  return input;
}

const paths = (errors: { path: string }[]) => errors.map((e) => e.path);

describe('costModelErrors', () => {
  it('accepts the tiny inputs', () => {
    expect(costModelErrors(tinyInput())).toEqual([]);
    expect(costModelErrors(moeInput(() => {}))).toEqual([]);
  });

  it('names experts per token above the routed experts', () => {
    const e = costModelErrors(moeInput((i) => (i.model.moe!.expertsPerToken = 5)));
    expect(e).toEqual([
      {
        path: 'model.moe.expertsPerToken',
        message: 'cannot exceed the 4 routed experts (a token picks distinct experts; got 5)',
      },
    ]);
  });

  it('names a TP that does not divide the heads, or the key/value heads', () => {
    const heads = costModelErrors(tinyInput({ parallelism: { ...tinyInput().parallelism, tp: 3 } }));
    expect(heads[0]).toEqual({
      path: 'parallelism.tp',
      message: 'must divide the 2 attention heads (TP splits whole heads; got 3)',
    });
    const kv = costModelErrors(tinyInput({ parallelism: { ...tinyInput().parallelism, tp: 2 } }));
    expect(kv.map((e) => e.message)).toContain(
      'must divide the 1 key/value heads (TP splits whole GQA groups; got 2)',
    );
  });

  it('names an EP that does not divide the experts, or DP x TP', () => {
    const e = costModelErrors(
      moeInput((i) => {
        i.parallelism.ep = 3;
        i.parallelism.dp = 2;
        i.run.globalBatchSequences = 8;
      }),
    );
    expect(e.map((x) => [x.path, x.message])).toEqual([
      ['parallelism.ep', 'must divide the 4 routed experts so every EP rank holds as many (got 3)'],
      [
        'parallelism.ep',
        'must divide DP x TP = 2: expert-parallel groups are carved out of the data- and tensor-parallel ranks of a stage (got 3)',
      ],
      [
        'parallelism.ep',
        'spans more than one 2-GPU node, so it must fill whole nodes (a multiple of 2; got 3)',
      ],
    ]);
  });

  it('names layers that cannot fill the stages', () => {
    const e = costModelErrors(
      tinyInput({ parallelism: { ...tinyInput().parallelism, pp: 2, schedule: 'zb-v' } }),
    );
    expect(e).toEqual([
      {
        path: 'parallelism.pp',
        message: '2 layers cannot fill the 4 stages of zb-v with PP 2 (every stage needs a layer): lower PP',
      },
    ]);
  });

  it('names a global batch that does not split into DP x micro-batches, and FP8 on a GPU without it', () => {
    const a100 = clusterHardware(findGpuPreset('a100')!);
    const input = tinyInput({ hardware: a100 });
    input.run = { ...input.run, globalBatchSequences: 9, microBatchSize: 2, precision: 'fp8' };
    expect(paths(costModelErrors(input))).toEqual(['run.precision', 'run.globalBatchSequences']);
  });

  it('collects every error at once', () => {
    const input = moeInput((i) => {
      i.model.moe!.expertsPerToken = 9;
      i.parallelism.tp = 3;
      i.parallelism.ep = 3;
      i.hardware.efficiency.compute = 1.5;
      i.run.seqLength = 0;
    });
    expect(paths(costModelErrors(input))).toEqual([
      'model.moe.expertsPerToken',
      'run.seqLength',
      'parallelism.tp', // heads
      'parallelism.tp', // FFN of the dense layer 0
      'parallelism.ep', // 4 experts (DP x TP = 3 is divisible)
      'parallelism.ep', // spans nodes of 2 GPUs unevenly
      'hardware.efficiency.compute',
    ]);
  });
});

describe('deriveCosts on inputs that cannot run', () => {
  it('says when the model does not fit the GPU before any activation', () => {
    // Llama-3.1-405B on 8 H100s, one pipeline stage: 405B x 18 bytes / 8 with TP 8 is ~850 GB per GPU
    const r = deriveCosts({
      model: llama31_405b.model,
      run: { ...RUN_DEFAULTS, seqLength: 8192, microBatchSize: 1, globalBatchSequences: 8 },
      parallelism: {
        ...PARALLEL_DEFAULTS,
        pp: 1,
        schedule: '1f1b',
        tp: 8,
        dp: 1,
        distributedOptimizer: false,
      },
      hardware: clusterHardware(findGpuPreset('h100-sxm')!),
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].path).toBe('hardware.gpu.memoryGB');
    expect(r.errors[0].message).toMatch(
      /^Llama-3.1-405B does not fit: device 0 needs \d+\.\d GiB .* over the H100 SXM's 80 GB/,
    );
    expect(r.errors[0].message).toMatch(/turn on the distributed optimizer/);
  });

  it('returns the validation errors instead of a derivation', () => {
    const r = deriveCosts({
      model: deepseekV3.model,
      run: { ...RUN_DEFAULTS, seqLength: 4096, microBatchSize: 1, globalBatchSequences: 1024 },
      parallelism: { ...PARALLEL_DEFAULTS, pp: 16, schedule: 'dualpipe', dp: 128, ep: 48 },
      hardware: clusterHardware(findGpuPreset('h800')!),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(paths(r.errors)).toContain('parallelism.ep');
  });
});
