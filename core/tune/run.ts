import type { PathError } from '../model/path-error';
import type { Scenario } from '../model/scenario';
import { type TuneConstraints, TuneEvaluator, type TuneResult } from './evaluate';
import { costModelScaler } from './cost-model-scaler';
import { type CostScaler, linearScaler } from './scaling';
import type { Shard } from './shards';
import { type TuneRequest, type TuneSpace, resolveSpace } from './space';

/**
 * What a tuning run needs, as data that crosses to workers (Web Workers, worker threads) and into
 * shard headers: every worker rebuilds the same space from it.
 */
export interface TunePlan {
  base: Scenario;
  request: TuneRequest;
  constraints: TuneConstraints;
  /** The slice of the space this run evaluates ({1, 1}: all of it). */
  shard: Shard;
}

export const WHOLE: Shard = { index: 1, count: 1 };

/**
 * The scaler for a scenario: one with a `derive` section is re-derived from the cost model for
 * each configuration; one that gives its own costs scales them linearly with the micro-batch size.
 */
export function scalerFor(base: Scenario): CostScaler {
  return base.derive ? costModelScaler() : linearScaler;
}

export function planSpace(
  base: Scenario,
  request: TuneRequest,
): { ok: true; space: TuneSpace; scaler: CostScaler } | { ok: false; errors: PathError[] } {
  const scaler = scalerFor(base);
  const r = resolveSpace(base, request, scaler);
  return r.ok ? { ok: true, space: r.space, scaler } : r;
}

/** The space index of position k of a shard. */
export function shardIndex(shard: Shard, k: number): number {
  return shard.index - 1 + k * shard.count;
}

/** Configurations per block of work handed to a worker: large enough that messages cost little. */
export const BLOCK = 24;

/** Hands out blocks of shard positions [from, to) to whoever asks next (work sharing). */
export class BlockQueue {
  private at = 0;
  constructor(
    readonly total: number,
    private readonly size = BLOCK,
  ) {}
  next(): { from: number; to: number } | null {
    if (this.at >= this.total) return null;
    const from = this.at;
    this.at = Math.min(this.total, from + this.size);
    return { from, to: this.at };
  }
}

/**
 * One worker's side of a run: it builds the space once and evaluates the blocks it is given. The
 * Web Worker (renderer/tune/tune.worker.ts) and the worker thread (cli/tune-worker.ts) both wrap it.
 */
export class TuneWorkerState {
  private readonly evaluator: TuneEvaluator;
  private readonly shard: Shard;

  constructor(plan: TunePlan) {
    const r = planSpace(plan.base, plan.request);
    if (!r.ok) throw new Error(`the tuning plan does not resolve: ${r.errors[0].message}`);
    // a worker attributes idle only to configurations a report could list (docs/tune.md, "Fast")
    this.evaluator = new TuneEvaluator(plan.base, r.space, plan.constraints, r.scaler, 'reportable');
    this.shard = plan.shard;
  }

  block(from: number, to: number): TuneResult[] {
    const out: TuneResult[] = [];
    for (let k = from; k < to; k++) out.push(this.evaluator.evaluate(shardIndex(this.shard, k)));
    return out;
  }
}

/** Messages to a tuning worker. */
export type ToTuneWorker = { type: 'plan'; plan: TunePlan } | { type: 'block'; from: number; to: number };
/** Messages from it. */
export type FromTuneWorker =
  | { type: 'results'; from: number; to: number; results: TuneResult[] }
  | { type: 'error'; message: string };

/** A worker's message handler: the same in a Web Worker and a worker thread. */
export function tuneWorkerHandler(post: (m: FromTuneWorker) => void): (m: ToTuneWorker) => void {
  let state: TuneWorkerState | null = null;
  return (m) => {
    try {
      if (m.type === 'plan') state = new TuneWorkerState(m.plan);
      else if (!state) post({ type: 'error', message: 'a block before the plan' });
      else post({ type: 'results', from: m.from, to: m.to, results: state.block(m.from, m.to) });
    } catch (e) {
      post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };
}

/** Estimated time left (ms) after `done` of `total` in `elapsedMs`, or null before anything is done. */
export function etaMs(done: number, total: number, elapsedMs: number): number | null {
  return done > 0 ? ((total - done) * elapsedMs) / done : null;
}
