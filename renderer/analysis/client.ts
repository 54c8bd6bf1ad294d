import type { Scenario, ScheduleName } from '../../core/model/scenario';
import type { DocumentData, OpenedDocument } from './document';
import { type EngineResult, INLINE_OPS, opsEstimate, type SweepPoint } from './engine';
import type { WorkerRequest, WorkerResponse } from './protocol';
import type { ReferenceResult } from './reference';

type Progress = (done: number, total: number) => void;
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * Requests a channel lets queue behind a small one in flight before it starts a fresh worker
 * anyway (so a stream of small requests never piles up stale work either).
 */
const MAX_QUEUED = 3;

/**
 * One worker per channel ('main', 'compare', 'sweep', 'document'). A new request on a channel supersedes the
 * one in flight (its promise rejects with a SupersededError). A large request in flight cannot be
 * interrupted otherwise, so the busy worker is terminated and a fresh one started: dragging a
 * slider never queues stale work. A small one (`send`'s `small`: a few ms, such as the reference
 * schedule of a scenario the page analyses inline) is left to finish and its answer dropped: a
 * fresh worker would first compile its module again (about 20 ms of a core, on every keystroke).
 */
export class AnalysisChannel {
  private worker: Worker | null = null;
  /** Requests posted to the worker and not answered yet, superseded ones included. */
  private unanswered = 0;
  /** Whether every unanswered request is small. */
  private onlySmall = true;
  private nextId = 1;
  private pending: {
    id: number;
    resolve: (r: WorkerResponse) => void;
    reject: (e: Error) => void;
    progress?: Progress;
  } | null = null;

  constructor(private readonly create: () => Worker) {}

  private ensureWorker(): Worker {
    this.pending?.reject(new SupersededError());
    this.pending = null;
    if (this.worker && this.unanswered > 0 && !(this.onlySmall && this.unanswered <= MAX_QUEUED))
      this.stopWorker();
    if (!this.worker) {
      const w = this.create();
      w.onmessage = (e: MessageEvent<WorkerResponse>) => {
        if (w !== this.worker) return;
        const p = this.pending;
        if (e.data.type === 'progress') {
          if (p && e.data.id === p.id) p.progress?.(e.data.done, e.data.total);
          return;
        }
        this.unanswered--;
        if (this.unanswered === 0) this.onlySmall = true;
        if (!p || e.data.id !== p.id) return;
        this.pending = null;
        if (e.data.type === 'crash') p.reject(new Error(e.data.message));
        else p.resolve(e.data);
      };
      w.onerror = (e) => {
        if (w !== this.worker) return;
        const p = this.pending;
        this.pending = null;
        this.stopWorker();
        p?.reject(new Error(e.message || 'the analysis worker failed to start'));
      };
      this.worker = w;
    }
    return this.worker;
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = null;
    this.unanswered = 0;
    this.onlySmall = true;
  }

  private send(req: WithoutId<WorkerRequest>, progress?: Progress, small = false): Promise<WorkerResponse> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending = { id, resolve, reject, progress };
      this.unanswered++;
      if (!small) this.onlySmall = false;
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
    // Small when each schedule it may simulate is one the page would analyse inline.
    const small = [schedule, 'gpipe', '1f1b'].every(
      (name) => name === null || opsEstimate(scenario, name as ScheduleName) <= INLINE_OPS,
    );
    const r = await this.send({ type: 'reference', scenario, schedule }, undefined, small);
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
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.stopWorker();
    p.reject(new SupersededError());
  }

  dispose(): void {
    this.stopWorker();
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
