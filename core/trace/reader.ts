import type { PathError } from '../model/path-error';
import type { Ms } from '../model/units';
import { F64Column, I32Column, Interner } from './columns';
import { CAT, type EventFields, decodeString } from './json-scan';
import { TraceSyntaxError, TraceTextScanner } from './stream-scanner';
import { type TextChunkDecoder, Utf8Decoder } from './utf8';

/** What a GPU op is: a kernel, a memory copy or a memory set (Kineto's three GPU categories). */
export const OP_KIND = { kernel: 0, memcpy: 1, memset: 2 } as const;

/** CPU ranges from `record_function` (category user_annotation). Times in ms from the trace origin. */
export interface AnnotationColumns {
  count: number;
  /** Process, as an index into TraceFile.processes. */
  process: Int32Array;
  /** Thread, as an index into TraceFile.threads. */
  thread: Int32Array;
  start: Float64Array;
  end: Float64Array;
  /** Index into TraceFile.names. */
  name: Int32Array;
}

/** Ranges the profiler drew on GPU streams for annotations (category gpu_user_annotation). */
export interface GpuAnnotationColumns {
  count: number;
  device: Int32Array;
  stream: Int32Array;
  start: Float64Array;
  end: Float64Array;
  name: Int32Array;
}

/** CPU-side launch points: runtime/driver calls, and the starts of ac2g flows. */
export interface LaunchColumns {
  count: number;
  process: Int32Array;
  ts: Float64Array;
  correlation: Float64Array;
}

/** Kernels, memcpys and memsets on GPU streams. */
export interface OpColumns {
  count: number;
  device: Int32Array;
  stream: Int32Array;
  start: Float64Array;
  end: Float64Array;
  /** args.correlation, or NaN when the event has none. */
  correlation: Float64Array;
  /** OP_KIND */
  kind: Uint8Array;
  name: Int32Array;
}

export interface DeviceInfo {
  id: number;
  name: string | null;
  /** Streaming multiprocessors (compute units on ROCm), when the trace says. */
  sms: number | null;
  memoryBytes: number | null;
}

/** Everything the figures need from one trace file, in typed columns; never the events themselves. */
export interface TraceFile {
  /** Events in traceEvents. */
  events: number;
  /** Input consumed: bytes for byte chunks, characters for text chunks. */
  bytes: number;
  /** The event list was not closed (the profiler stopped mid-write); the events before are used. */
  truncated: boolean;
  /** distributedInfo.rank / world_size / backend, when present. */
  rank: number | null;
  worldSize: number | null;
  backend: string | null;
  devices: DeviceInfo[];
  /** Wall-clock time of the first event as an ISO date, when the trace lets us know it. */
  startDate: string | null;
  /** Origin of every time in the columns: a trace timestamp, in microseconds as written. */
  originUs: number;
  names: string[];
  processes: (number | string)[];
  threads: (number | string)[];
  annotations: AnnotationColumns;
  gpuAnnotations: GpuAnnotationColumns;
  /** Runtime and driver calls that carry a correlation id. */
  launches: LaunchColumns;
  /** Starts of ac2g flow arrows (id = correlation): a second source of launch points. */
  flows: LaunchColumns;
  ops: OpColumns;
  warnings: string[];
}

export interface ReadProgress {
  /** Input consumed so far: bytes for byte chunks, characters for text chunks. */
  bytes: number;
  events: number;
  /** Text held for the next chunk (the unfinished event): the reader's memory for text stays about one chunk. */
  bufferedChars: number;
}

export interface ReadOptions {
  /** Checked between chunks; an AbortSignal fits. */
  signal?: { readonly aborted: boolean };
  /** Called after each chunk. */
  onProgress?: (p: ReadProgress) => void;
  /** For byte chunks: a TextDecoder where the platform has one (faster); default: a plain-TS decoder. */
  decoder?: TextChunkDecoder;
}

export type ReadResult =
  | { ok: true; trace: TraceFile }
  | { ok: false; cancelled: boolean; errors: PathError[] };

/** Top-level fields read whole; everything else but traceEvents is skipped. */
const KEPT_FIELDS = new Set(['distributedInfo', 'deviceProperties', 'baseTimeNanoseconds']);

/** Microsecond timestamps above this are taken as Unix time (after 2001-09-09). */
const UNIX_US_THRESHOLD = 1e15;

class InputError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a PyTorch profiler (Kineto) Chrome-trace from chunks of text or bytes, as they arrive
 * (decompression is the caller's job). Memory holds the columns the figures need and at most one
 * event's text. Never throws on bad input: a malformed trace comes back as errors naming the
 * event index and field (`traceEvents[12].ts`).
 */
export async function readTrace(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const sink = new ColumnSink();
  const scanner = new TraceTextScanner(sink, KEPT_FIELDS);
  const decoder = options.decoder ?? new Utf8Decoder();
  let bytes = 0;
  let sawBytes = false;
  try {
    for await (const chunk of chunks) {
      if (options.signal?.aborted) return cancelled(scanner.events, bytes);
      if (typeof chunk === 'string') {
        bytes += chunk.length;
        scanner.push(chunk);
      } else {
        sawBytes = true;
        bytes += chunk.length;
        scanner.push(decoder.decode(chunk, { stream: true }));
      }
      options.onProgress?.({ bytes, events: scanner.events, bufferedChars: scanner.buffered });
    }
    if (options.signal?.aborted) return cancelled(scanner.events, bytes);
    if (sawBytes) scanner.push(decoder.decode(new Uint8Array(0), { stream: false }));
    const { truncated } = scanner.finish();
    if (!scanner.sawTraceEvents)
      return fail(
        'traceEvents',
        'missing: a PyTorch profiler trace is a JSON object with a "traceEvents" array',
      );
    return { ok: true, trace: sink.result(scanner.events, bytes, truncated) };
  } catch (e) {
    if (e instanceof TraceSyntaxError || e instanceof InputError) return fail(e.path, e.message);
    throw e;
  }
}

function fail(path: string, message: string): ReadResult {
  return { ok: false, cancelled: false, errors: [{ path, message }] };
}

function cancelled(events: number, bytes: number): ReadResult {
  return {
    ok: false,
    cancelled: true,
    errors: [
      {
        path: '(root)',
        message: `reading was cancelled after ${events.toLocaleString('en-US')} events (${bytes.toLocaleString('en-US')} bytes)`,
      },
    ],
  };
}

const CATEGORY_LABEL = [
  '',
  'user_annotation',
  'gpu_user_annotation',
  'runtime',
  'kernel',
  'gpu_memcpy',
  'gpu_memset',
  'ac2g',
];

/** Fills the columns from scanned events, checking the fields each kept category needs. */
class ColumnSink {
  private readonly names = new NameTable();
  private readonly processes = new Interner<number | string>();
  private readonly threads = new Interner<number | string>();
  private origin = Number.NaN;
  private rank: number | null = null;
  private worldSize: number | null = null;
  private backend: string | null = null;
  private devices: DeviceInfo[] = [];
  private baseTimeNs: number | null = null;
  private negativeDur = 0;
  private firstNegativeDur = -1;
  private readonly warnings: string[] = [];

  private readonly ann = {
    process: new I32Column(),
    thread: new I32Column(),
    start: new F64Column(),
    end: new F64Column(),
    name: new I32Column(),
  };
  private readonly gann = {
    device: new I32Column(),
    stream: new I32Column(),
    start: new F64Column(),
    end: new F64Column(),
    name: new I32Column(),
  };
  private readonly launch = { process: new I32Column(), ts: new F64Column(), correlation: new F64Column() };
  private readonly flow = { process: new I32Column(), ts: new F64Column(), correlation: new F64Column() };
  private readonly op = {
    device: new I32Column(),
    stream: new I32Column(),
    start: new F64Column(),
    end: new F64Column(),
    correlation: new F64Column(),
    name: new I32Column(),
  };
  private readonly opKind = new I32Column();

  event(ev: EventFields, s: string, index: number): void {
    const code = ev.catCode;
    if (code === CAT.other) return;
    if (code === CAT.flow) {
      // Only the start of an ac2g arrow sits on the launching CPU thread.
      if (ev.ph !== 's') return;
      if (!Number.isFinite(ev.id) || !Number.isFinite(ev.ts)) return;
      this.flow.process.push(this.processOf(ev));
      this.flow.ts.push(this.ms(ev.ts));
      this.flow.correlation.push(ev.id);
      return;
    }
    if (ev.ph !== 'X') return;
    const what = CATEGORY_LABEL[code];
    this.checkBad(ev, index, code);
    if (code === CAT.runtime) {
      if (!Number.isFinite(ev.correlation)) return;
      const ts = this.required(ev.ts, index, 'ts', what);
      this.launch.process.push(this.processOf(ev));
      this.launch.ts.push(this.ms(ts));
      this.launch.correlation.push(ev.correlation);
      return;
    }
    const ts = this.required(ev.ts, index, 'ts', what);
    const dur = this.required(ev.dur, index, 'dur', what);
    if (dur < 0) {
      if (this.negativeDur++ === 0) this.firstNegativeDur = index;
      return;
    }
    if (ev.nameStart < 0)
      throw new InputError(`traceEvents[${index}].name`, `missing: a ${what} event needs a name`);
    const name = this.names.idOf(s, ev.nameStart, ev.nameEnd);
    const start = this.ms(ts);
    // (ts - origin) + dur is exact for whole microseconds, so a launch at an annotation's end
    // compares equal to it, and a tiny dur survives (ts + dur would round it away at ~1e15 us).
    const end = (ts - this.origin + dur) / 1000;
    if (code === CAT.userAnnotation) {
      this.ann.process.push(this.processOf(ev));
      this.ann.thread.push(this.threads.id(ev.tidText ?? ev.tid));
      this.ann.start.push(start);
      this.ann.end.push(end);
      this.ann.name.push(name);
      return;
    }
    const device = this.deviceOf(ev, index, what);
    const stream = this.streamOf(ev, index, what);
    if (code === CAT.gpuUserAnnotation) {
      this.gann.device.push(device);
      this.gann.stream.push(stream);
      this.gann.start.push(start);
      this.gann.end.push(end);
      this.gann.name.push(name);
      return;
    }
    this.op.device.push(device);
    this.op.stream.push(stream);
    this.op.start.push(start);
    this.op.end.push(end);
    this.op.correlation.push(ev.correlation);
    this.opKind.push(
      code === CAT.kernel ? OP_KIND.kernel : code === CAT.memcpy ? OP_KIND.memcpy : OP_KIND.memset,
    );
    this.op.name.push(name);
  }

  topLevel(key: string, value: unknown): void {
    if (key === 'distributedInfo') {
      if (!isObject(value)) {
        this.warnings.push('distributedInfo is not an object; ignored');
        return;
      }
      const rank = value.rank;
      if (rank !== undefined) {
        if (typeof rank === 'number' && Number.isInteger(rank) && rank >= 0) this.rank = rank;
        else
          throw new InputError(
            'distributedInfo.rank',
            `must be a whole number >= 0 (got ${JSON.stringify(rank)})`,
          );
      }
      if (typeof value.world_size === 'number') this.worldSize = value.world_size;
      if (typeof value.backend === 'string') this.backend = value.backend;
    } else if (key === 'deviceProperties') {
      if (!Array.isArray(value)) return;
      this.devices = value.filter(isObject).map((d) => ({
        id: typeof d.id === 'number' ? d.id : -1,
        name: typeof d.name === 'string' ? d.name : null,
        sms: typeof d.numSms === 'number' ? d.numSms : null,
        memoryBytes: typeof d.totalGlobalMem === 'number' ? d.totalGlobalMem : null,
      }));
    } else if (key === 'baseTimeNanoseconds') {
      if (typeof value === 'number' && Number.isFinite(value)) this.baseTimeNs = value;
    }
  }

  result(events: number, bytes: number, truncated: boolean): TraceFile {
    const warnings = [...this.warnings];
    if (truncated)
      warnings.push(
        `the event list is not closed (the file was cut short?); the ${events.toLocaleString('en-US')} complete events before the end are used`,
      );
    if (this.negativeDur > 0)
      warnings.push(
        `${this.negativeDur} event(s) with a negative dur were ignored (the first: traceEvents[${this.firstNegativeDur}])`,
      );
    const origin = Number.isFinite(this.origin) ? this.origin : 0;
    let startDate: string | null = null;
    if (this.baseTimeNs !== null) startDate = isoDate(this.baseTimeNs / 1e6 + origin / 1000);
    else if (origin > UNIX_US_THRESHOLD) startDate = isoDate(origin / 1000);
    return {
      events,
      bytes,
      truncated,
      rank: this.rank,
      worldSize: this.worldSize,
      backend: this.backend,
      devices: this.devices,
      startDate,
      originUs: origin,
      names: this.names.values,
      processes: this.processes.values,
      threads: this.threads.values,
      annotations: {
        count: this.ann.start.length,
        process: this.ann.process.values(),
        thread: this.ann.thread.values(),
        start: this.ann.start.values(),
        end: this.ann.end.values(),
        name: this.ann.name.values(),
      },
      gpuAnnotations: {
        count: this.gann.start.length,
        device: this.gann.device.values(),
        stream: this.gann.stream.values(),
        start: this.gann.start.values(),
        end: this.gann.end.values(),
        name: this.gann.name.values(),
      },
      launches: {
        count: this.launch.ts.length,
        process: this.launch.process.values(),
        ts: this.launch.ts.values(),
        correlation: this.launch.correlation.values(),
      },
      flows: {
        count: this.flow.ts.length,
        process: this.flow.process.values(),
        ts: this.flow.ts.values(),
        correlation: this.flow.correlation.values(),
      },
      ops: {
        count: this.op.start.length,
        device: this.op.device.values(),
        stream: this.op.stream.values(),
        start: this.op.start.values(),
        end: this.op.end.values(),
        correlation: this.op.correlation.values(),
        kind: Uint8Array.from(this.opKind.values()),
        name: this.op.name.values(),
      },
      warnings,
    };
  }

  /** Trace microseconds to ms from the origin (the first kept timestamp): small numbers keep sub-us precision. */
  private ms(us: number): Ms {
    if (Number.isNaN(this.origin)) this.origin = us;
    return (us - this.origin) / 1000;
  }

  private required(v: number, index: number, field: string, what: string): number {
    if (Number.isFinite(v)) return v;
    throw new InputError(
      `traceEvents[${index}].${field}`,
      `missing: a ${what} event needs ${field} (a number of microseconds)`,
    );
  }

  private checkBad(ev: EventFields, index: number, code: number): void {
    for (const b of ev.bad) {
      const used =
        b.field === 'ts' ||
        b.field === 'dur' ||
        b.field === 'name' ||
        (b.field === 'args.correlation' && code !== CAT.runtime) ||
        ((b.field === 'args.device' || b.field === 'args.stream') &&
          code !== CAT.runtime &&
          code !== CAT.userAnnotation);
      if (!used) continue;
      const expected = b.field === 'name' ? 'a string' : 'a number';
      throw new InputError(`traceEvents[${index}].${b.field}`, `must be ${expected} (got ${b.raw})`);
    }
  }

  private processOf(ev: EventFields): number {
    return this.processes.id(ev.pidText ?? ev.pid);
  }

  /** A GPU event's device: its pid (Kineto writes the device number there), else args.device. */
  private deviceOf(ev: EventFields, index: number, what: string): number {
    return Number.isInteger(ev.pid) ? ev.pid : gpuPlace(ev.pid, ev.device, ev.pidText, index, 'pid', what);
  }

  /** A GPU event's stream: its tid, else args.stream. */
  private streamOf(ev: EventFields, index: number, what: string): number {
    return Number.isInteger(ev.tid) ? ev.tid : gpuPlace(ev.tid, ev.stream, ev.tidText, index, 'tid', what);
  }
}

/**
 * The whole number in `primary`, else in `fallback`, else the number ending a text such as
 * "stream 7" or "GPU 0" (early Kineto versions labelled tracks so); else an error saying what
 * `primary` held.
 */
function gpuPlace(
  primary: number,
  fallback: number,
  text: string | null,
  index: number,
  field: 'pid' | 'tid',
  what: string,
): number {
  const v = Number.isInteger(primary) ? primary : fallback;
  if (Number.isInteger(v)) return v;
  const labelled = text === null ? null : /^(?:stream|gpu|device)\s*(\d+)\s*$/i.exec(text);
  if (labelled) return Number(labelled[1]);
  const says = field === 'pid' ? 'its device number' : 'its stream number';
  throw new InputError(
    `traceEvents[${index}].${field}`,
    `a ${what} event's ${field} is ${says} (got ${text !== null ? JSON.stringify(text) : 'nothing'})`,
  );
}

/**
 * Interns names straight from the scanned text. A name seen before is found by comparing the text
 * in place (bucketed by length and a few characters), so the thousands of repeats of each kernel
 * name cost no substring; names with escapes always take the slow path (decode, then intern).
 */
class NameTable {
  private readonly interner = new Interner<string>();
  private readonly buckets = new Map<number, number[]>();

  get values(): string[] {
    return this.interner.values;
  }

  /** The id of the JSON string s[start, end) (quotes included). */
  idOf(s: string, start: number, end: number): number {
    const a = start + 1;
    const len = end - 1 - a;
    const key =
      len > 0
        ? len * 65599 + s.charCodeAt(a) * 257 + s.charCodeAt(a + (len >> 1)) * 31 + s.charCodeAt(a + len - 1)
        : 0;
    const bucket = this.buckets.get(key);
    if (bucket)
      for (const id of bucket) {
        const v = this.interner.values[id];
        // substring + === compares in one memcmp; startsWith walks the characters (10x slower on a
        // 200-character kernel name, and this runs once per kept event).
        if (v.length === len && s.substring(a, a + len) === v) return id;
      }
    const name = decodeString(s, start, end);
    const id = this.interner.id(name);
    // Same length as its text: no escapes, so the text compares equal to the name next time.
    if (name.length === len) {
      if (bucket) bucket.push(id);
      else this.buckets.set(key, [id]);
    }
    return id;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isoDate(unixMs: number): string | null {
  const d = new Date(unixMs);
  return Number.isFinite(d.getTime()) ? d.toISOString() : null;
}
