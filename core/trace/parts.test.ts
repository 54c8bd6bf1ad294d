import { describe, expect, it } from 'vitest';
import { DEFAULT_PAIR_ORDER, PAIR_ORDER_ENTRIES } from '../model/costs';
import { analyzeTraceFile } from './analyze-trace';
import { defaultTraceMapping, parseTraceMapping, partMatcher } from './mapping';
import { measureParts, pairOrderSeen } from './parts';
import { readTrace } from './reader';
import { TraceBuilder } from './synthetic';

/** GPU time (us) of each DeepSeek part in one layer of the synthetic pair. */
const LAYER_US: [string, string, number][] = [
  ['combine(B)', 'void deep_ep::internode::combine<8>(int4*)', 300],
  ['attn(F)', 'flash_fwd_kernel', 1000],
  ['mlp(B)', 'grouped_gemm_dgrad', 800],
  ['dispatch(F)', 'void deep_ep::internode::dispatch<false, 8>(int4*)', 400],
  ['dispatch(B)', 'void deep_ep::internode::dispatch<true, 8>(int4*)', 150],
  ['mlp(W)', 'grouped_gemm_wgrad', 300],
  ['mlp(F)', 'grouped_gemm_fprop', 700],
  ['attn(B)', 'flash_bwd_kernel', 1500],
  ['attn(W)', 'wgrad_gemm', 100],
  ['combine(F)', 'void deep_ep::internode::combine<8>(int4*)', 200],
];

/**
 * A DeepSeek-style trace of one overlapped F&B pair: `ProfilerStep#1` > `1F1B` > per layer the ten
 * part annotations in the profile's order, each launching its kernel (communication parts on
 * stream 27, compute on stream 7). In layer 1 attn(F) launches two kernels (600 + 400 us).
 */
function deepseekPair(layers: number): TraceBuilder {
  const b = new TraceBuilder({ rank: 0, worldSize: 64 });
  const layerCpu = 1000;
  b.annotation('ProfilerStep#1', 0, layers * layerCpu + 100);
  b.annotation('1F1B', 10, layers * layerCpu + 50);
  let gpu = 0;
  for (let l = 0; l < layers; l++) {
    LAYER_US.forEach(([name, kernel, us], p) => {
      const t = 20 + l * layerCpu + p * 90;
      b.annotation(name, t, 80);
      const stream = kernel.includes('deep_ep') ? 27 : 7;
      if (name === 'attn(F)' && l === 1) {
        b.kernel(kernel, { stream, launch: t + 5, start: gpu, dur: 600 });
        b.kernel(kernel, { stream, launch: t + 10, start: gpu + 600, dur: 400 });
      } else b.kernel(kernel, { stream, launch: t + 5, start: gpu, dur: us });
      gpu += us;
    });
    // a kernel launched between two parts belongs to the 1F1B container
    b.kernel('elementwise', { stream: 7, launch: 20 + l * layerCpu + 950, start: gpu, dur: 10 });
    gpu += 10;
  }
  return b;
}

/** Sums of kernel durations carry float noise (times are differences from the trace origin). */
function expectClose(actual: Record<string, number>, expected: Record<string, number>): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const k of Object.keys(expected)) expect([k, actual[k]]).toEqual([k, expect.closeTo(expected[k], 12)]);
}

async function rankOf(b: TraceBuilder) {
  const r = await readTrace([b.text()]);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const a = analyzeTraceFile(r.trace, 0);
  if (!a.ok) throw new Error(JSON.stringify(a.errors));
  return a.ranks[0];
}

describe('measured parts from a DeepSeek-style F&B pair', () => {
  it('sums the layers of the chunk into each part, and reads the pair order', async () => {
    const r = await rankOf(deepseekPair(2));
    const m = measureParts(r.annotations, r.instances, defaultTraceMapping());
    expect(m).not.toBeNull();
    // two layers of each: 2 x the per-layer times, in ms
    expectClose(m!.parts.forward, { attention: 2, dispatch: 0.8, mlp: 1.4, combine: 0.4 });
    expectClose(m!.parts.backward, {
      combine: 0.6,
      mlpInput: 1.6,
      mlpWeight: 0.6,
      dispatch: 0.3,
      attentionInput: 3,
      attentionWeight: 0.2,
    });
    expect(m!.measured).toEqual([...PAIR_ORDER_ENTRIES]);
    expect(m!.pairOrder).toEqual([...DEFAULT_PAIR_ORDER]);
    expect(m!.warnings).toEqual([]);
    const attn = m!.sources.find((s) => s.entry === 'attention(F)')!;
    expect([attn.names, attn.ranges]).toEqual([['attn(F)'], 2]);
    expect(attn.gpuMs).toBeCloseTo(2, 12);
    // the kernels launched between parts went to the container, not to a part
    expect(r.annotations.find((a) => a.name === '1F1B')?.gpuMs).toBeCloseTo(0.02, 12);
  });

  it('scales the mean per layer by layersPerChunk when the mapping gives it', async () => {
    const r = await rankOf(deepseekPair(2));
    const m = measureParts(r.annotations, r.instances, { ...defaultTraceMapping(), layersPerChunk: 4 });
    expect(m!.parts.forward.attention).toBeCloseTo(4, 12);
    expect(m!.parts.backward.dispatch).toBeCloseTo(0.6, 12);
  });

  it('uses the names of a mapping file, globs included, and lets null hide a default name', async () => {
    const b = new TraceBuilder();
    b.annotation('layers.3.self_attn fwd', 0, 50);
    b.kernel('flash_fwd', { stream: 7, launch: 10, start: 0, dur: 250 });
    b.annotation('mlp(F)', 100, 50);
    b.kernel('gemm', { stream: 7, launch: 110, start: 300, dur: 100 });
    const r = await rankOf(b);
    const parsed = parseTraceMapping(
      {
        format: 'pipescope-trace-map',
        parts: { 'layers.*.self_attn fwd': 'forward.attention', 'mlp(F)': null },
      },
      'map.json',
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const m = measureParts(r.annotations, r.instances, parsed.mapping);
    expect(m!.measured).toEqual(['attention(F)']);
    expectClose(m!.parts.forward, { attention: 0.25, dispatch: 0, mlp: 0, combine: 0 });
    expect(m!.pairOrder).toBeNull();
    expect(m!.warnings).toContain(
      'no pair order: no stretch of the trace runs all ten parts of a pair once each',
    );
    expect(
      m!.warnings.some((w) => w.startsWith('not in the trace, left at 0: combine(B), mlp-input-grad(B)')),
    ).toBe(true);
  });

  it('knows the Megatron combined-1F1B node names', () => {
    const match = partMatcher(defaultTraceMapping());
    expect(
      [
        'moe_combine backward',
        'attn forward',
        'mlp backward',
        'moe_dispatch forward',
        'moe_dispatch backward',
        'mlp wgrad',
        'mlp forward',
        'attn backward',
        'attn wgrad',
        'moe_combine forward',
      ].map(match),
    ).toEqual([...PAIR_ORDER_ENTRIES]);
    expect(match('attn')).toBeNull();
  });

  it('returns nothing when no annotation maps to a part', async () => {
    const b = new TraceBuilder();
    b.annotation('## forward ##', 0, 10);
    b.kernel('k', { stream: 7, launch: 1, start: 0, dur: 5 });
    const r = await rankOf(b);
    expect(measureParts(r.annotations, r.instances, defaultTraceMapping())).toBeNull();
  });

  it('warns when the part counts differ and no layersPerChunk says how to read them', async () => {
    const b = deepseekPair(1);
    b.annotation('attn(F)', 5000, 10);
    b.kernel('flash_fwd_kernel', { stream: 7, launch: 5005, start: 90_000, dur: 1000 });
    const r = await rankOf(b);
    const m = measureParts(r.annotations, r.instances, defaultTraceMapping());
    expect(m!.warnings[0]).toMatch(
      /^the parts have different numbers of ranges \(combine\(B\) 1, attention\(F\) 2,/,
    );
  });
});

describe('the pair order seen', () => {
  const match = partMatcher(defaultTraceMapping());
  const inst = (names: string[]) => names.map((name, i) => ({ name, cpuStart: i, gpuMs: 1, cpu: true }));
  const deepseek = LAYER_US.map(([n]) => n);

  it('takes the most frequent run of all ten parts, skipping warm-up chunks and runs across layers', () => {
    const warmup = ['attn(F)', 'dispatch(F)', 'mlp(F)', 'combine(F)'];
    // Megatron's order differs from DeepSeek's: dispatch(F) before mlp(B)... here: swap two entries
    const other = [...deepseek];
    [other[2], other[3]] = [other[3], other[2]];
    const order = pairOrderSeen(inst([...warmup, ...warmup, ...other, ...deepseek, ...deepseek]), match);
    expect(order.order).toEqual([...DEFAULT_PAIR_ORDER]);
  });

  it('refuses an order a pair cannot run, saying why', () => {
    const bad = [...deepseek];
    // mlp(F) before attn(F) on the compute stream: mlp(F) needs dispatch(F), which needs attn(F)
    [bad[1], bad[6]] = [bad[6], bad[1]];
    const order = pairOrderSeen(inst(bad), match);
    expect(order.order).toBeNull();
    expect(order.warning).toMatch(/^the pair order seen \(combine\(B\), mlp\(F\), .*\) cannot run: /);
  });
});

describe('mapping files', () => {
  it('collects every problem with its path', () => {
    const r = parseTraceMapping(
      {
        format: 'other',
        version: 9,
        parts: { 'attn(F)': 'attention', '': 'mlp(F)' },
        layersPerChunk: 0,
        streamRoles: { x: 'comm', '7': 'network' },
        commKernels: ['(', 3],
        typo: 1,
      },
      'm.json',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual([
      'typo',
      'format',
      'version',
      'parts["attn(F)"]',
      'parts[""]',
      'layersPerChunk',
      'streamRoles["7"]', // JavaScript lists integer-like keys first
      'streamRoles["x"]',
      'commKernels[0]',
      'commKernels[1]',
    ]);
    expect(r.errors[2].message).toBe(
      'is 9: this mapping is from a newer PipeScope (this one reads version 1)',
    );
    expect(r.errors[3].message).toMatch(/^must be one of combine\(B\), attention\(F\), /);
  });

  it('reads stream roles for every rank and for one rank', () => {
    const r = parseTraceMapping(
      { streamRoles: { '27': 'comm', '3:7': 'compute' }, defaults: false },
      'm.json',
    );
    expect(r.ok && r.mapping.streamRoles).toEqual([
      { rank: null, stream: 27, role: 'comm' },
      { rank: 3, stream: 7, role: 'compute' },
    ]);
    expect(r.ok && partMatcher(r.mapping)('attn(F)')).toBeNull();
  });

  it('says what a non-object is', () => {
    const r = parseTraceMapping([1], 'm.json');
    expect(!r.ok && r.errors[0].message).toMatch(/^a mapping is a JSON object/);
  });
});
