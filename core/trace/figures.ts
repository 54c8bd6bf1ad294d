import { groupByDevice, intersectionLength, unionLength } from '../metrics/intervals';
import type { Ms } from '../model/units';
import type { OpColumns } from './reader';

export type StreamRole = 'compute' | 'comm';

/**
 * A stream is a communication stream when more than this share of its GPU time is communication
 * kernels: "mostly communication". Libraries put a stray memset or copy on their communication
 * stream and the odd NCCL call may run on the compute stream; a majority rule ignores both.
 */
export const COMM_STREAM_SHARE = 0.5;

export interface StreamFigures {
  id: number;
  role: StreamRole;
  /** Whether the role was decided by the stream's kernels or set by the caller. */
  roleFrom: 'kernels' | 'override';
  /** Time the stream runs anything (its ops merged, overlapping ones counted once). */
  busyMs: Ms;
  ops: number;
  /** Share of the stream's op time (summed durations) that is communication kernels. */
  commShare: number;
}

export interface DeviceFigures {
  /** First op start and last op end on the device (ms from the trace origin). */
  startMs: Ms;
  endMs: Ms;
  /** endMs - startMs: the window the figures cover. */
  windowMs: Ms;
  /** Union of the ops on compute streams. */
  computeMs: Ms;
  /** Union of the ops on communication streams. */
  commMs: Ms;
  /** Time both a compute and a communication stream run (HTA's overlap numerator). */
  overlapMs: Ms;
  /** overlapMs / commMs (HTA), or null without communication. */
  overlap: number | null;
  /** commMs - overlapMs: communication with no computation beside it. */
  exposedCommMs: Ms;
  /** windowMs minus the time any stream runs. */
  idleMs: Ms;
  /** commMs / computeMs, or null without computation. */
  commToComputeRatio: number | null;
  streams: StreamFigures[];
}

/**
 * Figures of one device: each stream's role (by its kernels, unless `roleOverride` names it) and
 * busy time, then computation, communication and their overlap as Holistic Trace Analysis defines
 * them (merge each set of intervals, intersect; hta/analyzers/communication_analysis.py), but
 * with the sets made of whole streams by role.
 */
export function deviceFigures(
  ops: OpColumns,
  device: number,
  isComm: (op: number) => boolean,
  roleOverride: (stream: number) => StreamRole | undefined,
): DeviceFigures {
  const streamIds: number[] = [];
  const slot = new Map<number, number>();
  const opTime: number[] = [];
  const commTime: number[] = [];
  const opCount: number[] = [];
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < ops.count; i++) {
    if (ops.device[i] !== device) continue;
    let k = slot.get(ops.stream[i]);
    if (k === undefined) {
      k = streamIds.length;
      slot.set(ops.stream[i], k);
      streamIds.push(ops.stream[i]);
      opTime.push(0);
      commTime.push(0);
      opCount.push(0);
    }
    const d = ops.end[i] - ops.start[i];
    opTime[k] += d;
    if (isComm(i)) commTime[k] += d;
    opCount[k]++;
    if (ops.start[i] < startMs) startMs = ops.start[i];
    if (ops.end[i] > endMs) endMs = ops.end[i];
  }
  const S = streamIds.length;
  const roles: StreamRole[] = [];
  const roleFrom: ('kernels' | 'override')[] = [];
  for (let k = 0; k < S; k++) {
    const o = roleOverride(streamIds[k]);
    const share = opTime[k] > 0 ? commTime[k] / opTime[k] : 0;
    roles.push(o ?? (share > COMM_STREAM_SHARE ? 'comm' : 'compute'));
    roleFrom.push(o ? 'override' : 'kernels');
  }
  const onDevice = (i: number) => ops.device[i] === device;
  const startOf = (i: number) => ops.start[i];
  const endOf = (i: number) => ops.end[i];
  const byStream = groupByDevice(S, ops.count, (i) => slot.get(ops.stream[i])!, startOf, endOf, onDevice);
  const roleOf = (i: number) => roles[slot.get(ops.stream[i])!];
  const compute = groupByDevice(
    1,
    ops.count,
    () => 0,
    startOf,
    endOf,
    (i) => onDevice(i) && roleOf(i) === 'compute',
  );
  const comm = groupByDevice(
    1,
    ops.count,
    () => 0,
    startOf,
    endOf,
    (i) => onDevice(i) && roleOf(i) === 'comm',
  );
  const all = groupByDevice(1, ops.count, () => 0, startOf, endOf, onDevice);
  const computeMs = unionLength(compute, 0);
  const commMs = unionLength(comm, 0);
  const overlapMs = intersectionLength(compute, comm, 0);
  const windowMs = S > 0 ? endMs - startMs : 0;
  const streams: StreamFigures[] = streamIds.map((id, k) => ({
    id,
    role: roles[k],
    roleFrom: roleFrom[k],
    busyMs: unionLength(byStream, k),
    ops: opCount[k],
    commShare: opTime[k] > 0 ? commTime[k] / opTime[k] : 0,
  }));
  streams.sort((a, b) => a.id - b.id);
  return {
    startMs: S > 0 ? startMs : 0,
    endMs: S > 0 ? endMs : 0,
    windowMs,
    computeMs,
    commMs,
    overlapMs,
    overlap: commMs > 0 ? overlapMs / commMs : null,
    exposedCommMs: Math.max(0, commMs - overlapMs),
    idleMs: Math.max(0, windowMs - unionLength(all, 0)),
    commToComputeRatio: computeMs > 0 ? commMs / computeMs : null,
    streams,
  };
}
