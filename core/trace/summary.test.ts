import { describe, expect, it } from 'vitest';
import { DEFAULT_PAIR_ORDER } from '../model/costs';
import { defaultTraceMapping } from './mapping';
import { summarizeTraces, traceSummaryToJson } from './summary';
import { TraceBuilder, pairLayerTrace, readBuilt } from './synthetic';

const traceOf = readBuilt;
const pairRank = (rank: number | undefined, scale: number) => pairLayerTrace({ rank, worldSize: 2, scale });

describe('the trace summary (pipescope trace --json)', () => {
  it('lists each rank with its streams, figures and annotations, and the parts averaged over ranks', async () => {
    const inputs = [
      { source: 'r1.json', trace: await traceOf(pairRank(1, 3)) },
      { source: 'r0.json', trace: await traceOf(pairRank(0, 1)) },
    ];
    const s = summarizeTraces(inputs, defaultTraceMapping());
    if (!s.ok) throw new Error(JSON.stringify(s.errors));
    const json = traceSummaryToJson(s.summary);
    expect(json.format).toBe('pipescope-trace-summary');
    expect(json.ranks.map((r) => [r.rank, r.source, r.device])).toEqual([
      [0, 'r0.json', 0],
      [1, 'r1.json', 0],
    ]);
    const r0 = json.ranks[0];
    expect(r0.streams).toEqual([
      { id: 7, role: 'compute', roleFrom: 'kernels', busyMs: 0.44, ops: 6, commShare: 0 },
      { id: 27, role: 'comm', roleFrom: 'kernels', busyMs: 0.105, ops: 4, commShare: 1 },
    ]);
    // the kernels run back to back: no overlap, nothing idle
    expect([r0.computeMs, r0.commMs, r0.overlapMs, r0.overlap, r0.exposedCommMs, r0.idleMs]).toEqual([
      0.44, 0.105, 0, 0, 0.105, 0,
    ]);
    expect(r0.commToComputeRatio).toBeCloseTo(0.105 / 0.44, 6);
    expect(r0.annotations[0]).toEqual({
      name: 'attn(B)',
      count: 1,
      gpuMs: 0.15,
      spanMs: 0.15,
      cpuMs: 0.09,
      streams: { '7': 0.15 },
    });
    expect(r0.parts!.forward).toEqual({ attention: 0.1, dispatch: 0.04, mlp: 0.07, combine: 0.02 });
    expect(r0.partsMeasured).toHaveLength(10);
    // mean of scale 1 and scale 3: 2 x the times
    expect(json.parts!.forward).toEqual({ attention: 0.2, dispatch: 0.08, mlp: 0.14, combine: 0.04 });
    expect(json.parts!.backward).toEqual({
      combine: 0.06,
      mlpInput: 0.16,
      mlpWeight: 0.06,
      dispatch: 0.03,
      attentionInput: 0.3,
      attentionWeight: 0.02,
    });
    expect(json.parts!.pairOrder).toEqual([...DEFAULT_PAIR_ORDER]);
    expect(json.mapping).toEqual({ format: 'pipescope-trace-map', version: 1 });
    expect(json.warnings).toEqual([]);
  });

  it('numbers ranks by file order without distributedInfo, and warns about a rank given twice', async () => {
    const s = summarizeTraces(
      [
        { source: 'a.json', trace: await traceOf(pairRank(undefined, 1)) },
        { source: 'b.json', trace: await traceOf(pairRank(0, 1)) },
        { source: 'c.json', trace: await traceOf(pairRank(undefined, 1)) },
      ],
      defaultTraceMapping(),
    );
    if (!s.ok) throw new Error(JSON.stringify(s.errors));
    expect(s.summary.ranks.map((r) => [r.source, r.rank, r.rankFrom])).toEqual([
      ['a.json', 0, 'file order'],
      ['b.json', 0, 'distributedInfo'],
      ['c.json', 2, 'file order'],
    ]);
    expect(s.summary.warnings).toEqual([{ source: 'b.json', message: 'rank 0 again (also in a.json)' }]);
  });

  it('leaves out a file without GPU events with a warning, and fails when no file has any', async () => {
    const empty = new TraceBuilder();
    empty.annotation('step', 0, 10);
    const mixed = summarizeTraces(
      [
        { source: 'ok.json', trace: await traceOf(pairRank(0, 1)) },
        { source: 'cpu-only.json', trace: await traceOf(empty) },
      ],
      defaultTraceMapping(),
    );
    if (!mixed.ok) throw new Error('expected a summary');
    expect(mixed.summary.ranks.map((r) => r.source)).toEqual(['ok.json']);
    expect(mixed.summary.warnings).toEqual([
      {
        source: 'cpu-only.json',
        message: expect.stringMatching(
          /^left out: traceEvents: no GPU events \(kernel, gpu_memcpy or gpu_memset\)/,
        ),
      },
    ]);
    const only = summarizeTraces(
      [{ source: 'cpu-only.json', trace: await traceOf(empty) }],
      defaultTraceMapping(),
    );
    expect(!only.ok && only.errors.map((e) => [e.source, e.path])).toEqual([
      ['cpu-only.json', 'traceEvents'],
    ]);
  });

  it('leaves parts and mapping out when no annotation maps to a part', async () => {
    const b = new TraceBuilder();
    b.annotation('## forward ##', 0, 10);
    b.kernel('k', { stream: 7, launch: 1, start: 0, dur: 5 });
    const s = summarizeTraces([{ source: 'x.json', trace: await traceOf(b) }], defaultTraceMapping());
    if (!s.ok) throw new Error('expected a summary');
    const json = traceSummaryToJson(s.summary);
    expect(Object.keys(json)).toEqual(['format', 'version', 'files', 'ranks', 'warnings']);
  });
});
