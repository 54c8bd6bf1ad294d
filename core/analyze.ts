import { type Metrics, computeMetrics } from './metrics/metrics';
import { validateScenario } from './format/validate';
import type { ScheduleConfig } from './model/config';
import type { PathError } from './model/path-error';
import type { Scenario, ScheduleName } from './model/scenario';
import type { Schedule } from './model/schedule';
import { getSchedule, scheduleNames } from './schedules/registry';
import { scheduleConfig } from './schedules/scenario-config';
import { hasPairs, pairSteadyState } from './sim/pairing';
import { pairModel, simulate } from './sim/simulate';
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
  const gen = getSchedule(name);
  assert(gen, `validateScenario accepted an unknown schedule ${name}`);
  const config = scheduleConfig(scenario, gen);
  const generated = gen.generate(config);
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
  const input = {
    ...config,
    p2pOccupiesComm: scenario.p2p.occupiesComm,
    parts: scenario.parts,
    smSplit: scenario.smSplit,
  };
  let sim = simulate(order, input);
  if (!sim.ok && order !== generated) {
    // Pairing can deadlock an order that runs alone (ZB-H2 under a small activationBudget: a
    // paired backward waits, through other devices, for the forward it is paired with). Then
    // the order runs unpaired, and says so.
    const alone = simulate(generated, input);
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
  const metrics = computeMetrics(sim.timeline, scenario, config, pairModel(order, input));
  const mem = metrics.memory;
  if (mem.capacity !== null)
    for (const d of mem.overCapacity)
      warnings.push(
        `device ${d} needs ${formatBytes(mem.peakMemoryBytes[d])} at its peak (parameters ${formatBytes(mem.parameterBytes)} + activations ${formatBytes(mem.peakActivationBytes[d])}), over memory.capacity ${formatBytes(mem.capacity)}`,
      );
  return {
    ok: true,
    analysis: { scenario, config, schedule: order, timeline: sim.timeline, metrics, warnings },
  };
}

/** Every schedule with the reasons it cannot run this scenario (empty errors: it can). */
export function applicableSchedules(scenario: Scenario): { name: ScheduleName; errors: PathError[] }[] {
  return scheduleNames().map((name) => ({
    name,
    errors: validateScenario(scenario, { schedule: name }).errors,
  }));
}
