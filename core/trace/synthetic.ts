/**
 * Synthetic PyTorch profiler (Kineto) traces, for tests with hand-computed figures and for the
 * reader benchmark. Events have the shape Kineto writes (ph, cat, name, pid, tid, ts, dur, args);
 * times are given in microseconds, as in the files.
 */
import { type TraceFile, readTrace } from './reader';

export interface SyntheticEvent {
  ph: string;
  cat?: string;
  name: string;
  pid: number | string;
  tid: number | string;
  ts: number;
  dur?: number;
  id?: number;
  bp?: string;
  args?: Record<string, unknown>;
}

export interface BuilderOptions {
  /** The CPU process id (default 1000). */
  pid?: number;
  /** The main thread id (default: pid). */
  tid?: number;
  /** distributedInfo.rank; omitted when undefined. */
  rank?: number;
  worldSize?: number;
}

export class TraceBuilder {
  readonly events: SyntheticEvent[] = [];
  readonly pid: number;
  readonly tid: number;
  private correlation = 1000;
  private readonly rank: number | undefined;
  private readonly worldSize: number | undefined;

  constructor(o: BuilderOptions = {}) {
    this.pid = o.pid ?? 1000;
    this.tid = o.tid ?? this.pid;
    this.rank = o.rank;
    this.worldSize = o.worldSize;
  }

  /** A record_function range on a CPU thread. */
  annotation(name: string, ts: number, dur: number, tid = this.tid): this {
    this.events.push({
      ph: 'X',
      cat: 'user_annotation',
      name,
      pid: this.pid,
      tid,
      ts,
      dur,
      args: { 'External id': 1 },
    });
    return this;
  }

  /** An operator on a CPU thread (the reader skips these; real traces are full of them). */
  cpuOp(name: string, ts: number, dur: number, tid = this.tid): this {
    this.events.push({
      ph: 'X',
      cat: 'cpu_op',
      name,
      pid: this.pid,
      tid,
      ts,
      dur,
      args: { 'Input Dims': [[2048, 1], []] },
    });
    return this;
  }

  /**
   * A kernel launched from a CPU thread at `launch` (a cudaLaunchKernel of 5 us there), running on
   * `stream` of `device` from `start` for `dur`. Returns its correlation id.
   */
  kernel(
    name: string,
    o: {
      stream: number;
      launch: number;
      start: number;
      dur: number;
      tid?: number;
      device?: number;
      cat?: string;
    },
  ): number {
    const c = ++this.correlation;
    const tid = o.tid ?? this.tid;
    const device = o.device ?? 0;
    this.events.push({
      ph: 'X',
      cat: 'cuda_runtime',
      name: 'cudaLaunchKernel',
      pid: this.pid,
      tid,
      ts: o.launch,
      dur: 5,
      args: { 'External id': c, cbid: 211, correlation: c },
    });
    this.events.push({
      ph: 'X',
      cat: o.cat ?? 'kernel',
      name,
      pid: device,
      tid: o.stream,
      ts: o.start,
      dur: o.dur,
      args: { 'External id': c, device, stream: o.stream, correlation: c, grid: [128, 1, 1] },
    });
    return c;
  }

  /** A GPU op whose launch is not in the trace (only an ac2g flow start, or nothing). */
  orphanKernel(
    name: string,
    o: { stream: number; start: number; dur: number; device?: number; flowAt?: number },
  ): number {
    const c = ++this.correlation;
    const device = o.device ?? 0;
    if (o.flowAt !== undefined)
      this.events.push({
        ph: 's',
        cat: 'ac2g',
        name: 'ac2g',
        id: c,
        pid: this.pid,
        tid: this.tid,
        ts: o.flowAt,
      });
    this.events.push({
      ph: 'X',
      cat: 'kernel',
      name,
      pid: device,
      tid: o.stream,
      ts: o.start,
      dur: o.dur,
      args: { device, stream: o.stream, correlation: c },
    });
    return c;
  }

  /** A range Kineto draws on a GPU stream for an annotation. */
  gpuAnnotation(name: string, o: { stream: number; start: number; dur: number; device?: number }): this {
    this.events.push({
      ph: 'X',
      cat: 'gpu_user_annotation',
      name,
      pid: o.device ?? 0,
      tid: o.stream,
      ts: o.start,
      dur: o.dur,
    });
    return this;
  }

  document(): Record<string, unknown> {
    const doc: Record<string, unknown> = { schemaVersion: 1 };
    if (this.rank !== undefined)
      doc.distributedInfo = { backend: 'nccl', rank: this.rank, world_size: this.worldSize ?? this.rank + 1 };
    doc.deviceProperties = [{ id: 0, name: 'Synthetic GPU', totalGlobalMem: 85899345920, numSms: 132 }];
    doc.traceEvents = [
      ...this.events,
      { ph: 'M', name: 'process_name', pid: this.pid, tid: 0, ts: 0, args: { name: 'python' } },
    ];
    return doc;
  }

  /** The trace as Kineto lays it out: one event per line. */
  text(): string {
    const doc = this.document();
    const events = doc.traceEvents as SyntheticEvent[];
    const head = Object.entries(doc)
      .filter(([k]) => k !== 'traceEvents')
      .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`)
      .join('');
    return `{\n${head}  "traceEvents": [\n${events.map((e) => `  ${JSON.stringify(e)}`).join(',\n')}\n  ]\n}\n`;
  }
}

/** The builder's trace, read (for tests: throws if the reader refuses it). */
export async function readBuilt(b: TraceBuilder): Promise<TraceFile> {
  const r = await readTrace([b.text()]);
  if (!r.ok) throw new Error(`the synthetic trace does not read: ${JSON.stringify(r.errors)}`);
  return r.trace;
}

/** GPU time (us) of each part of one layer of a DeepSeek-style F&B pair, in the profile's order. */
export const PAIR_LAYER_US: readonly (readonly [name: string, us: number])[] = [
  ['combine(B)', 30],
  ['attn(F)', 100],
  ['mlp(B)', 80],
  ['dispatch(F)', 40],
  ['dispatch(B)', 15],
  ['mlp(W)', 30],
  ['mlp(F)', 70],
  ['attn(B)', 150],
  ['attn(W)', 10],
  ['combine(F)', 20],
];

/**
 * One layer of a DeepSeek-style overlapped F&B pair: the ten part annotations 100 us apart on the
 * CPU, each launching one kernel of PAIR_LAYER_US x `scale` us; the kernels run back to back,
 * dispatch/combine (a DeepEP kernel) on stream 27, the rest on stream 7.
 */
export function pairLayerTrace(o: { rank?: number; worldSize?: number; scale?: number } = {}): TraceBuilder {
  const b = new TraceBuilder({ rank: o.rank, worldSize: o.worldSize });
  const scale = o.scale ?? 1;
  let gpu = 0;
  PAIR_LAYER_US.forEach(([name, us], i) => {
    b.annotation(name, i * 100, 90);
    const comm = name.startsWith('dispatch') || name.startsWith('combine');
    b.kernel(comm ? 'void deep_ep::internode::dispatch<8>(int4*)' : 'sm90_gemm', {
      stream: comm ? 27 : 7,
      launch: i * 100 + 5,
      start: gpu,
      dur: us * scale,
    });
    gpu += us * scale;
  });
  return b;
}

/** Splits text into pieces of at most `size` characters (chunk boundaries land anywhere, as from a stream). */
export function* textChunks(text: string, size: number): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/**
 * A big trace for the reader benchmark, as text chunks of about `chunkChars`: a repeating mix of
 * what a training step records (for each of `layers` layers an annotation, CPU operators, launches
 * and their kernels on a compute stream, and an NCCL kernel on a communication stream), with
 * Kineto's field layout and realistic name lengths. About 4 events per 1 KB.
 */
export function* syntheticTraceText(targetChars: number, chunkChars = 1 << 20): Generator<string> {
  let out =
    '{\n  "schemaVersion": 1,\n  "distributedInfo": {"backend": "nccl", "rank": 0, "world_size": 8},\n  "traceEvents": [\n';
  let total = 0;
  let first = true;
  let t = 1_700_000_000_000_000;
  let c = 1;
  const pid = 4242;
  const kernelName =
    'void at::native::vectorized_elementwise_kernel<4, at::native::CUDAFunctor_add<float>, at::detail::Array<char*, 3> >(int, at::native::CUDAFunctor_add<float>, at::detail::Array<char*, 3>)';
  const ncclName = 'ncclDevKernel_AllToAll_RING_LL(ncclDevComm*, unsigned long, ncclWork*)';
  const emit = (e: string) => {
    out += first ? `  ${e}` : `,\n  ${e}`;
    first = false;
  };
  while (total + out.length < targetChars) {
    emit(
      `{"ph": "X", "cat": "user_annotation", "name": "attn(F)", "pid": ${pid}, "tid": ${pid}, "ts": ${t}, "dur": 400, "args": {"External id": ${c}, "Ev Idx": ${c}}}`,
    );
    for (let k = 0; k < 8; k++) {
      const launch = t + 10 + k * 40;
      emit(
        `{"ph": "X", "cat": "cpu_op", "name": "aten::add", "pid": ${pid}, "tid": ${pid}, "ts": ${launch - 6}, "dur": 30, "args": {"External id": ${c}, "Sequence number": ${c}, "Fwd thread id": 0, "Input Dims": [[4096, 7168], [4096, 7168], []], "Input type": ["c10::BFloat16", "c10::BFloat16", "Scalar"]}}`,
      );
      emit(
        `{"ph": "X", "cat": "cuda_runtime", "name": "cudaLaunchKernel", "pid": ${pid}, "tid": ${pid}, "ts": ${launch}, "dur": 7, "args": {"External id": ${c}, "cbid": 211, "correlation": ${c}}}`,
      );
      emit(
        `{"ph": "X", "cat": "kernel", "name": "${kernelName}", "pid": 0, "tid": 7, "ts": ${launch + 20}, "dur": 35, "args": {"External id": ${c}, "queued": 0, "device": 0, "context": 1, "stream": 7, "correlation": ${c}, "registers per thread": 24, "shared memory": 0, "blocks per SM": 1058.9, "warps per SM": 4235.6, "grid": [139811, 1, 1], "block": [128, 1, 1], "est. achieved occupancy %": 100}}`,
      );
      c++;
    }
    emit(
      `{"ph": "X", "cat": "cuda_runtime", "name": "cudaLaunchKernel", "pid": ${pid}, "tid": ${pid}, "ts": ${t + 380}, "dur": 9, "args": {"External id": ${c}, "cbid": 211, "correlation": ${c}}}`,
    );
    emit(
      `{"ph": "X", "cat": "kernel", "name": "${ncclName}", "pid": 0, "tid": 27, "ts": ${t + 390}, "dur": 300, "args": {"External id": ${c}, "queued": 0, "device": 0, "context": 1, "stream": 27, "correlation": ${c}, "grid": [20, 1, 1], "block": [512, 1, 1]}}`,
    );
    c++;
    t += 420;
    if (out.length >= chunkChars) {
      total += out.length;
      yield out;
      out = '';
    }
  }
  yield `${out}\n  ]\n}\n`;
}
