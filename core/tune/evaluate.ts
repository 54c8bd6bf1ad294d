import { simulateValidScenario } from '../analyze';
import { checkScenarioSize } from '../format/limits';
import { validateScenario } from '../format/validate';
import type { ScheduleConfig } from '../model/config';
import type { PathError } from '../model/path-error';
import type { Schedule } from '../model/schedule';
import type { ScheduleDescriptor } from '../schedules/descriptor';
import type { Scenario } from '../model/scenario';
import type { Bytes } from '../model/units';
import { SimScratch } from '../sim/sim-options';
import { type TuneFigures, memoryFigures, withTimeFigures } from './figures';
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
export class TuneEvaluator {
  private readonly scratch = new SimScratch();
  private last: { key: string; order: Schedule } | null = null;
  /**
   * The descriptor's order, remembered for the next configuration: pairing, the innermost axis, is
   * applied after generation (pairSteadyState) except Megatron's combined 1F1B, which the schedule
   * generates itself, so "off" and "steady-state" of one configuration share one generated order.
   */
  private readonly generate = (gen: ScheduleDescriptor, c: ScheduleConfig): Schedule => {
    const pairing = c.pairing === 'combined-1f1b' ? c.pairing : 'off';
    // every field of the config, so that a field added to ScheduleConfig is part of the key too
    const key = JSON.stringify([
      gen.name,
      Object.entries(c).map(([k, v]) =>
        k === 'pairing' ? pairing : v instanceof Float64Array ? Array.from(v) : v,
      ),
    ]);
    if (this.last?.key !== key) this.last = { key, order: gen.generate(c) };
    return this.last.order;
  };

  constructor(
    private readonly base: Scenario,
    private readonly space: TuneSpace,
    private readonly constraints: TuneConstraints,
    private readonly scaler: CostScaler = linearScaler,
  ) {}

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
      generate: this.generate,
    });
    if (!run.ok) return result('rules', firstError(run.errors), null);
    const timeline = run.simulated.timeline;
    const memory = memoryFigures(timeline, scenario);
    const { capacity, activationLimit } = this.constraints;
    if (capacity !== null && memory.peakMemory > capacity) return result('memory', null, memory);
    if (activationLimit !== null && memory.peakActivation > activationLimit)
      return result('activationLimit', null, memory);
    return result(null, null, withTimeFigures(memory, timeline, scenario));
  }
}
