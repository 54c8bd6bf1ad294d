import type { Analysis } from '../analyze';
import { NO_PAIR, OP_KIND_NAMES } from '../model/ops';
import { opDevices } from '../model/schedule';
import { scheduleTitle } from '../schedules/registry';
import { PART_NAMES, Stream } from '../sim/timeline';
import { LIMITS } from '../format/limits';
import { msToUs, roundMs } from './text';
import { TextOut } from './text-out';
import { devicesKept, type ExportScope, opsKept } from './scope';

/**
 * Chrome Trace Event Format ("JSON Object Format"), which ui.perfetto.dev and chrome://tracing open.
 * Only the phases PipeScope writes: complete slices (X), flow start / finish (s / f) and metadata (M).
 */
export type TraceEvent =
  | {
      ph: 'X';
      name: string;
      cat: string;
      pid: number;
      tid: number;
      /** Microseconds. */
      ts: number;
      dur: number;
      args: Record<string, string | number>;
    }
  | {
      ph: 's' | 'f';
      name: string;
      cat: string;
      id: number;
      pid: number;
      tid: number;
      ts: number;
      /** On 'f' only: bind to the slice enclosing ts (not the next slice that starts). */
      bp?: 'e';
      args?: Record<string, string | number>;
    }
  | {
      ph: 'M';
      name: 'process_name' | 'process_sort_index' | 'thread_name' | 'thread_sort_index';
      pid: number;
      tid: number;
      args: { name: string } | { sort_index: number };
    };

export interface ChromeTrace {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, unknown>;
}

export interface ChromeTraceOptions {
  /** One label per analysis (process names start with it); default: the schedule's title. */
  labels?: string[];
  /**
   * Only the devices and the time range of the scope: a device left out has no process, an op
   * outside the range no slice (an op across its edge keeps its real times), and a transfer shows
   * only when both its ops are kept. Pids stay 1 + device, so a device keeps its number.
   */
  scope?: ExportScope;
}

/** Thread ids per device: one per stream; more only if a stream ever held overlapping slices. */
export const COMPUTE_TID = 1;
export const COMM_TID = 2;
const STREAM_NAMES = ['compute', 'communication'];
const FLOW_NAME = 'p2p';
/**
 * One category for slices and flows alike: Chrome's trace viewer binds a flow event to the slice with
 * the same pid, tid, ts and cat, while Perfetto pairs 's' and 'f' by (cat, name, id); a sending slice
 * on the comm thread and a receiving one on the compute thread can only satisfy both with one cat.
 * The stream is in the thread and in args.stream.
 */
const CATEGORY = 'pipeline';

/**
 * A Chrome / Perfetto trace of one or more analyses. Each device is a process (pid), each stream a
 * thread (tid 1 compute, tid 2 communication), because one track cannot hold overlapping slices.
 * Several analyses (compare) are stacked with consecutive pid ranges: analysis k's device d is
 * pid = 1 + (devices of analyses before k) + d.
 *
 * Slices are complete events in microseconds (ms x 1000, rounded to ns): one per op, or one per part
 * when the chunks have parts (a paired op's parts interleave with its partner's, so an op-wide
 * slice would partially overlap the other's). Args name the op (device-local index, kind,
 * micro-batch, stage, chunk, pair, part). Every P2P transfer is a flow from the sending op's
 * last-ending slice to the receiving op's first slice; both flow events sit exactly at their slice's
 * start time and share its cat, so each binds to that slice in Perfetto (the topmost slice open at
 * ts; 'f' with bp "e" binds to the enclosing slice rather than the next one) and in Chrome's viewer
 * (same pid, tid, ts, cat). Flow events follow all slices in the array, so at equal timestamps the
 * slice is already open when its flow is read.
 * Transfers touching a zero-length op have nothing to bind to and are left out.
 */
export function toChromeTrace(
  analyses: Analysis | readonly Analysis[],
  options: ChromeTraceOptions = {},
): ChromeTrace {
  const list: readonly Analysis[] = Array.isArray(analyses) ? analyses : [analyses as Analysis];
  const events: TraceEvent[] = [];
  const flows: TraceEvent[] = [];
  writeEvents(
    list,
    options,
    (...e) => events.push(...e),
    (...e) => flows.push(...e),
  );
  for (const f of flows) events.push(f);
  return { traceEvents: events, displayTimeUnit: 'ms', otherData: otherData(list, options) };
}

/**
 * `JSON.stringify(toChromeTrace(...))` written event by event into a budget of characters, so the
 * trace of a large timeline is never held as objects all at once and stops with ExportTooLarge
 * (export-text.ts turns it into a message) instead of a RangeError or an out-of-memory abort.
 */
export function chromeTraceText(
  analyses: readonly Analysis[],
  options: ChromeTraceOptions = {},
  maxChars: number = LIMITS.exportChars,
): string {
  const out = new TextOut(maxChars, 'the Chrome trace');
  // Flows follow every slice in the file; their text waits in a second budgeted buffer.
  const flows = new TextOut(maxChars, 'the Chrome trace');
  let first = true;
  let firstFlow = true;
  out.push('{"traceEvents":[');
  writeEvents(
    analyses,
    options,
    (...events) => {
      for (const e of events) {
        out.push(first ? '' : ',', JSON.stringify(e));
        first = false;
      }
    },
    (...events) => {
      for (const e of events) {
        flows.push(firstFlow ? '' : ',', JSON.stringify(e));
        firstFlow = false;
      }
    },
  );
  const flowText = flows.text();
  if (flowText !== '') out.push(first ? '' : ',', flowText);
  out.push(`],"displayTimeUnit":"ms","otherData":${JSON.stringify(otherData(analyses, options))}}`);
  return out.text();
}

function writeEvents(
  list: readonly Analysis[],
  options: ChromeTraceOptions,
  emit: (...e: TraceEvent[]) => void,
  emitFlow: (...e: TraceEvent[]) => void,
): void {
  let pidBase = 1;
  let flowId = 1;
  list.forEach((analysis, k) => {
    const label = options.labels?.[k] ?? scheduleTitle(analysis.schedule.name);
    flowId = appendAnalysis(analysis, label, pidBase, flowId, options.scope, emit, emitFlow);
    pidBase += analysis.schedule.devices;
  });
}

function otherData(list: readonly Analysis[], options: ChromeTraceOptions): Record<string, unknown> {
  return {
    generator: 'PipeScope',
    timeUnit: 'ts and dur in microseconds of simulated device time (PipeScope ms x 1000)',
    timelines: list.map((a, k) => ({
      label: options.labels?.[k] ?? scheduleTitle(a.schedule.name),
      scenario: a.scenario.name,
      schedule: a.schedule.name,
      devices: a.schedule.devices,
      microbatches: a.schedule.microbatches,
      makespan_ms: roundMs(a.timeline.makespan),
    })),
  };
}

/**
 * Slices (one per op, or one per part of an op with parts) of the analyses, within a scope when one
 * is given: what sizes a trace.
 */
export function traceSliceCount(list: readonly Analysis[], scope?: ExportScope): number {
  let n = 0;
  for (const a of list) {
    const kept = opsKept(a, scope);
    const parts = a.timeline.parts;
    if (!parts && !kept) {
      n += a.schedule.count;
      continue;
    }
    const partsOf = new Int32Array(a.schedule.count);
    if (parts) for (let p = 0; p < parts.count; p++) partsOf[parts.op[p]]++;
    for (let i = 0; i < a.schedule.count; i++) if (!kept || kept[i]) n += partsOf[i] > 0 ? partsOf[i] : 1;
  }
  return n;
}

/** Emits one analysis's metadata and slices, then its flows; returns the next flow id. */
function appendAnalysis(
  analysis: Analysis,
  label: string,
  pidBase: number,
  flowId: number,
  scope: ExportScope | undefined,
  emit: (...e: TraceEvent[]) => void,
  emitFlow: (...e: TraceEvent[]) => void,
): number {
  const { schedule, timeline } = analysis;
  const n = schedule.count;
  const parts = timeline.parts;
  const kept = opsKept(analysis, scope);
  const deviceKept = devicesKept(scope, schedule.devices);

  // Slices as columns: one per op, or one per part of ops that have parts (kept ops only).
  const partsOfOp = new Int32Array(n);
  if (parts) for (let p = 0; p < parts.count; p++) partsOfOp[parts.op[p]]++;
  let sliceCount = 0;
  for (let i = 0; i < n; i++) if (!kept || kept[i]) sliceCount += partsOfOp[i] > 0 ? partsOfOp[i] : 1;
  const sliceOp = new Int32Array(sliceCount);
  const slicePart = new Int16Array(sliceCount).fill(-1);
  const sliceStream = new Uint8Array(sliceCount);
  const sliceTs = new Float64Array(sliceCount);
  const sliceEnd = new Float64Array(sliceCount);
  const sliceTid = new Int32Array(sliceCount);
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (partsOfOp[i] > 0 || (kept && !kept[i])) continue;
    sliceOp[s] = i;
    sliceStream[s] = Stream.COMPUTE;
    sliceTs[s] = msToUs(timeline.start[i]);
    sliceEnd[s] = Math.max(sliceTs[s], msToUs(timeline.end[i]));
    s++;
  }
  if (parts) {
    for (let p = 0; p < parts.count; p++) {
      if (kept && !kept[parts.op[p]]) continue;
      sliceOp[s] = parts.op[p];
      slicePart[s] = parts.part[p];
      sliceStream[s] = parts.stream[p] === Stream.COMM ? Stream.COMM : Stream.COMPUTE;
      sliceTs[s] = msToUs(parts.start[p]);
      sliceEnd[s] = Math.max(sliceTs[s], msToUs(parts.end[p]));
      s++;
    }
  }

  const deviceOf = opDevices(schedule);

  // Per device and stream, slices by start time; each goes to the first thread of its stream that
  // is free by then. The simulator never overlaps slices on a stream, so this is one thread per
  // stream, but a custom or future timeline cannot make the file invalid.
  const order = Array.from({ length: sliceCount }, (_, k) => k);
  order.sort(
    (a, b) =>
      deviceOf[sliceOp[a]] - deviceOf[sliceOp[b]] ||
      sliceStream[a] - sliceStream[b] ||
      sliceTs[a] - sliceTs[b] ||
      sliceEnd[b] - sliceEnd[a],
  );
  const threadsUsed: { tid: number; name: string }[][] = Array.from({ length: schedule.devices }, () => []);
  let from = 0;
  while (from < sliceCount) {
    const d = deviceOf[sliceOp[order[from]]];
    const stream = sliceStream[order[from]];
    let to = from;
    while (to < sliceCount && deviceOf[sliceOp[order[to]]] === d && sliceStream[order[to]] === stream) to++;
    const threadEnd: number[] = [];
    for (let k = from; k < to; k++) {
      const sl = order[k];
      let t = 0;
      while (t < threadEnd.length && threadEnd[t] > sliceTs[sl]) t++;
      if (t === threadEnd.length) threadEnd.push(0);
      threadEnd[t] = sliceEnd[sl];
      sliceTid[sl] = threadTid(stream, t);
    }
    for (let t = 0; t < threadEnd.length; t++) {
      threadsUsed[d].push({
        tid: threadTid(stream, t),
        name: t === 0 ? STREAM_NAMES[stream] : `${STREAM_NAMES[stream]} #${t + 1}`,
      });
    }
    from = to;
  }

  for (let d = 0; d < schedule.devices; d++) {
    if (!deviceKept[d]) continue;
    const pid = pidBase + d;
    emit(
      { ph: 'M', name: 'process_name', pid, tid: 0, args: { name: `${label} · device ${d}` } },
      { ph: 'M', name: 'process_sort_index', pid, tid: 0, args: { sort_index: pid } },
    );
    // The compute thread is named even on a device without ops, so every device shows a track.
    const threads = threadsUsed[d].some((t) => t.tid === COMPUTE_TID)
      ? threadsUsed[d]
      : [{ tid: COMPUTE_TID, name: STREAM_NAMES[Stream.COMPUTE] }, ...threadsUsed[d]];
    threads.sort((a, b) => a.tid - b.tid);
    for (const t of threads) {
      emit(
        { ph: 'M', name: 'thread_name', pid, tid: t.tid, args: { name: t.name } },
        { ph: 'M', name: 'thread_sort_index', pid, tid: t.tid, args: { sort_index: t.tid } },
      );
    }
  }

  const opLabel: string[] = new Array(n);
  for (let i = 0; i < n; i++) opLabel[i] = `${OP_KIND_NAMES[schedule.kind[i]]} mb${schedule.microbatch[i]}`;
  // The slice each op's flows bind to: outgoing from its last-ending slice, incoming to its first.
  const lastSlice = new Int32Array(n).fill(-1);
  const firstSlice = new Int32Array(n).fill(-1);
  for (let k = 0; k < sliceCount; k++) {
    const sl = order[k];
    const i = sliceOp[sl];
    const positive = sliceEnd[sl] > sliceTs[sl];
    if (positive && (lastSlice[i] < 0 || sliceEnd[sl] >= sliceEnd[lastSlice[i]])) lastSlice[i] = sl;
    if (positive && (firstSlice[i] < 0 || sliceTs[sl] < sliceTs[firstSlice[i]])) firstSlice[i] = sl;
    const part = slicePart[sl];
    const args: Record<string, string | number> = {
      op: i - schedule.deviceStart[deviceOf[i]],
      kind: OP_KIND_NAMES[schedule.kind[i]],
      microbatch: schedule.microbatch[i],
      stage: schedule.stage[i],
      chunk: schedule.chunk[i],
    };
    if (schedule.pair[i] !== NO_PAIR) args.pair = schedule.pair[i];
    if (part >= 0) args.part = PART_NAMES[part];
    args.stream = sliceStream[sl] === Stream.COMM ? 'comm' : 'compute';
    emit({
      ph: 'X',
      name: part >= 0 ? `${PART_NAMES[part]} (${opLabel[i]})` : opLabel[i],
      cat: CATEGORY,
      pid: pidBase + deviceOf[i],
      tid: sliceTid[sl],
      ts: sliceTs[sl],
      dur: Math.round((sliceEnd[sl] - sliceTs[sl]) * 1e3) / 1e3,
      args,
    });
  }

  const tr = timeline.transfers;
  for (let t = 0; t < tr.count; t++) {
    const src = lastSlice[tr.fromOp[t]];
    const dst = firstSlice[tr.toOp[t]];
    if (src < 0 || dst < 0) continue;
    const args = {
      from: opLabel[tr.fromOp[t]],
      to: opLabel[tr.toOp[t]],
      transfer_start_ms: roundMs(tr.start[t]),
      transfer_end_ms: roundMs(tr.end[t]),
    };
    emitFlow(
      {
        ph: 's',
        name: FLOW_NAME,
        cat: CATEGORY,
        id: flowId,
        pid: pidBase + deviceOf[tr.fromOp[t]],
        tid: sliceTid[src],
        ts: sliceTs[src],
        args,
      },
      {
        ph: 'f',
        bp: 'e',
        name: FLOW_NAME,
        cat: CATEGORY,
        id: flowId,
        pid: pidBase + deviceOf[tr.toOp[t]],
        tid: sliceTid[dst],
        ts: sliceTs[dst],
      },
    );
    flowId++;
  }
  return flowId;
}

/** Thread id of the t-th thread of a stream: compute 1, 3, 5...; communication 2, 4, 6... */
function threadTid(stream: number, t: number): number {
  return (stream === Stream.COMM ? COMM_TID : COMPUTE_TID) + 2 * t;
}
