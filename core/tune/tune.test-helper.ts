import { expect } from 'vitest';
import example from '../../examples/deepseek-v3.json';
import { analyze } from '../analyze';
import { loadScenario } from '../format/scenario-file';
import { type Scenario, defaultScenario } from '../model/scenario';
import type { TuneResult } from './evaluate';
import { applyConfig } from './config';
import { TuneAccumulator, type TuneReport, configOf } from './report';
import { type TunePlan, TuneWorkerState, WHOLE, planSpace } from './run';
import type { CostScaler } from './scaling';
import { shardSize } from './shards';
import type { TuneSpace } from './space';

/** Helpers for the tuner's tests: the DeepSeek-V3 example, and a whole run on the calling thread. */

/** The small scenario of the tuner's tests: P = 4, m0 = 8, F = 1, B = 1.5, W = 0.5, and what `extra` sets. */
export function fourDevices(extra: Partial<Scenario> = {}): Scenario {
  return {
    ...defaultScenario(),
    devices: 4,
    microbatches: 8,
    costs: { forward: 1, backwardInput: 1.5, backwardWeight: 0.5 },
    ...extra,
  };
}

export function deepSeekScenario(): Scenario {
  const loaded = loadScenario(JSON.stringify(example));
  if (!loaded.ok) throw new Error('the example does not load');
  return loaded.scenario;
}

export interface InlineRun {
  space: TuneSpace;
  results: TuneResult[];
  report: TuneReport;
}

/** Every configuration of the plan's shard, evaluated in index order, and the report. */
export function runInline(plan: Omit<TunePlan, 'shard'> & { shard?: TunePlan['shard'] }): InlineRun {
  const full: TunePlan = { shard: WHOLE, ...plan };
  const r = planSpace(full.base, full.request);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const worker = new TuneWorkerState(full);
  const results = worker.block(0, shardSize(r.space.size, full.shard));
  const acc = new TuneAccumulator(r.space, full.constraints);
  for (const x of results) acc.add(x);
  return { space: r.space, results, report: acc.report() };
}

/**
 * Every feasible configuration's `config`, taken through JSON as a user takes it from the report
 * and applied to the scenario, simulates to its reported makespan. Returns how many were checked.
 */
export function expectConfigsReproduce(run: InlineRun, base: Scenario, scaler: CostScaler): number {
  const feasible = run.results.filter((r) => r.reason === null);
  for (const r of feasible) {
    const config = configOf(r, base, run.space, scaler);
    const a = analyze(applyConfig(base, JSON.parse(JSON.stringify(config))));
    if (!a.ok) throw new Error(JSON.stringify(a.errors));
    expect(a.analysis.metrics.makespan).toBe(r.figures?.makespan);
  }
  return feasible.length;
}
