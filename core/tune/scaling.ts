import type { PathError } from '../model/path-error';
import type { ModuleCosts, ScenarioLayout } from '../model/layout';
import type { ChunkParts, PerDevice, Scenario } from '../model/scenario';
import type { Recompute, TuneChoice } from './choice';

/**
 * How the tuner turns one configuration into a scenario (docs/tune.md, "Scaling"). The global
 * batch is held fixed, so changing the micro-batch count m changes the micro-batch size and with it
 * every per-micro-batch cost and activation size. Where the scenario's costs are its own numbers,
 * the linear scaler multiplies them by m0 / m (m0 = the scenario's own count); a scaler that
 * derives them from the cost model can take its place behind the same interface.
 */

export { RECOMPUTE_CHOICES, type Recompute } from './choice';

export interface CostScaler {
  readonly mode: 'linear' | 'cost-model';
  /** Whether it can vary activation recomputation (the cost model knows its cost; own numbers do not). */
  readonly variesRecompute: boolean;
  /** Why recomputation cannot be swept, when it cannot. */
  readonly recomputeUnavailable: string;
  /** Whether the SM split changes times even without chunk parts (a derived scenario's costs). */
  readonly smSplitMatters: boolean;
  /** The recomputation values swept by default (empty: the axis is absent). */
  defaultRecompute(base: Scenario): Recompute[];
  /** The scenario of one configuration, or why it cannot be built. */
  scenarioFor(
    base: Scenario,
    choice: TuneChoice,
  ): { ok: true; scenario: Scenario } | { ok: false; error: PathError };
  /** The paths of the fields it changes with m, which a configuration therefore holds. */
  scaledPaths(base: Scenario): string[];
  /** What it scales and what it keeps, as data for the report's `space.scaling`. */
  describe(base: Scenario): Record<string, unknown>;
}

function mul(v: PerDevice, k: number): PerDevice {
  return typeof v === 'number' ? v * k : v.map((x) => x * k);
}

/** Every time and size of chunk parts times k; the bandwidth and the pair order stay. */
function scaleParts(p: ChunkParts, k: number): ChunkParts {
  const f = p.forward;
  const b = p.backward;
  const out: ChunkParts = {
    ...p,
    forward: {
      attention: mul(f.attention, k),
      dispatch: mul(f.dispatch, k),
      mlp: mul(f.mlp, k),
      combine: mul(f.combine, k),
    },
    backward: {
      combine: mul(b.combine, k),
      mlpInput: mul(b.mlpInput, k),
      mlpWeight: mul(b.mlpWeight, k),
      dispatch: mul(b.dispatch, k),
      attentionInput: mul(b.attentionInput, k),
      attentionWeight: mul(b.attentionWeight, k),
    },
  };
  if (p.commBytes) {
    const cf = p.commBytes.forward;
    const cb = p.commBytes.backward;
    out.commBytes = {
      forward: { dispatch: mul(cf.dispatch, k), combine: mul(cf.combine, k) },
      backward: { dispatch: mul(cb.dispatch, k), combine: mul(cb.combine, k) },
    };
  }
  return out;
}

function scaleModule(c: ModuleCosts | undefined, k: number): ModuleCosts | undefined {
  return (
    c && { forward: c.forward * k, backwardInput: c.backwardInput * k, backwardWeight: c.backwardWeight * k }
  );
}

/** A layout's per-layer and module costs times k; what each stage holds stays. */
function scaleLayout(l: ScenarioLayout, k: number): ScenarioLayout {
  const out: ScenarioLayout = { ...l };
  if (l.layer)
    out.layer = {
      forward: mul(l.layer.forward, k),
      backwardInput: mul(l.layer.backwardInput, k),
      backwardWeight: mul(l.layer.backwardWeight, k),
    };
  if (l.embedding) out.embedding = scaleModule(l.embedding, k);
  if (l.loss) out.loss = scaleModule(l.loss, k);
  if (l.mtp) out.mtp = scaleModule(l.mtp, k);
  return out;
}

/**
 * The scenario with m micro-batches and the global batch unchanged: F, B, W (`costs`), every chunk
 * part's time and all-to-all size, a layout's per-layer and module costs, the P2P time and bytes, the activation and weight-grad stash
 * sizes all times m0 / m. Parameters, capacity and bandwidths stay; the P2P time
 * scales even where bytes are given and it is the latency (docs/tune.md says so).
 * At m = m0 every value is the scenario's own (times exactly 1).
 */
export function scaleToMicrobatches(base: Scenario, m: number): Scenario {
  const k = base.microbatches / m;
  return {
    ...base,
    microbatches: m,
    costs: {
      forward: mul(base.costs.forward, k),
      backwardInput: mul(base.costs.backwardInput, k),
      backwardWeight: mul(base.costs.backwardWeight, k),
    },
    parts: base.parts ? scaleParts(base.parts, k) : null,
    ...(base.layout ? { layout: scaleLayout(base.layout, k) } : {}),
    p2p: {
      ...base.p2p,
      time: base.p2p.time * k,
      ...(base.p2p.bytes != null ? { bytes: base.p2p.bytes * k } : {}),
    },
    memory: {
      ...base.memory,
      activation: base.memory.activation * k,
      weightGradStash: base.memory.weightGradStash * k,
    },
  };
}

/** The axes of a choice that are scenario fields, over a scenario. */
export function withChoice(s: Scenario, c: TuneChoice): Scenario {
  return {
    ...s,
    schedule: c.schedule,
    chunks: c.chunks,
    pairing: c.pairing,
    smSplit: { ...s.smSplit, reserved: c.smReserved },
    memory: { ...s.memory, activationBudget: c.activationBudget },
  };
}

/** The fields linear scaling changes (p2p.bytes only where the scenario gives bytes). */
function linearPaths(base: Scenario): string[] {
  const paths = ['costs', 'p2p.time', 'memory.activation', 'memory.weightGradStash'];
  if (base.parts) paths.push('parts');
  if (base.layout) paths.push('layout');
  if (base.p2p.bytes != null) paths.push('p2p.bytes');
  return paths;
}

/** The scaler for scenarios that give their own costs: everything per micro-batch scales by m0 / m. */
export const linearScaler: CostScaler = {
  mode: 'linear',
  variesRecompute: false,
  recomputeUnavailable:
    'the scenario gives its own costs, so PipeScope does not know what recomputation would cost; derive the costs from the cost model (a derive section) to sweep it',
  smSplitMatters: false,
  defaultRecompute: () => [],
  scenarioFor(base, choice) {
    return { ok: true, scenario: withChoice(scaleToMicrobatches(base, choice.microbatches), choice) };
  },
  scaledPaths: linearPaths,
  describe(base) {
    return {
      mode: 'linear',
      baseMicrobatches: base.microbatches,
      factor: 'm0 / m',
      scaled: linearPaths(base),
      unscaled: ['memory.parameters', 'memory.capacity', 'p2p.bandwidth', 'parts.commBandwidth'],
      text: `The global batch is held fixed: with m micro-batches instead of the scenario's ${base.microbatches}, each micro-batch is ${base.microbatches}/m as large, so F, B, W, chunk parts (times and all-to-all bytes), a layout's layer and module costs, the P2P time and bytes, and the activation and weight-grad stash sizes scale by ${base.microbatches}/m; parameters (and capacity, bandwidths) do not.`,
    };
  },
};
