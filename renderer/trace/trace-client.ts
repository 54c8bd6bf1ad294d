import type { TraceMapDocument } from '../../core/model/scenario';
import type { MeasuredTimeline } from '../../core/trace/measured-timeline';
import type { TraceSummaryJson } from '../../core/trace/summary';
import { TraceEngine } from './trace-engine';
import type {
  ChunkRequest,
  ReadProgressMessage,
  TraceFailure,
  TraceRequest,
  TraceResponse,
  TraceSourceMessage,
} from './trace-protocol';

/** A trace file to read: a File (web, drops), or chunks the desktop app reads from disk. */
export type TraceSource =
  | { name: string; size: number; blob: Blob }
  | { name: string; size: number; readChunk(offset: number): Promise<Uint8Array | null> };

export type SummaryResult = { ok: true; summary: TraceSummaryJson } | ({ ok: false } & TraceFailure);

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Port {
  postMessage(m: TraceRequest, transfer?: Transferable[]): void;
  terminate(): void;
}

/**
 * The page's side of the trace worker: one request at a time, answered by a promise; progress of a
 * read goes to a callback. Without module workers (jsdom) the engine runs on the page instead.
 */
export class TraceClient {
  private readonly port: Port;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve(r: TraceResponse): void; progress?: (p: ReadProgressMessage) => void }
  >();
  private readingId: number | null = null;

  constructor(create: (() => Worker | null) | null = defaultWorker) {
    const onResponse = (m: TraceResponse) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') {
        p.progress?.(m);
        return;
      }
      this.pending.delete(m.id);
      p.resolve(m);
    };
    const worker = create?.() ?? null;
    if (worker) {
      worker.onmessage = (e: MessageEvent<TraceResponse>) => onResponse(e.data);
      worker.onerror = (e) => {
        for (const [id, p] of this.pending)
          p.resolve({ id, type: 'crash', message: e.message || 'the trace worker failed' });
        this.pending.clear();
      };
      this.port = worker;
    } else {
      const engine = new TraceEngine(onResponse);
      this.port = { postMessage: (m) => void engine.handle(m), terminate() {} };
    }
  }

  private send(
    req: WithoutId<TraceRequest>,
    transfer: Transferable[] = [],
    progress?: (p: ReadProgressMessage) => void,
  ) {
    const id = this.nextId++;
    return {
      id,
      answer: new Promise<TraceResponse>((resolve) => {
        this.pending.set(id, { resolve, progress });
        this.port.postMessage({ ...req, id } as TraceRequest, transfer);
      }),
    };
  }

  async read(
    sources: TraceSource[],
    mapping: TraceMapDocument,
    progress: (p: ReadProgressMessage) => void,
  ): Promise<SummaryResult> {
    const messages: TraceSourceMessage[] = [];
    const transfer: Transferable[] = [];
    for (const s of sources) {
      if ('blob' in s) {
        messages.push({ name: s.name, size: s.size, blob: s.blob });
        continue;
      }
      const channel = new MessageChannel();
      channel.port1.onmessage = (e: MessageEvent<ChunkRequest>) => {
        s.readChunk(e.data.offset).then(
          // Moved, not copied, when the chunk owns its whole buffer (a fresh IPC answer does).
          (bytes) => channel.port1.postMessage({ bytes }, bytes && ownsBuffer(bytes) ? [bytes.buffer] : []),
          (err: Error) => channel.port1.postMessage({ error: err.message }),
        );
      };
      messages.push({ name: s.name, size: s.size, port: channel.port2 });
      transfer.push(channel.port2);
    }
    const { id, answer } = this.send({ type: 'read', sources: messages, mapping }, transfer, progress);
    this.readingId = id;
    const r = await answer;
    if (this.readingId === id) this.readingId = null;
    return summaryResult(r);
  }

  /** Stops the read in flight: its promise resolves as failed, cancelled. */
  cancel(): void {
    if (this.readingId !== null) this.port.postMessage({ id: this.nextId++, type: 'cancel' });
  }

  async summarize(mapping: TraceMapDocument): Promise<SummaryResult> {
    return summaryResult(await this.send({ type: 'summarize', mapping }).answer);
  }

  async timeline(rank: number, mapping: TraceMapDocument): Promise<MeasuredTimeline | TraceFailure> {
    const r = await this.send({ type: 'timeline', rank, mapping }).answer;
    if (r.type === 'timeline') return r.timeline;
    if (r.type === 'failed') return r;
    return { source: 'trace', errors: [{ path: '(worker)', message: crashMessage(r) }], cancelled: false };
  }

  dispose(): void {
    this.port.terminate();
  }
}

function ownsBuffer(b: Uint8Array): boolean {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer;
}

function crashMessage(r: TraceResponse): string {
  return r.type === 'crash'
    ? `PipeScope failed reading the trace (please report it): ${r.message}`
    : `unexpected answer ${r.type}`;
}

function summaryResult(r: TraceResponse): SummaryResult {
  if (r.type === 'summary') return { ok: true, summary: r.summary };
  if (r.type === 'failed') return { ok: false, source: r.source, errors: r.errors, cancelled: r.cancelled };
  return {
    ok: false,
    source: 'trace',
    errors: [{ path: '(worker)', message: crashMessage(r) }],
    cancelled: false,
  };
}

function defaultWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  return new Worker(new URL('./trace.worker.ts', import.meta.url), { type: 'module', name: 'trace' });
}
