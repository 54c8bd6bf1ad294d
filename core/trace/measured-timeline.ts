import { PAIR_ORDER_ENTRIES, type PairOrderEntry } from '../model/costs';
import type { Ms } from '../model/units';
import { attribute } from './attribution';
import type { StreamRole } from './figures';
import { type TraceMapping, partMatcher } from './mapping';
import type { TraceFile } from './reader';

/**
 * What one device of a trace ran, op by op, for drawing under a planned timeline: every GPU op
 * with its stream, its time from the device's first op, and the part its annotation maps to.
 * Columns, not objects: a rank of a big trace runs hundreds of thousands of kernels.
 */
export interface MeasuredTimeline {
  device: number;
  /** The device's streams in id order, with the role the summary gave them. */
  streams: { id: number; role: StreamRole }[];
  count: number;
  /** Index into `streams`. */
  stream: Int32Array;
  /** ms from the device's first op start, so the run starts at 0 like a simulated timeline. */
  start: Float64Array;
  end: Float64Array;
  /** Index into PAIR_ORDER_ENTRIES of the part the op's annotation maps to, or -1. */
  entry: Int8Array;
  /** The op's own name (a kernel, memcpy or memset), as an index into `names`. */
  name: Int32Array;
  /** The annotation the op was attributed to, as an index into `names`, or -1. */
  annotation: Int32Array;
  names: string[];
  /** The last op's end: the measured window. */
  makespan: Ms;
  /** Where the device's first op started, ms from the trace origin (to relate back to the file). */
  originMs: Ms;
}

/**
 * The ops of one device in start order per stream, attributed as the summary attributes them
 * (core/trace/attribution.ts) and named by the mapping. Stream roles come from the caller (the
 * summary's, overrides included) so the picture and the figures agree.
 */
export function measuredTimeline(
  trace: TraceFile,
  device: number,
  mapping: TraceMapping,
  roleOf: (stream: number) => StreamRole,
): MeasuredTimeline {
  const { ops, annotations: ann, gpuAnnotations: gann } = trace;
  const attr = attribute(trace);
  const entryOf = partMatcher(mapping);
  const entryIndex = new Map<PairOrderEntry, number>(PAIR_ORDER_ENTRIES.map((e, i) => [e, i]));
  const picked: number[] = [];
  const streamIds = new Set<number>();
  let origin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < ops.count; i++) {
    if (ops.device[i] !== device) continue;
    picked.push(i);
    streamIds.add(ops.stream[i]);
    if (ops.start[i] < origin) origin = ops.start[i];
  }
  const streams = [...streamIds].sort((a, b) => a - b).map((id) => ({ id, role: roleOf(id) }));
  const slot = new Map(streams.map((s, k) => [s.id, k]));
  picked.sort((a, b) => slot.get(ops.stream[a])! - slot.get(ops.stream[b])! || ops.start[a] - ops.start[b]);

  const n = picked.length;
  const out: MeasuredTimeline = {
    device,
    streams,
    count: n,
    stream: new Int32Array(n),
    start: new Float64Array(n),
    end: new Float64Array(n),
    entry: new Int8Array(n).fill(-1),
    name: new Int32Array(n),
    annotation: new Int32Array(n).fill(-1),
    names: [],
    makespan: 0,
    originMs: n > 0 ? origin : 0,
  };
  // Only the names this device uses travel with it (a trace's name table holds every rank's).
  const nameIds = new Map<number, number>();
  const localName = (id: number) => {
    let k = nameIds.get(id);
    if (k === undefined) {
      k = out.names.length;
      nameIds.set(id, k);
      out.names.push(trace.names[id]);
    }
    return k;
  };
  picked.forEach((i, k) => {
    out.stream[k] = slot.get(ops.stream[i])!;
    out.start[k] = ops.start[i] - origin;
    out.end[k] = ops.end[i] - origin;
    if (out.end[k] > out.makespan) out.makespan = out.end[k];
    out.name[k] = localName(ops.name[i]);
    const inst = attr.instanceOf[i];
    if (inst < 0) return;
    const nameId = inst < ann.count ? ann.name[inst] : gann.name[inst - ann.count];
    out.annotation[k] = localName(nameId);
    const e = entryOf(trace.names[nameId]);
    if (e !== null) out.entry[k] = entryIndex.get(e)!;
  });
  return out;
}
