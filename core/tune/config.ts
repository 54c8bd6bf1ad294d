import type { Scenario } from '../model/scenario';

/**
 * A configuration as the report gives it: the scenario fields that vary over the space, nested as
 * in the scenario file (`{"schedule": "zb-v", "microbatches": 32, "costs": {...}, "memory":
 * {"activation": ...}}`). Applying it to the scenario (applyConfig; jq's `*` does the same) and
 * simulating reproduces the reported makespan exactly.
 */
export type TuneConfig = Record<string, unknown>;

/** The axes every configuration holds, whether or not they vary: they say what was chosen. */
export const AXIS_PATHS = [
  'schedule',
  'microbatches',
  'chunks',
  'pairing',
  'smSplit.reserved',
  'memory.activationBudget',
] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A deep copy of a JSON value (scenarios and configurations are JSON). */
function copy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copy) as T;
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = copy(x);
  return out as T;
}

/** The values at `paths` (dotted) of the scenario, nested as in the scenario. */
export function pickPaths(scenario: Scenario, paths: readonly string[]): TuneConfig {
  const out: TuneConfig = {};
  for (const path of paths) {
    const keys = path.split('.');
    let from: unknown = scenario;
    let to = out;
    for (let i = 0; i < keys.length; i++) {
      if (!isObject(from)) break;
      const value = from[keys[i]];
      if (i === keys.length - 1) {
        if (value !== undefined) to[keys[i]] = copy(value);
      } else {
        if (!isObject(to[keys[i]])) to[keys[i]] = {};
        to = to[keys[i]] as TuneConfig;
        from = value;
      }
    }
  }
  return out;
}

/**
 * The scenario with a configuration applied: objects merge key by key, everything else (numbers,
 * strings, arrays, null) replaces. The base is not changed.
 */
export function applyConfig(base: Scenario, config: TuneConfig): Scenario {
  const merge = (into: unknown, patch: unknown): unknown => {
    if (!isObject(into) || !isObject(patch)) return copy(patch);
    const out: Record<string, unknown> = { ...into };
    for (const [k, v] of Object.entries(patch)) out[k] = merge(into[k], v);
    return out;
  };
  return merge(copy(base), config) as Scenario;
}
