import type { Scenario, ScheduleName } from '../../core/model/scenario';
import type { DocumentData, OpenedDocument } from './document';
import type { EngineResult, SweepPoint } from './engine';
import type { WorkerRequest, WorkerResponse } from './protocol';
import type { ReferenceResult } from './reference';

type Progress = (done: number, total: number) => void;
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * One worker per channel ('main', 'compare', 'sweep', 'document'). A new request on a channel supersedes the
 * one in flight: the busy worker is terminated (a running analysis cannot be interrupted
 * otherwise) and a fresh one started, so dragging a slider never queues stale work.
 */
export class AnalysisChannel {
  private worker: Worker | null = null;
  private busy = false;
  private nextId = 1;
  private pending: {
    id: number;
    resolve: (r: WorkerResponse) => void;
    reject: (e: Error) => void;
    progress?: Progress;
  } | null = null;

  constructor(private readonly create: () => Worker) {}

  private ensureWorker(): Worker {
    if (this.worker && this.busy) {
      this.worker.terminate();
      this.worker = null;
      this.pending?.reject(new SupersededError());
      this.pending = null;
    }
    if (!this.worker) {
      const w = this.create();
      w.onmessage = (e: MessageEvent<WorkerResponse>) => {
        const p = this.pending;
        if (!p || e.data.id !== p.id) return;
        if (e.data.type === 'progress') {
          p.progress?.(e.data.done, e.data.total);
          return;
        }
        this.busy = false;
        this.pending = null;
        if (e.data.type === 'crash') p.reject(new Error(e.data.message));
        else p.resolve(e.data);
      };
      w.onerror = (e) => {
        this.busy = false;
        const p = this.pending;
        this.pending = null;
        this.worker = null;
        p?.reject(new Error(e.message || 'the analysis worker failed to start'));
      };
      this.worker = w;
    }
    return this.worker;
  }

  private send(req: WithoutId<WorkerRequest>, progress?: Progress): Promise<WorkerResponse> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending = { id, resolve, reject, progress };
      this.busy = true;
      worker.postMessage({ ...req, id } as WorkerRequest);
    });
  }

  async analyze(scenario: Scenario, schedule?: ScheduleName): Promise<EngineResult> {
    const r = await this.send({ type: 'analyze', scenario, schedule });
    if (r.type !== 'analyze') throw new Error('unexpected worker answer');
    return r.result;
  }

  /** The Schedule view's reference schedule and GPipe-vs-1F1B note (reference.ts). */
  async reference(scenario: Scenario, schedule: ScheduleName | null): Promise<ReferenceResult> {
    const r = await this.send({ type: 'reference', scenario, schedule });
    if (r.type !== 'reference') throw new Error('unexpected worker answer');
    return r.result;
  }

  async sweep(
    scenario: Scenario,
    schedules: ScheduleName[],
    microbatches: number[],
    progress?: Progress,
  ): Promise<SweepPoint[]> {
    const r = await this.send({ type: 'sweep', scenario, schedules, microbatches }, progress);
    if (r.type !== 'sweep') throw new Error('unexpected worker answer');
    return r.points;
  }

  /** Opens a file's content in the worker. */
  async open(data: DocumentData): Promise<OpenedDocument> {
    const r = await this.send({ type: 'open', data });
    if (r.type !== 'open') throw new Error('unexpected worker answer');
    return r.result;
  }

  /** The file text Save writes for a document and the unknown fields it was read with. */
  async save(scenario: Scenario, kept: string | null): Promise<string> {
    const r = await this.send({ type: 'save', scenario, kept });
    if (r.type !== 'save') throw new Error('unexpected worker answer');
    return r.text;
  }

  /** Stops the request in flight, if any (its promise rejects with a SupersededError). */
  cancel(): void {
    if (!this.busy || !this.worker) return;
    this.worker.terminate();
    this.worker = null;
    this.busy = false;
    this.pending?.reject(new SupersededError());
    this.pending = null;
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}

/** A request was replaced by a newer one on the same channel; not an error to show. */
export class SupersededError extends Error {
  override name = 'SupersededError';
}

export function createAnalysisWorker(): Worker {
  return new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' });
}

/** Whether this page may start module workers (false in jsdom and very old engines). */
export const workersAvailable = typeof Worker !== 'undefined';
