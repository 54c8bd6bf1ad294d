import { useSyncExternalStore } from 'react';
import type { IdleCause } from '../../core/metrics/idle-causes';
import type { Scenario } from '../../core/model/scenario';
import {
  type CostScaler,
  TuneAccumulator,
  type TuneConstraints,
  TuneEvaluator,
  type TuneReport,
  type TuneRequest,
  type TuneResult,
  type TuneRun,
  type TuneSpace,
  type TuneWorkerLike,
  WHOLE,
  runTunePool,
  scalerFor,
} from '../../core/tune';
import { type TuneForm, defaultForm } from './tune-form';

/** The page re-renders a running search at most this often (ms): results arrive far faster. */
const REFRESH_MS = 150;

/** The page attributes idle for the table at most this long at a time (ms), then lets it paint. */
const ATTRIBUTE_SLICE_MS = 12;

export type TuneStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** A configuration's top idle cause (null: no device idles) and its time summed over devices (ms). */
export interface TopIdle {
  cause: IdleCause | null;
  ms: number;
}

/**
 * A Find best run beside the document: the form, the results as they stream in, the report so
 * far, the point chosen. Not undoable, not saved; it outlives switching views (the workers keep
 * going), and a new run replaces it.
 */
export interface TuneSessionState {
  form: TuneForm | null;
  status: TuneStatus;
  /** The scenario the run evaluated (the document when it started, with the form's capacity). */
  base: Scenario | null;
  /** The document when the run started: a later edit makes the results stale. */
  document: Scenario | null;
  space: TuneSpace | null;
  scaler: CostScaler | null;
  constraints: TuneConstraints | null;
  /** Every result so far, in arrival order (a new array each refresh). */
  results: readonly TuneResult[];
  report: TuneReport | null;
  done: number;
  total: number;
  elapsedMs: number;
  jobs: number;
  failure: string | null;
  /** Index (in the space) of the configuration chosen in the chart or table, or null. */
  selected: number | null;
  /** Whether the chosen configuration is open in the schedule view (a preview, not applied). */
  previewing: boolean;
  /**
   * Top idle causes of configurations the workers left unattributed (no report lists them), worked
   * out here for the table rows that show them, by index.
   */
  causes: ReadonlyMap<number, TopIdle>;
}

function initial(): TuneSessionState {
  return {
    form: null,
    status: 'idle',
    base: null,
    document: null,
    space: null,
    scaler: null,
    constraints: null,
    results: [],
    report: null,
    done: 0,
    total: 0,
    elapsedMs: 0,
    jobs: 0,
    failure: null,
    selected: null,
    previewing: false,
    causes: new Map(),
  };
}

export class TuneSession {
  private state = initial();
  private readonly listeners = new Set<() => void>();
  private run: TuneRun | null = null;
  private pending: TuneResult[] = [];
  private acc: TuneAccumulator | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started = 0;
  /** Indices whose top idle cause the table waits for, and what works them out. */
  private wanted: number[] = [];
  private causeTimer: ReturnType<typeof setTimeout> | null = null;
  private causeEvaluator: TuneEvaluator | null = null;

  constructor(
    private readonly workers: (n: number) => TuneWorkerLike[],
    private readonly count: () => number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  getState = (): TuneSessionState => this.state;

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  private set(patch: Partial<TuneSessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** The form, made from the document the first time the view opens. */
  formFor(s: Scenario): TuneForm {
    if (!this.state.form) this.state = { ...this.state, form: defaultForm(s) };
    return this.state.form as TuneForm;
  }

  setForm(form: TuneForm): void {
    this.set({ form });
  }

  /** Starts a run (cancelling one in flight) over the space of a checked plan. */
  start(
    base: Scenario,
    request: TuneRequest,
    constraints: TuneConstraints,
    space: TuneSpace,
    document: Scenario,
  ): void {
    this.run?.cancel();
    this.stopAttributing();
    const jobs = Math.max(1, Math.min(this.count(), space.size));
    this.acc = new TuneAccumulator(space, constraints);
    this.pending = [];
    this.started = this.now();
    this.set({
      status: 'running',
      base,
      document,
      space,
      scaler: scalerFor(base),
      constraints,
      results: [],
      report: null,
      done: 0,
      total: space.size,
      elapsedMs: 0,
      jobs,
      failure: null,
      selected: null,
      previewing: false,
      causes: new Map(),
    });
    const run = runTunePool(
      { base, request, constraints, shard: WHOLE },
      space.size,
      this.workers(jobs),
      (rs) => {
        if (this.run !== run) return;
        for (const r of rs) this.acc?.add(r);
        this.pending.push(...rs);
        this.schedule();
      },
    );
    this.run = run;
    run.done.then(
      (r) => this.run === run && this.finish(r.cancelled ? 'cancelled' : 'done', null),
      (e: Error) => this.run === run && this.finish('failed', e.message),
    );
  }

  cancel(): void {
    this.run?.cancel();
  }

  select(index: number | null, previewing = false): void {
    this.set({ selected: index, previewing: index !== null && previewing });
  }

  /**
   * Works out the top idle cause of these configurations (the table's rows the workers did not
   * attribute) on this thread, a slice at a time: the same evaluation as the workers', every
   * figure computed. Each lands in `causes`.
   */
  attribute(indices: readonly number[]): void {
    for (const i of indices) if (!this.state.causes.has(i) && !this.wanted.includes(i)) this.wanted.push(i);
    if (this.wanted.length > 0 && this.causeTimer === null)
      this.causeTimer = setTimeout(() => this.attributeSome(), 0);
  }

  private attributeSome(): void {
    this.causeTimer = null;
    const { base, space, constraints, scaler } = this.state;
    if (!base || !space || !constraints || !scaler) {
      this.wanted = [];
      return;
    }
    this.causeEvaluator ??= new TuneEvaluator(base, space, constraints, scaler);
    const causes = new Map(this.state.causes);
    const t0 = this.now();
    do {
      const i = this.wanted.shift() as number;
      const f = this.causeEvaluator.evaluate(i).figures;
      causes.set(i, { cause: f?.topIdleCause ?? null, ms: f?.topIdleMs ?? 0 });
    } while (this.wanted.length > 0 && this.now() - t0 < ATTRIBUTE_SLICE_MS);
    this.set({ causes });
    if (this.wanted.length > 0) this.causeTimer = setTimeout(() => this.attributeSome(), 0);
  }

  private stopAttributing(): void {
    if (this.causeTimer !== null) clearTimeout(this.causeTimer);
    this.causeTimer = null;
    this.wanted = [];
    this.causeEvaluator = null;
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, REFRESH_MS);
  }

  private flush(): void {
    if (this.pending.length === 0 && this.state.status !== 'running') return;
    const results = this.pending.length ? [...this.state.results, ...this.pending] : this.state.results;
    this.pending = [];
    this.set({
      results,
      done: results.length,
      report: this.acc?.report() ?? null,
      elapsedMs: this.now() - this.started,
    });
  }

  private finish(status: TuneStatus, failure: string | null): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.flush();
    this.run = null;
    this.set({ status, failure, elapsedMs: this.now() - this.started });
  }

  /** Ends the workers (the page is going away). */
  dispose(): void {
    this.run?.cancel();
    this.run = null;
    this.stopAttributing();
  }
}

export function useTuneSession<T>(session: TuneSession, select: (s: TuneSessionState) => T): T {
  return useSyncExternalStore(session.subscribe, () => select(session.getState()));
}
