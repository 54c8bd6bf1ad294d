import { describe, expect, it } from 'vitest';
import { analyzeTraceFile } from './analyze-trace';
import { TraceBuilder, readBuilt } from './synthetic';

const traceOf = readBuilt;

const MS = 1000; // the builder takes microseconds

/**
 * Device 0, times in ms:
 *   stream 7  (compute): gemm [0,10] and [5,15] overlap on the stream, then [20,30]  -> busy 25
 *   stream 27 (NCCL):    [8,22]                                                      -> busy 14
 *   stream 23 (copies):  Memcpy HtoD [40,45]: no communication kernel, so compute    -> busy 5
 *   stream 84:           NCCL [50,53] then a gemm [53,55]: 60% communication -> comm -> busy 5
 */
function fourStreams(): TraceBuilder {
  const b = new TraceBuilder({ rank: 1 });
  b.kernel('sm90_gemm', { stream: 7, launch: 0, start: 0, dur: 10 * MS });
  b.kernel('sm90_gemm', { stream: 7, launch: 1, start: 5 * MS, dur: 10 * MS });
  b.kernel('sm90_gemm', { stream: 7, launch: 2, start: 20 * MS, dur: 10 * MS });
  b.kernel('ncclDevKernel_AllToAll_RING', { stream: 27, launch: 3, start: 8 * MS, dur: 14 * MS });
  b.kernel('Memcpy HtoD (Pinned -> Device)', {
    stream: 23,
    launch: 4,
    start: 40 * MS,
    dur: 5 * MS,
    cat: 'gpu_memcpy',
  });
  b.kernel('ncclDevKernel_SendRecv', { stream: 84, launch: 5, start: 50 * MS, dur: 3 * MS });
  b.kernel('sm90_gemm', { stream: 84, launch: 6, start: 53 * MS, dur: 2 * MS });
  return b;
}

describe('per-rank figures', () => {
  it('classifies streams by their kernels and counts overlapping kernels on a stream once', async () => {
    const a = analyzeTraceFile(await traceOf(fourStreams()), 0);
    if (!a.ok) throw new Error('expected figures');
    expect(a.ranks).toHaveLength(1);
    const r = a.ranks[0];
    expect(r.rank).toBe(1);
    expect(r.device).toBe(0);
    const f = r.figures;
    expect(f.streams.map((s) => [s.id, s.role, s.roleFrom])).toEqual([
      [7, 'compute', 'kernels'],
      [23, 'compute', 'kernels'],
      [27, 'comm', 'kernels'],
      [84, 'comm', 'kernels'],
    ]);
    expect(f.streams.map((s) => s.busyMs)).toEqual([25, 5, 14, 5]);
    expect(f.streams.map((s) => s.commShare)).toEqual([0, 0, 1, 0.6]);
    // compute streams merged: [0,15] + [20,30] + [40,45]
    expect(f.computeMs).toBe(30);
    // communication streams merged: [8,22] + [50,55]
    expect(f.commMs).toBe(19);
    // both run in [8,15] and [20,22]
    expect(f.overlapMs).toBe(9);
    expect(f.overlap).toBeCloseTo(9 / 19, 12);
    expect(f.exposedCommMs).toBe(10);
    // window [0,55]; some stream runs in [0,30], [40,45], [50,55]
    expect(f.windowMs).toBe(55);
    expect(f.idleMs).toBe(15);
    expect(f.commToComputeRatio).toBeCloseTo(19 / 30, 12);
  });

  it('lets the caller set a stream role, for every rank or for one', async () => {
    const t = await traceOf(fourStreams());
    const everywhere = analyzeTraceFile(t, 0, { streamRoles: [{ rank: null, stream: 84, role: 'compute' }] });
    if (!everywhere.ok) throw new Error('expected figures');
    const f = everywhere.ranks[0].figures;
    expect(f.streams.find((s) => s.id === 84)).toMatchObject({ role: 'compute', roleFrom: 'override' });
    expect(f.computeMs).toBe(35);
    expect(f.commMs).toBe(14);
    expect(f.overlapMs).toBe(9);
    // a rule for another rank does not apply; the rank's own rule beats an every-rank rule
    const other = analyzeTraceFile(t, 0, {
      streamRoles: [
        { rank: 5, stream: 27, role: 'compute' },
        { rank: null, stream: 7, role: 'comm' },
        { rank: 1, stream: 7, role: 'compute' },
      ],
    });
    if (!other.ok) throw new Error('expected figures');
    expect(other.ranks[0].figures.streams.map((s) => s.role)).toEqual(['compute', 'compute', 'comm', 'comm']);
  });

  it('takes extra communication kernel names from the caller', async () => {
    const b = new TraceBuilder();
    b.kernel('my_moe_a2a_kernel', { stream: 30, launch: 0, start: 0, dur: 4 * MS });
    b.kernel('sm90_gemm', { stream: 7, launch: 1, start: 0, dur: 4 * MS });
    const t = await traceOf(b);
    const plain = analyzeTraceFile(t, 0);
    const extra = analyzeTraceFile(t, 0, { commKernels: [/moe_a2a/i] });
    if (!plain.ok || !extra.ok) throw new Error('expected figures');
    expect(plain.ranks[0].figures.commMs).toBe(0);
    expect(extra.ranks[0].figures.commMs).toBe(4);
    expect(extra.ranks[0].figures.overlap).toBe(1);
  });

  it('says when a trace has no GPU events', async () => {
    const b = new TraceBuilder();
    b.annotation('step', 0, 10).cpuOp('aten::mm', 1, 2);
    const a = analyzeTraceFile(await traceOf(b), 0);
    expect(a.ok).toBe(false);
    expect(!a.ok && a.errors[0].path).toBe('traceEvents');
    expect(!a.ok && a.errors[0].message).toMatch(
      /^no GPU events \(kernel, gpu_memcpy or gpu_memset\) among its 3 events/,
    );
  });

  it('makes one entry per device when a file holds several, all with the file rank', async () => {
    const b = new TraceBuilder({ rank: 4 });
    b.kernel('k', { stream: 7, launch: 0, start: 0, dur: MS, device: 1 });
    b.kernel('k', { stream: 7, launch: 1, start: 0, dur: 2 * MS, device: 0 });
    const a = analyzeTraceFile(await traceOf(b), 0);
    if (!a.ok) throw new Error('expected figures');
    expect(a.ranks.map((r) => [r.rank, r.device, r.figures.computeMs])).toEqual([
      [4, 0, 2],
      [4, 1, 1],
    ]);
    expect(a.warnings[0]).toMatch(/GPU ops on 2 devices \(0, 1\) in one file/);
  });
});

describe('GPU time per annotation', () => {
  it('sums its kernels per stream, and its span from the first kernel start to the last end', async () => {
    const b = new TraceBuilder();
    b.annotation('layer', 0, 100);
    b.annotation('layer', 200, 100);
    b.kernel('sm90_gemm', { stream: 7, launch: 10, start: 1 * MS, dur: 2 * MS });
    b.kernel('ncclDevKernel', { stream: 27, launch: 20, start: 2 * MS, dur: 3 * MS });
    b.kernel('sm90_gemm', { stream: 7, launch: 210, start: 10 * MS, dur: 1 * MS });
    b.kernel('outside', { stream: 7, launch: 500, start: 20 * MS, dur: 1 * MS });
    const a = analyzeTraceFile(await traceOf(b), 0);
    if (!a.ok) throw new Error('expected figures');
    const r = a.ranks[0];
    const layer = r.annotations.find((x) => x.name === 'layer')!;
    expect(layer.count).toBe(2);
    expect(layer.cpuMs).toBeCloseTo(0.2, 12);
    expect(layer.gpuMs).toBe(6);
    expect([...layer.streams]).toEqual([
      [7, 3],
      [27, 3],
    ]);
    // first range: [1,5]; second: [10,11]
    expect(layer.spanMs).toBe(5);
    expect(r.attributed).toEqual({ ops: 4, viaLaunch: 3, viaGpuAnnotation: 0, none: 1 });
  });
});
