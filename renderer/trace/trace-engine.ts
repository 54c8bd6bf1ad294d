import type { TraceMapDocument } from '../../core/model/scenario';
import { type TraceMapping, parseTraceMapping } from '../../core/trace/mapping';
import { measuredTimeline } from '../../core/trace/measured-timeline';
import { readTrace } from '../../core/trace/reader';
import {
  type TraceInput,
  type TraceSummary,
  summarizeTraces,
  traceSummaryToJson,
} from '../../core/trace/summary';
import { blobTraceChunks, decodedTraceChunks } from './blob-chunks';
import type { ChunkReply, TraceRequest, TraceResponse, TraceSourceMessage } from './trace-protocol';

/** Progress messages are posted at most every PROGRESS_MS: one per 64 KB chunk would flood the page. */
const PROGRESS_MS = 100;

/**
 * What the trace worker does, apart from the worker: reads trace files as streams, keeps them,
 * summarizes them with a mapping, and cuts one rank's timeline out for the overlay. The worker
 * (trace.worker.ts) feeds it its messages; without workers (tests) the page can run it itself.
 */
export class TraceEngine {
  private traces: TraceInput[] = [];
  private summary: TraceSummary | null = null;
  private reading: { id: number; aborted: boolean } | null = null;

  constructor(
    private readonly post: (m: TraceResponse) => void,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async handle(req: TraceRequest): Promise<void> {
    try {
      if (req.type === 'cancel') {
        if (this.reading) this.reading.aborted = true;
      } else if (req.type === 'read') await this.read(req.id, req.sources, req.mapping);
      else if (req.type === 'summarize') this.summarize(req.id, req.mapping);
      else this.timeline(req.id, req.rank, req.mapping);
    } catch (err) {
      this.post({ id: req.id, type: 'crash', message: err instanceof Error ? err.message : String(err) });
    }
  }

  private async read(id: number, sources: TraceSourceMessage[], doc: TraceMapDocument): Promise<void> {
    const mapping = this.mapping(id, doc);
    if (!mapping) return;
    const signal = { id, aborted: false };
    this.reading = signal;
    const inputs: TraceInput[] = [];
    try {
      for (const [k, src] of sources.entries()) {
        let raw = 0;
        let last = Number.NEGATIVE_INFINITY;
        const progress = (events: number) => {
          if (this.now() - last < PROGRESS_MS) return;
          last = this.now();
          this.post({
            id,
            type: 'progress',
            file: k,
            files: sources.length,
            name: src.name,
            rawBytes: raw,
            size: src.size,
            events,
          });
        };
        progress(0);
        let result: Awaited<ReturnType<typeof readTrace>>;
        try {
          const onRaw = (n: number) => {
            raw = n;
          };
          const chunks =
            'blob' in src
              ? await blobTraceChunks(src.blob, onRaw)
              : await decodedTraceChunks(portChunks(src.port), onRaw);
          result = await readTrace(chunks, {
            signal,
            decoder: new TextDecoder(),
            onProgress: (p) => progress(p.events),
          });
        } catch (err) {
          // The edge failed under the reader: a file that cannot be read, corrupt gzip data.
          const message = `cannot read the file: ${err instanceof Error ? err.message : String(err)}`;
          this.post({
            id,
            type: 'failed',
            source: src.name,
            errors: [{ path: '(file)', message }],
            cancelled: false,
          });
          return;
        }
        if (!result.ok) {
          this.post({
            id,
            type: 'failed',
            source: src.name,
            errors: result.errors,
            cancelled: result.cancelled,
          });
          return;
        }
        inputs.push({ source: src.name, trace: result.trace });
      }
    } finally {
      if (this.reading === signal) this.reading = null;
      for (const src of sources) if ('port' in src) src.port.close();
    }
    this.traces = inputs;
    this.summarizeWith(id, mapping);
  }

  private summarize(id: number, doc: TraceMapDocument): void {
    const mapping = this.mapping(id, doc);
    if (mapping) this.summarizeWith(id, mapping);
  }

  private summarizeWith(id: number, mapping: TraceMapping): void {
    const r = summarizeTraces(this.traces, mapping);
    if (!r.ok) {
      const source = r.errors[0]?.source ?? 'trace';
      this.post({ id, type: 'failed', source, errors: r.errors, cancelled: false });
      return;
    }
    this.summary = r.summary;
    this.post({ id, type: 'summary', summary: traceSummaryToJson(r.summary) });
  }

  private timeline(id: number, rank: number, doc: TraceMapDocument): void {
    const mapping = this.mapping(id, doc);
    if (!mapping) return;
    const r = this.summary?.ranks[rank];
    const input = r && this.traces.find((t) => t.source === r.source);
    if (!r || !input) {
      this.post({ id, type: 'crash', message: `no rank ${rank} in the traces held` });
      return;
    }
    const roles = new Map(r.figures.streams.map((s) => [s.id, s.role]));
    const timeline = measuredTimeline(input.trace, r.device, mapping, (s) => roles.get(s) ?? 'compute');
    this.post({ id, type: 'timeline', timeline });
  }

  private mapping(id: number, doc: TraceMapDocument): TraceMapping | null {
    const m = parseTraceMapping(doc, 'mapping');
    if (m.ok) return m.mapping;
    this.post({ id, type: 'failed', source: 'mapping', errors: m.errors, cancelled: false });
    return null;
  }
}

/** The raw bytes the page sends over a port, pulled one chunk at a time from offset 0. */
async function* portChunks(port: MessagePort): AsyncGenerator<Uint8Array> {
  let offset = 0;
  for (;;) {
    const reply = await new Promise<ChunkReply>((resolve) => {
      port.onmessage = (e: MessageEvent<ChunkReply>) => resolve(e.data);
      port.postMessage({ offset });
    });
    if ('error' in reply) throw new Error(reply.error);
    if (reply.bytes === null || reply.bytes.length === 0) return;
    offset += reply.bytes.length;
    yield reply.bytes;
  }
}
