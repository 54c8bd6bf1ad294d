import example from '../../examples/deepseek-v3.json';
import { type Analysis, analyze } from '../analyze';
import { loadScenario } from '../format/scenario-file';
import { defaultScenario, type Scenario } from '../model/scenario';

/** Analyses for the metrics tests: the default scenario with some fields changed, and the DeepSeek-V3 example. */

/** The default scenario with `over` applied, analyzed (under `schedule` when given); throws on errors. */
export function analyzed(over: Partial<Scenario>, schedule?: string): Analysis {
  const r = analyze({ ...defaultScenario(), ...over }, schedule);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.analysis;
}

/** examples/deepseek-v3.json under `schedule` (loaded through the file format, as the app opens it). */
export function deepSeekExample(schedule: string): Analysis {
  const loaded = loadScenario(JSON.stringify(example));
  if (!loaded.ok) throw new Error('the example does not load');
  const r = analyze(loaded.scenario, schedule);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.analysis;
}
