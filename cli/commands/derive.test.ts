import { describe, expect, it } from 'vitest';
import { parameterCounts } from '../../core/cost-model/parameters';
import { analyze } from '../../core/analyze';
import { loadScenario } from '../../core/format/scenario-file';
import { MODEL_PRESETS, GPU_PRESETS, findModelPreset } from '../../core/presets/index';
import { runCli } from '../commands';
import { memoryIO } from '../memory-io.test-helper';

/** DeepSeek-V3 as its report trains it, on the command line. */
const V3 = [
  'derive',
  '--model',
  'deepseek-v3',
  '--gpu',
  'h800',
  '--pp',
  '16',
  '--ep',
  '64',
  '--dp',
  '128',
  '--seq',
  '4096',
  '--micro-batch-size',
  '1',
  '--global-batch',
  '15360',
  '--schedule',
  'dualpipe',
  '--precision',
  'fp8',
  '--comm-sms',
  '20',
];

describe('pipescope models and gpus', () => {
  it('models --json lists every preset with its counts, as the cost model counts them', async () => {
    const t = memoryIO();
    expect(await runCli(['models', '--json'], t.io)).toBe(0);
    const j = JSON.parse(t.stdout());
    expect(j.models.map((m: { id: string }) => m.id)).toEqual(MODEL_PRESETS.map((p) => p.id));
    const v3 = j.models.find((m: { id: string }) => m.id === 'deepseek-v3');
    // published: 671B total, 37B activated (within 2%, parameters.test.ts); MTP counted apart
    expect(Math.abs(v3.parameters.total / 671e9 - 1)).toBeLessThan(0.02);
    expect(Math.abs(v3.parameters.activated / 37e9 - 1)).toBeLessThan(0.02);
    expect(v3.parameters.mtp.total).toBeGreaterThan(11e9);
    expect(v3.experts).toEqual({ routed: 256, perToken: 8, shared: 1 });
    expect(v3.model).toEqual(findModelPreset('deepseek-v3')!.model);
  });

  it('models prints one line per preset with total and activated parameters in billions', async () => {
    const t = memoryIO();
    expect(await runCli(['models'], t.io)).toBe(0);
    const line = t
      .stdout()
      .split('\n')
      .find((l) => l.startsWith('mixtral-8x7b'))!;
    const c = parameterCounts(findModelPreset('mixtral-8x7b')!.model);
    expect(line).toContain(`${(c.total / 1e9).toFixed(2)}B`);
    expect(line).toContain(`${(c.activated / 1e9).toFixed(2)}B`);
  });

  it('gpus --json lists every GPU with its links, and the interconnects', async () => {
    const t = memoryIO();
    expect(await runCli(['gpus', '--json'], t.io)).toBe(0);
    const j = JSON.parse(t.stdout());
    expect(j.gpus.map((g: { id: string }) => g.id)).toEqual(GPU_PRESETS.map((p) => p.id));
    const h800 = j.gpus.find((g: { id: string }) => g.id === 'h800');
    expect(h800).toMatchObject({ peakTflops: { bf16: 989.5, fp8: 1979 }, memoryGB: 80, smCount: 132 });
    expect(h800.links.intraNode).toEqual({ id: 'nvlink4-h800', name: 'NVLink 4 (H800)', bandwidthGBps: 200 });
    expect(j.interconnects.some((l: { id: string }) => l.id === 'ib-ndr')).toBe(true);
  });
});

describe('pipescope derive', () => {
  it('--json prints one object with the figures the contract lists', async () => {
    const t = memoryIO();
    expect(await runCli([...V3, '--tokens', '14.8e12', '--price', '2', '--json'], t.io)).toBe(0);
    const lines = t.stdout().trim();
    const j = JSON.parse(lines);
    expect(Object.keys(j.model.parameters)).toEqual(expect.arrayContaining(['total', 'activated', 'mtp']));
    const f = j.model.flopsPerToken;
    expect(f.training).toBe(f.forward + f.backward);
    // k h p per token per MoE layer: 8 x 7168 x (1 + 4/128) FP8, x 2 BF16
    expect(j.allToAll.bytesPerToken).toEqual({ dispatch: 8 * 7168 * (1 + 4 / 128), combine: 8 * 7168 * 2 });
    for (const k of ['parameters', 'gradients', 'optimizer', 'activationsPerMicrobatch', 'peak'])
      expect(j.memory.perDevice[k]).toBeGreaterThan(0);
    const it = j.iteration;
    // 15360 sequences of 4096 tokens; GPU-hours per 1e12 tokens = 2048 GPUs x time x (1e12 / tokens) / 3600 s
    expect(it.tokens).toBe(15360 * 4096);
    expect(it.tokensPerSecond).toBeCloseTo(it.tokens / (it.timeMs / 1e3), 6);
    expect(it.gpuHoursPerTrillionTokens).toBeCloseTo(
      (2048 * (it.timeMs / 1e3) * (1e12 / it.tokens)) / 3600,
      6,
    );
    expect(it.mfu).toBeGreaterThan(0);
    expect(it.mfu).toBeLessThan(1);
    expect(j.run.gpuHours).toBeCloseTo(it.gpuHoursPerTrillionTokens * 14.8, 3);
    expect(j.run.cost).toBeCloseTo(2 * j.run.gpuHours, 6);
    // the scenario simulates as the report says
    const a = analyze(j.scenario);
    expect(a.ok && a.analysis.metrics.makespan).toBeCloseTo(it.timeMs, 9);
    expect(j.scenario.derive.model).toBe('deepseek-v3');
  });

  it('-o writes the scenario with its derive section, which simulate accepts', async () => {
    const t = memoryIO();
    expect(await runCli([...V3, '-o', 'v3.json'], t.io)).toBe(0);
    expect(t.stdout()).toContain('wrote v3.json');
    const loaded = loadScenario(t.files['v3.json']);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.warnings).toEqual([]);
    expect(loaded.scenario.derive?.parallelism).toMatchObject({
      pp: 16,
      ep: 64,
      dp: 128,
      schedule: 'dualpipe',
    });
    expect(loaded.scenario.derive?.overrides).toEqual([]);
    const sim = memoryIO({ 'v3.json': t.files['v3.json'] });
    expect(await runCli(['simulate', 'v3.json', '--json'], sim.io)).toBe(0);
    expect(JSON.parse(sim.stdout()).devices).toBe(16);
  });

  it('prints the figures with their units and scope as text', async () => {
    const t = memoryIO();
    expect(await runCli([...V3, '--tokens', '14.8e12', '--price', '2'], t.io)).toBe(0);
    const s = t.stdout();
    expect(s).toMatch(/^DeepSeek-V3 on 2048 H800 SXM/);
    expect(s).toContain('GPU-hours per trillion tokens:');
    expect(s).toMatch(/training run: +14\.8T tokens: [\d.]+M GPU-hours, \$[\d.]+M at \$2\/GPU-hour/);
    expect(s).toContain('of the FP8 dense peak');
  });

  it('names the flag and the rule of a layout the model cannot take, and exits 1', async () => {
    const t = memoryIO();
    expect(await runCli([...V3.slice(0, 7), '--tp', '3', ...V3.slice(7)], t.io)).toBe(1);
    expect(t.stderr()).toContain(
      'pipescope derive: --tp (derive.parallelism.tp): must divide the 128 attention heads',
    );
    const e = memoryIO();
    // EP 48 does not divide DeepSeek-V3's 256 routed experts
    const ep = [...V3];
    ep[ep.indexOf('64')] = '48';
    expect(await runCli(ep, e.io)).toBe(1);
    expect(e.stderr()).toContain('--ep (derive.parallelism.ep): must divide the 256 routed experts');
  });

  it('says a model that does not fit the GPU, naming the GPU', async () => {
    const t = memoryIO();
    const args = ['derive', '--model', 'deepseek-v3', '--gpu', 'a100', '--pp', '2', '--ep', '1'];
    expect(
      await runCli([...args, '--seq', '4096', '--micro-batch-size', '1', '--global-batch', '8'], t.io),
    ).toBe(1);
    expect(t.stderr()).toMatch(/--gpu \(derive\.hardware\.gpu\): DeepSeek-V3 does not fit: device \d+ needs/);
  });

  it('reads a model written out in a file, and names the field of a bad one', async () => {
    const model = { ...findModelPreset('mixtral-8x7b')!.model, name: 'my-moe' };
    const args = ['--gpu', 'h100-sxm', '--pp', '4', '--ep', '8', '--seq', '4096', '--micro-batch-size', '1'];
    const t = memoryIO({ 'm.json': JSON.stringify(model) });
    expect(
      await runCli(['derive', '--model', 'm.json', ...args, '--global-batch', '64', '--json'], t.io),
    ).toBe(0);
    expect(JSON.parse(t.stdout()).model.name).toBe('my-moe');
    const bad = memoryIO({
      'm.json': JSON.stringify({ ...model, moe: { ...model.moe, expertsPerToken: 9 } }),
    });
    expect(await runCli(['derive', '--model', 'm.json', ...args, '--global-batch', '64'], bad.io)).toBe(1);
    expect(bad.stderr()).toContain('--model m.json: moe.expertsPerToken: cannot exceed the 8 routed experts');
    const missing = memoryIO();
    expect(await runCli(['derive', '--model', 'gpt-9', ...args, '--global-batch', '64'], missing.io)).toBe(1);
    expect(missing.stderr()).toContain('--model gpt-9: not a model preset (deepseek-v3,');
  });

  it('needs the global batch once, in sequences or in tokens (exit 2)', async () => {
    const t = memoryIO();
    expect(await runCli(V3.slice(0, -8), t.io)).toBe(2);
    expect(t.stderr()).toContain('--global-batch G (sequences) or --global-batch-tokens N');
    const both = memoryIO();
    expect(await runCli([...V3, '--global-batch-tokens', '1000'], both.io)).toBe(2);
    const gpu = memoryIO();
    expect(await runCli(['derive', '--gpu', 'h9000'], gpu.io)).toBe(2);
    expect(gpu.stderr()).toContain('--gpu must be one of h800, h100-sxm');
  });
});
