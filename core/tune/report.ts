import type { Scenario } from '../model/scenario';
import { AXIS_PATHS, type TuneConfig, pickPaths } from './config';
import { INFEASIBLE_REASONS, type InfeasibleReason, type TuneConstraints, type TuneResult } from './evaluate';
import { ParetoFront, keepFastest } from './pareto';
import type { CostScaler } from './scaling';
import { type TuneSpace, spaceToJSON } from './space';

export { FASTEST } from './pareto';
/** How many groups of rejected configurations (same reason, schedule and message) it lists. */
export const REJECTIONS = 10;

/** Configurations refused by a rule or the size cap, with one message (memory has no message: `binding` says how close). */
export interface Rejection {
  reason: 'rules' | 'size';
  schedule: string;
  message: string;
  count: number;
  /** The first configuration refused so (lowest index). */
  first: number;
}

/** A constraint that no configuration meets, with how close the nearest came. */
export interface Binding {
  constraint: 'memory' | 'activationLimit' | 'rules' | 'size';
  /** The limit (bytes), for memory and activationLimit. */
  limit: number | null;
  /** The lowest peak (bytes) among configurations that ran, and by how much it exceeds the limit. */
  lowest: number | null;
  over: number | null;
  /** That configuration (memory and activationLimit) or the commonest refusal (rules, size). */
  at: TuneResult | null;
  message: string;
}

export interface TuneReport {
  space: TuneSpace;
  constraints: TuneConstraints;
  evaluated: number;
  feasible: number;
  infeasible: Record<InfeasibleReason, number>;
  /** The fastest feasible configuration (the lowest index among equal makespans), or null. */
  best: TuneResult | null;
  /** Non-dominated feasible configurations by iteration time and peak memory, fastest first. */
  pareto: TuneResult[];
  fastest: TuneResult[];
  rejections: Rejection[];
  /** When nothing is feasible: which constraints bite and by how much; null otherwise. */
  binding: Binding[] | null;
}

interface Minimum {
  value: number;
  result: TuneResult;
}

function lower(m: Minimum | null, value: number, r: TuneResult): Minimum | null {
  return m === null || value < m.value || (value === m.value && r.index < m.result.index)
    ? { value, result: r }
    : m;
}

type FrontEntry = { index: number; makespan: number; peakMemory: number; result: TuneResult };

/**
 * Collects evaluated configurations, in any order, into the report: the counts, the best, the
 * Pareto front, the fastest, the refusals, and the nearest misses. Every choice among equals goes
 * to the lowest index, so workers, shards and merges give the same report.
 */
export class TuneAccumulator {
  evaluated = 0;
  feasible = 0;
  readonly infeasible = Object.fromEntries(INFEASIBLE_REASONS.map((r) => [r, 0])) as Record<
    InfeasibleReason,
    number
  >;
  private readonly front = new ParetoFront<FrontEntry>();
  private fastestList: TuneResult[] = [];
  private readonly rejected = new Map<string, Rejection>();
  // Nearest misses: lowest peaks over all that ran, and over those meeting the other constraint.
  private memoryAll: Minimum | null = null;
  private memoryWithinActivation: Minimum | null = null;
  private activationAll: Minimum | null = null;
  private activationWithinMemory: Minimum | null = null;

  constructor(
    readonly space: TuneSpace,
    readonly constraints: TuneConstraints,
  ) {}

  add(r: TuneResult): void {
    this.evaluated++;
    const f = r.figures;
    if (f) {
      const { capacity, activationLimit } = this.constraints;
      const memOk = capacity === null || f.peakMemory <= capacity;
      const actOk = activationLimit === null || f.peakActivation <= activationLimit;
      this.memoryAll = lower(this.memoryAll, f.peakMemory, r);
      this.activationAll = lower(this.activationAll, f.peakActivation, r);
      if (actOk) this.memoryWithinActivation = lower(this.memoryWithinActivation, f.peakMemory, r);
      if (memOk) this.activationWithinMemory = lower(this.activationWithinMemory, f.peakActivation, r);
    }
    if (r.reason === 'memory' || r.reason === 'activationLimit') {
      this.infeasible[r.reason]++;
      return;
    }
    if (r.reason !== null) {
      this.infeasible[r.reason]++;
      const message = r.message ?? '';
      const key = `${r.reason}\u0000${r.choice.schedule}\u0000${message}`;
      const g = this.rejected.get(key);
      if (g) {
        g.count++;
        if (r.index < g.first) g.first = r.index;
      } else
        this.rejected.set(key, {
          reason: r.reason,
          schedule: r.choice.schedule,
          message,
          count: 1,
          first: r.index,
        });
      return;
    }
    this.feasible++;
    const figures = f as NonNullable<typeof f>;
    this.front.add({ index: r.index, makespan: figures.makespan, peakMemory: figures.peakMemory, result: r });
    keepFastest(this.fastestList, r, faster);
  }

  report(): TuneReport {
    const fastest = this.fastestList.slice();
    const rejections = [...this.rejected.values()]
      .sort((a, b) => b.count - a.count || a.first - b.first)
      .slice(0, REJECTIONS);
    return {
      space: this.space,
      constraints: this.constraints,
      evaluated: this.evaluated,
      feasible: this.feasible,
      infeasible: { ...this.infeasible },
      best: fastest[0] ?? null,
      pareto: this.front.list().map((e) => e.result),
      fastest,
      rejections,
      binding: this.feasible > 0 || this.evaluated === 0 ? null : this.binding(rejections),
    };
  }

  private binding(rejections: Rejection[]): Binding[] {
    const out: Binding[] = [];
    const { capacity, activationLimit } = this.constraints;
    const fmt = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;
    const miss = (
      constraint: 'memory' | 'activationLimit',
      limit: number | null,
      m: Minimum | null,
      what: string,
    ) => {
      if (limit === null || m === null || m.value <= limit) return;
      out.push({
        constraint,
        limit,
        lowest: m.value,
        over: m.value - limit,
        at: m.result,
        message: `the lowest ${what} of any configuration that runs is ${fmt(m.value)}, ${fmt(m.value - limit)} over the limit of ${fmt(limit)}`,
      });
    };
    miss('memory', capacity, this.memoryWithinActivation ?? this.memoryAll, 'peak memory');
    miss(
      'activationLimit',
      activationLimit,
      this.activationWithinMemory ?? this.activationAll,
      'peak activation memory',
    );
    if (out.length === 0 && this.memoryAll === null) {
      // Nothing ran: the schedules' rules or the size cap refused every configuration.
      const top = rejections[0];
      const constraint = this.infeasible.size >= this.infeasible.rules ? 'size' : 'rules';
      out.push({
        constraint,
        limit: null,
        lowest: null,
        over: null,
        at: null,
        message: `no configuration runs: ${this.infeasible.rules} refused by the schedules' rules, ${this.infeasible.size} by the size cap; commonest: ${top.schedule}: ${top.message} (${top.count} configurations)`,
      });
    }
    if (out.length === 0) {
      // Each constraint alone is met somewhere, but never both together.
      const m = this.memoryWithinActivation;
      out.push({
        constraint: 'memory',
        limit: capacity,
        lowest: m?.value ?? null,
        over: m && capacity !== null ? m.value - capacity : null,
        at: m?.result ?? null,
        message: 'no configuration meets the capacity and the activation limit together',
      });
    }
    return out;
  }
}

function faster(a: TuneResult, b: TuneResult): boolean {
  const x = a.figures!.makespan;
  const y = b.figures!.makespan;
  return x < y || (x === y && a.index < b.index);
}

/** The configuration of a result as the report gives it: its axes and the fields scaled with m. */
export function configOf(
  result: TuneResult,
  base: Scenario,
  space: TuneSpace,
  scaler: CostScaler,
): TuneConfig {
  const built = scaler.scenarioFor(base, result.choice);
  if (!built.ok) return { ...result.choice };
  // derived costs change with the schedule, recomputation and SM split too, not only with m
  const scales =
    scaler.mode === 'cost-model' || space.request.microbatches.some((m) => m !== base.microbatches);
  return pickPaths(built.scenario, [...AXIS_PATHS, ...(scales ? scaler.scaledPaths(base) : [])]);
}

/** One configuration as the JSON gives it. */
export function resultToJSON(r: TuneResult, base: Scenario, space: TuneSpace, scaler: CostScaler) {
  const f = r.figures;
  return {
    index: r.index,
    config: configOf(r, base, space, scaler),
    makespan: f?.makespan ?? null,
    peakMemory: f?.peakMemory ?? null,
    peakActivation: f?.peakActivation ?? null,
    bubble: f?.bubble ?? null,
    exposedComm: f?.exposedCommMean ?? null,
    exposedCommMax: f?.exposedCommMax ?? null,
    topIdleCause: f?.topIdleCause ? { cause: f.topIdleCause, ms: f.topIdleMs } : null,
    ...(r.reason !== null ? { infeasible: r.reason, message: r.message } : {}),
  };
}

/** How fast a run went: configurations per second of wall time, over its worker threads. */
export interface TuneTiming {
  elapsedMs: number;
  jobs: number;
}

/** The report as `pipescope tune --json` prints it (docs/cli.md, docs/tune.md). */
export function tuneReportToJSON(report: TuneReport, base: Scenario, scaler: CostScaler, timing: TuneTiming) {
  const point = (r: TuneResult) => resultToJSON(r, base, report.space, scaler);
  return {
    scenario: base.name,
    space: spaceToJSON(report.space, scaler.describe(base)),
    constraints: report.constraints,
    evaluated: report.evaluated,
    feasible: report.feasible,
    infeasible: report.infeasible,
    best: report.best ? point(report.best) : null,
    pareto: report.pareto.map(point),
    fastest: report.fastest.map(point),
    rejections: report.rejections,
    binding: report.binding ? report.binding.map((b) => ({ ...b, at: b.at ? point(b.at) : null })) : null,
    jobs: timing.jobs,
    elapsedMs: Math.round(timing.elapsedMs),
    configsPerSecond: timing.elapsedMs > 0 ? Math.round((report.evaluated / timing.elapsedMs) * 1000) : null,
  };
}
