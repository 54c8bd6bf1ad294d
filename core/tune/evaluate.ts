import { simulateValidScenario } from '../analyze';
import { checkScenarioSize } from '../format/limits';
import { validateScenario } from '../format/validate';
import type { ScheduleConfig } from '../model/config';
import type { PathError } from '../model/path-error';
import type { Schedule } from '../model/schedule';
import type { ScheduleDescriptor } from '../schedules/descriptor';
import type { Scenario } from '../model/scenario';
import type { Bytes } from '../model/units';
import { IntervalScratch } from '../metrics/intervals';
import { MemoryScratch } from '../metrics/memory';
import { SimScratch } from '../sim/sim-options';
import { type TuneFigures, memoryFigures, withTimeFigures } from './figures';
import { ReportableTracker } from './pareto';
import { type CostScaler, linearScaler } from './scaling';
import { type TuneChoice, type TuneSpace, choiceAt } from './space';

/**
 * Why a configuration is not a candidate, in the order they are checked (each configuration is
 * counted under the first that applies): the size cap on ops, a rule of its schedule or of the
 * scenario format, device memory over the capacity, activations over the optional limit.
 */
export const INFEASIBLE_REASONS = ['size', 'rules', 'memory', 'activationLimit'] as const;
export type InfeasibleReason = (typeof INFEASIBLE_REASONS)[number];

/** The constraints a feasible configuration meets. */
export interface TuneConstraints {
  /** Every device's peak memory (parameters + activations) at most this; null: unlimited. */
  capacity: Bytes | null;
  /** Every device's peak activation memory at most this; null: no limit. */
  activationLimit: Bytes | null;
}

/** One evaluated configuration. */
export interface TuneResult {
  index: number;
  choice: TuneChoice;
  /** null: feasible. */
  reason: InfeasibleReason | null;
  /** For `size` and `rules`: the first error, as "path: message". */
  message: string | null;
  /** null when it was not simulated (`size`, `rules`). */
  figures: TuneFigures | null;
}

function firstError(errors: readonly PathError[]): string {
  return `${errors[0].path}: ${errors[0].message}`;
}

/**
 * Evaluates configurations of one space, one at a time, through exactly the path `simulate` takes
 * (validateScenario, then simulateValidScenario: generate, pair, simulate), reusing one simulator
 * scratch. One per worker.
 */
/** The config fields that are costs: a schedule that is not cost-aware generates the same order whatever they are. */
const COST_FIELDS: ReadonlySet<string> = new Set([
  'forward',
  'backwardInput',
  'backwardWeight',
  'p2p',
  'stageCosts',
]);

/** Generated orders a worker keeps: enough for the innermost axes (pairing, recomputation, SM split). */
const ORDERS_KEPT = 4;

export class TuneEvaluator {
  private readonly scratch = new SimScratch();
  private readonly intervals = new IntervalScratch();
  private readonly memory = new MemoryScratch();
  /** The orders generated last, most recent first. */
  private readonly orders: { key: string; order: Schedule }[] = [];
  /**
   * The descriptor's order, remembered for the next configurations. Pairing, the innermost axis, is
   * applied after generation (pairSteadyState) except Megatron's combined 1F1B, which the schedule
   * generates itself, so "off" and "steady-state" of one configuration share one generated order.
   * A schedule that is not cost-aware (its descriptor says so, a property test holds it) gives the
   * same order for any costs, so the costs are not part of its key and configurations that differ
   * only in costs (the SM split, recomputation) share its order.
   */
  private readonly generate = (gen: ScheduleDescriptor, c: ScheduleConfig): Schedule => {
    const pairing = c.pairing === 'combined-1f1b' ? c.pairing : 'off';
    // every field of the config, so that a field added to ScheduleConfig is part of the key too
    const key = JSON.stringify([
      gen.name,
      Object.entries(c).map(([k, v]) =>
        k === 'pairing'
          ? pairing
          : !gen.costAware && COST_FIELDS.has(k)
            ? null
            : v instanceof Float64Array
              ? Array.from(v)
              : v,
      ),
    ]);
    const at = this.orders.findIndex((o) => o.key === key);
    const hit = at >= 0 ? this.orders.splice(at, 1)[0] : { key, order: gen.generate(c) };
    this.orders.unshift(hit);
    if (this.orders.length > ORDERS_KEPT) this.orders.pop();
    return hit.order;
  };

  /** The feasible configurations seen, when only those a report could list are attributed. */
  private readonly reportable: ReportableTracker | null;

  /**
   * `idle`: which configurations within the constraints get their top idle cause: `all`, or only
   * `reportable` ones (those a report could still list given what this evaluator has seen: the
   * workers of a run); the rest keep it null (not attributed).
   */
  constructor(
    private readonly base: Scenario,
    private readonly space: TuneSpace,
    private readonly constraints: TuneConstraints,
    private readonly scaler: CostScaler = linearScaler,
    idle: 'all' | 'reportable' = 'all',
  ) {
    this.reportable = idle === 'reportable' ? new ReportableTracker() : null;
  }

  /** The scenario of configuration `index`, as evaluate() runs it (or why it cannot be built). */
  scenarioAt(index: number): { ok: true; scenario: Scenario } | { ok: false; error: PathError } {
    return this.scaler.scenarioFor(this.base, choiceAt(this.space, index));
  }

  evaluate(index: number): TuneResult {
    const choice = choiceAt(this.space, index);
    const built = this.scaler.scenarioFor(this.base, choice);
    const result = (
      reason: InfeasibleReason | null,
      message: string | null,
      figures: TuneFigures | null,
    ) => ({
      index,
      choice,
      reason,
      message,
      figures,
    });
    if (!built.ok) return result('rules', firstError([built.error]), null);
    const scenario = built.scenario;
    const size = checkScenarioSize(scenario, choice.schedule);
    if (size.length > 0) return result('size', firstError(size), null);
    const invalid = validateScenario(scenario).errors;
    if (invalid.length > 0) return result('rules', firstError(invalid), null);
    const run = simulateValidScenario(scenario, choice.schedule, {
      scratch: this.scratch,
      // the timeline is read here and dropped before the next configuration
      reuseOutput: true,
      generate: this.generate,
    });
    if (!run.ok) return result('rules', firstError(run.errors), null);
    const timeline = run.simulated.timeline;
    const memory = memoryFigures(timeline, scenario, this.memory);
    const { capacity, activationLimit } = this.constraints;
    if (capacity !== null && memory.peakMemory > capacity) return result('memory', null, memory);
    if (activationLimit !== null && memory.peakActivation > activationLimit)
      return result('activationLimit', null, memory);
    let attribute = true;
    if (this.reportable) {
      const point = { index, makespan: memory.makespan, peakMemory: memory.peakMemory };
      attribute = this.reportable.could(point);
      this.reportable.add(point);
    }
    return result(
      null,
      null,
      withTimeFigures(memory, timeline, scenario, { idle: attribute, scratch: this.intervals }),
    );
  }
}
