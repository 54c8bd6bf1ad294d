import { type Metrics, computeMetrics } from './metrics/metrics';
import { validateScenario } from './format/validate';
import type { ScheduleConfig } from './model/config';
import type { PathError } from './model/path-error';
import type { Scenario, ScheduleName } from './model/scenario';
import type { Schedule } from './model/schedule';
import type { ScheduleDescriptor } from './schedules/descriptor';
import { getSchedule, scheduleNames } from './schedules/registry';
import { scheduleConfig } from './schedules/scenario-config';
import { hasPairs, pairSteadyState } from './sim/pairing';
import { type SimInput, type SimScratch, pairModel, simulate } from './sim/simulate';
import type { Timeline } from './sim/timeline';
import { assert } from './util/assert';

export interface Analysis {
  scenario: Scenario;
  config: ScheduleConfig;
  schedule: Schedule;
  timeline: Timeline;
  metrics: Metrics;
  warnings: string[];
}

export type AnalysisResult = { ok: true; analysis: Analysis } | { ok: false; errors: PathError[] };

function formatBytes(b: number): string {
  const GiB = 1024 ** 3;
  return b >= GiB ? `${(b / GiB).toFixed(2)} GiB` : `${(b / 1024 ** 2).toFixed(1)} MiB`;
}

/** A scenario run through its schedule and the simulator, before the metrics. */
export interface SimulatedScenario {
  config: ScheduleConfig;
  schedule: Schedule;
  input: SimInput;
  timeline: Timeline;
  warnings: string[];
}

/**
 * Config -> schedule (generated, optionally paired) -> simulated timeline, for a scenario that
 * validateScenario accepted for `name`: the one path from a scenario to its timeline, which
 * analyze() and the tuner (core/tune) both take. An order that deadlocks comes back as an error
 * with a path. `scratch` is the simulator's working memory to reuse (core/sim/sim-options.ts).
 */
export function simulateValidScenario(
  scenario: Scenario,
  name: ScheduleName,
  options: {
    scratch?: SimScratch;
    /** With the scratch: the timeline's columns live in it, valid until its next run (SimOptions.reuseOutput). */
    reuseOutput?: boolean;
    /** Generates the order (default: the descriptor's generate); a caller may memoize it. */
    generate?: (gen: ScheduleDescriptor, config: ScheduleConfig) => Schedule;
  } = {},
): { ok: true; simulated: SimulatedScenario } | { ok: false; errors: PathError[] } {
  const gen = getSchedule(name);
  assert(gen, `validateScenario accepted an unknown schedule ${name}`);
  const config = scheduleConfig(scenario, gen);
  const generated = options.generate ? options.generate(gen, config) : gen.generate(config);
  let order = generated;
  const warnings: string[] = [];
  if (scenario.layout && scenario.parts)
    warnings.push(
      scenario.derive
        ? "chunk parts set each op's time, per device: the layout placed the layers each device's parts were derived from, and its per-stage costs are not used"
        : "the layout's per-stage costs are not used: chunk parts set each op's time (per device)",
    );
  if (scenario.pairing === 'steady-state') {
    if (hasPairs(order))
      warnings.push(`${gen.title} pairs on its own; pairing "steady-state" changes nothing`);
    else order = pairSteadyState(order);
  }
  const input: SimInput = {
    ...config,
    p2pOccupiesComm: scenario.p2p.occupiesComm,
    parts: scenario.parts,
    smSplit: scenario.smSplit,
  };
  const simOptions = options.scratch
    ? { scratch: options.scratch, reuseOutput: options.reuseOutput === true }
    : undefined;
  let sim = simulate(order, input, simOptions);
  if (!sim.ok && order !== generated) {
    // Pairing can deadlock an order that runs alone (ZB-H2 under a small activationBudget: a
    // paired backward waits, through other devices, for the forward it is paired with). Then
    // the order runs unpaired, and says so.
    const alone = simulate(generated, input, simOptions);
    if (alone.ok) {
      warnings.push(
        `pairing "steady-state" would deadlock ${gen.title}'s order here (a paired backward would wait, through other devices, for the forward it is paired with), so it runs unpaired`,
      );
      order = generated;
      sim = alone;
    }
  }
  // a generated order that cannot run is the schedule's fault; a custom order's, the order's
  if (!sim.ok)
    return {
      ok: false,
      errors: [{ path: gen.placement === 'order' ? 'order' : 'schedule', message: sim.error.message }],
    };
  return { ok: true, simulated: { config, schedule: order, input, timeline: sim.timeline, warnings } };
}

/**
 * Scenario -> config -> schedule (generated, optionally paired) -> simulated timeline -> metrics.
 * `schedule` overrides scenario.schedule. Never throws on user input: whatever validateScenario
 * finds (the scenario's fields, the size caps, the schedule's own check) or an order that
 * deadlocks comes back as errors with a path.
 */
export function analyze(scenario: Scenario, schedule?: ScheduleName): AnalysisResult {
  const name = schedule ?? scenario.schedule;
  const invalid = validateScenario(scenario, schedule === undefined ? {} : { schedule }).errors;
  if (invalid.length > 0) return { ok: false, errors: invalid };
  const run = simulateValidScenario(scenario, name);
  if (!run.ok) return run;
  const { config, schedule: order, input, timeline, warnings } = run.simulated;
  const metrics = computeMetrics(timeline, scenario, config, pairModel(order, input));
  const mem = metrics.memory;
  if (mem.capacity !== null)
    for (const d of mem.overCapacity)
      warnings.push(
        `device ${d} needs ${formatBytes(mem.peakMemoryBytes[d])} at its peak (parameters ${formatBytes(mem.parameterBytes)} + activations ${formatBytes(mem.peakActivationBytes[d])}), over memory.capacity ${formatBytes(mem.capacity)}`,
      );
  return {
    ok: true,
    analysis: { scenario, config, schedule: order, timeline, metrics, warnings },
  };
}

/** Every schedule with the reasons it cannot run this scenario (empty errors: it can). */
export function applicableSchedules(scenario: Scenario): { name: ScheduleName; errors: PathError[] }[] {
  return scheduleNames().map((name) => ({
    name,
    errors: validateScenario(scenario, { schedule: name }).errors,
  }));
}
