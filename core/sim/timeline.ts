import type { Schedule } from '../model/schedule';
import type { Ms } from '../model/units';

/** Streams of a device. Compute parts and whole ops run on COMPUTE; all-to-all and P2P on COMM. */
export const Stream = { COMPUTE: 0, COMM: 1 } as const;
export type Stream = (typeof Stream)[keyof typeof Stream];

/**
 * Parts of a chunk (see ChunkParts). Numeric ids so part timelines are typed-array columns.
 * The simulator owner may extend this list; names are what exports and the UI show.
 */
export const PART_NAMES = [
  'attention',
  'dispatch',
  'mlp',
  'combine',
  'combine-backward',
  'mlp-input-grad',
  'mlp-weight-grad',
  'dispatch-backward',
  'attention-input-grad',
  'attention-weight-grad',
  'p2p',
] as const;
export type PartName = (typeof PART_NAMES)[number];

export interface PartColumns {
  count: number;
  /** Index of the op (in the schedule) this part belongs to. */
  op: Int32Array;
  /** Index into PART_NAMES. */
  part: Uint8Array;
  stream: Uint8Array;
  start: Float64Array;
  end: Float64Array;
}

/** P2P transfers between devices: activations (after F) and gradients (after B/BW). */
export interface TransferColumns {
  count: number;
  fromOp: Int32Array;
  toOp: Int32Array;
  start: Float64Array;
  end: Float64Array;
  /**
   * Set by the fast simulator (simulate-plain.ts), whose transfers are so: listed by receiving op,
   * ascending (no op receives two); each leaves when its producer ends; and an op (or overlapped
   * pair) that waited for its input starts when the transfer it waited for arrives. Absent when not
   * known: a reader that needs the order checks it (metrics/timeline-links.ts transfersByConsumer).
   */
  byConsumer?: true;
}

/** A simulated schedule. Columns are indexed like the schedule's ops. */
export interface Timeline {
  schedule: Schedule;
  /** When the op began (its first part) and ended (its last part). */
  start: Float64Array;
  end: Float64Array;
  /**
   * The op whose result this op waited for (its start was set by that dependency plus any
   * transfer), or -1 when it started as soon as its stream was free.
   */
  waitedFor: Int32Array;
  makespan: Ms;
  /** Per-part placement when chunks have parts; null when every op is one compute block. */
  parts: PartColumns | null;
  transfers: TransferColumns;
}
