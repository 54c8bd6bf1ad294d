import example from '../../examples/deepseek-v3.json';
import { loadScenario } from '../format/scenario-file';
import type { Scenario } from '../model/scenario';
import type { TuneResult } from './evaluate';
import { TuneAccumulator, type TuneReport } from './report';
import { type TunePlan, TuneWorkerState, WHOLE, planSpace } from './run';
import { shardSize } from './shards';
import type { TuneSpace } from './space';

/** Helpers for the tuner's tests: the DeepSeek-V3 example, and a whole run on the calling thread. */

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
