import type { PathError } from '../../core/model/path-error';
import type { TraceMapDocument } from '../../core/model/scenario';
import type { MeasuredTimeline } from '../../core/trace/measured-timeline';
import type { TraceSummaryJson } from '../../core/trace/summary';

/**
 * Messages between the page and the trace worker (trace.worker.ts), which reads profiler traces
 * off the UI thread and keeps them: the page holds only their summary and one rank's timeline.
 */

/**
 * A trace file for the worker: a Blob it reads itself (a dropped or chosen File), or a port over
 * which it pulls the raw bytes (the desktop app reads the file in main): the worker posts
 * `ChunkRequest`s, the page answers each with a `ChunkReply`.
 */
export type TraceSourceMessage =
  | { name: string; size: number; blob: Blob }
  | { name: string; size: number; port: MessagePort };

export interface ChunkRequest {
  offset: number;
}
/** `bytes` null: the end of the file. */
export type ChunkReply = { bytes: Uint8Array | null } | { error: string };

export type TraceRequest =
  /** Reads the files (replacing the traces held), then summarizes them with the mapping. */
  | { id: number; type: 'read'; sources: TraceSourceMessage[]; mapping: TraceMapDocument }
  /** Stops the read in flight (checked between chunks); it answers 'failed' with cancelled. */
  | { id: number; type: 'cancel' }
  /** The traces held, summarized again with another mapping (stream roles, part names...). */
  | { id: number; type: 'summarize'; mapping: TraceMapDocument }
  /** One rank's ops (rank = index into the last summary's ranks) for the overlay. */
  | { id: number; type: 'timeline'; rank: number; mapping: TraceMapDocument };

export interface ReadProgressMessage {
  /** Which file (0-based) of how many. */
  file: number;
  files: number;
  name: string;
  /** Raw bytes of the file taken so far, and its size (compressed or not). */
  rawBytes: number;
  size: number;
  events: number;
}

export interface TraceFailure {
  /** The file (or 'mapping') the errors are about. */
  source: string;
  errors: PathError[];
  cancelled: boolean;
}

export type TraceResponse =
  | ({ id: number; type: 'progress' } & ReadProgressMessage)
  | { id: number; type: 'summary'; summary: TraceSummaryJson }
  | ({ id: number; type: 'failed' } & TraceFailure)
  | { id: number; type: 'timeline'; timeline: MeasuredTimeline }
  | { id: number; type: 'crash'; message: string };
