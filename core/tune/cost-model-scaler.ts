import { rederive } from '../cost-model/scenario-derive';
import type { DeriveSection } from '../model/derive-section';
import type { PathError } from '../model/path-error';
import type { Scenario } from '../model/scenario';
import { assert } from '../util/assert';
import {
  type CostScaler,
  RECOMPUTE_CHOICES,
  type Recompute,
  scaleToMicrobatches,
  withChoice,
} from './scaling';
import type { TuneChoice } from './space';

/**
 * The scaler for a scenario whose costs come from the cost model (a `derive` section;
 * docs/tune.md, "Costs from the cost model"). For a configuration with m micro-batches and the
 * global batch fixed, the section's micro-batch size becomes global batch / (m x DP) sequences;
 * its recomputation, SMs reserved for communication, schedule and v become the configuration's;
 * and the scenario is re-derived with the same functions the app and `pipescope derive` use
 * (rederive), so costs, chunk parts, P2P and memory come from the model. The user's overrides are
 * kept as rederive keeps them; an overridden per-micro-batch value (a measured F, say) was measured
 * at the scenario's own micro-batch size, so it is kept scaled by m0 / m as the linear scaler
 * scales it.
 */

/**
 * Derivations one scaler remembers. A derivation costs about a millisecond, a configuration a few;
 * within a schedule the space's index runs pairing fastest, then recomputation and the SM split,
 * so 256 keeps every (recomputation, SM split) of one (schedule, v, m) for up to 256 such pairs.
 */
const MAX_CACHED = 256;

/** Sequences in the section's global batch. */
function globalSequences(d: DeriveSection): number {
  return d.run.globalBatchSequences ?? (d.run.globalBatchTokens as number) / d.run.seqLength;
}

/** Whether recomputation modes differ in the cost model: with FlashAttention, selective is none. */
function distinctRecompute(d: DeriveSection): Recompute[] {
  return d.run.flashAttention ? ['none', 'full'] : [...RECOMPUTE_CHOICES];
}

/** The scenario paths a configuration of a derived scenario holds besides the axes. */
function derivedPaths(base: Scenario): string[] {
  const paths = ['costs', 'parts', 'p2p', 'memory.activation', 'memory.weightGradStash', 'memory.parameters'];
  if (base.layout) paths.push('layout');
  paths.push(
    'derive.run.microBatchSize',
    'derive.run.recompute',
    'derive.parallelism.schedule',
    'derive.parallelism.vpp',
    'derive.parallelism.commSms',
  );
  return paths;
}

type Built = { ok: true; scenario: Scenario } | { ok: false; error: PathError };

/**
 * The derive section of one configuration, frozen so that deriveSection remembers its derivation
 * (the validator derives the scenario's own section again; frozen, that costs a lookup), or why m
 * does not split the global batch into whole sequences.
 */
function sectionFor(
  d: DeriveSection,
  choice: TuneChoice,
): { ok: true; section: DeriveSection } | { ok: false; error: PathError } {
  const m = choice.microbatches;
  const perReplica = globalSequences(d) / d.parallelism.dp;
  if (!Number.isInteger(perReplica / m))
    return {
      ok: false,
      error: {
        path: 'microbatches',
        message: `${m} micro-batches do not split the global batch into whole sequences: ${globalSequences(d)} sequences over DP ${d.parallelism.dp} are ${perReplica} per replica, and ${perReplica} / ${m} is not a whole number (the cost model takes m dividing ${perReplica})`,
      },
    };
  return {
    ok: true,
    section: Object.freeze({
      ...d,
      run: { ...d.run, microBatchSize: perReplica / m, recompute: choice.recompute ?? d.run.recompute },
      parallelism: {
        ...d.parallelism,
        schedule: choice.schedule,
        vpp: choice.chunks,
        commSms: choice.smReserved,
      },
    }),
  };
}

/** The base scenario re-derived for one (schedule, v, m, recomputation, SM split). */
function derive(base: Scenario, choice: TuneChoice): Built {
  const d = base.derive;
  assert(d, 'costModelScaler: the scenario has no derive section');
  const s = sectionFor(d, choice);
  if (!s.ok) return s;
  // overridden values keep the user's numbers, scaled by m0 / m where they are per micro-batch
  const source: Scenario = { ...scaleToMicrobatches(base, choice.microbatches), derive: s.section };
  const r = rederive(source);
  if (!r.ok) return { ok: false, error: r.errors[0] };
  const scenario = r.scenario;
  // the frozen section, whose derivation deriveSection remembers for the validator
  scenario.derive = s.section;
  // the tuner's axes win over an overridden microbatches; the capacity is the run's constraint
  scenario.microbatches = choice.microbatches;
  scenario.memory.capacity = base.memory.capacity;
  return { ok: true, scenario };
}

/** A scaler for scenarios with a `derive` section; it remembers derivations per base scenario. */
export function costModelScaler(): CostScaler {
  const cache = new WeakMap<Scenario, Map<string, Built>>();
  const derived = (base: Scenario, choice: TuneChoice): Built => {
    let byKey = cache.get(base);
    if (!byKey) {
      byKey = new Map();
      cache.set(base, byKey);
    }
    // every input of the derivation; pairing and the activation budget are applied after it
    const key = `${choice.schedule}|${choice.chunks}|${choice.microbatches}|${choice.recompute}|${choice.smReserved}`;
    let built = byKey.get(key);
    if (!built) {
      built = derive(base, choice);
      if (byKey.size >= MAX_CACHED) byKey.delete(byKey.keys().next().value as string);
      byKey.set(key, built);
    }
    return built;
  };
  return {
    mode: 'cost-model',
    variesRecompute: true,
    recomputeUnavailable: '',
    smSplitMatters: true,
    defaultRecompute(base) {
      const d = base.derive;
      assert(d, 'costModelScaler: the scenario has no derive section');
      return distinctRecompute(d);
    },
    defaultMicrobatches(base, candidates) {
      const d = base.derive;
      assert(d, 'costModelScaler: the scenario has no derive section');
      const perReplica = globalSequences(d) / d.parallelism.dp;
      return candidates.filter((m) => Number.isInteger(perReplica / m));
    },
    scenarioFor(base, choice) {
      const built = derived(base, choice);
      return built.ok ? { ok: true, scenario: withChoice(built.scenario, choice) } : built;
    },
    scaledPaths: derivedPaths,
    describe(base) {
      const d = base.derive;
      assert(d, 'costModelScaler: the scenario has no derive section');
      const sequences = globalSequences(d);
      const perReplica = sequences / d.parallelism.dp;
      return {
        mode: 'cost-model',
        baseMicrobatches: base.microbatches,
        globalBatchSequences: sequences,
        dp: d.parallelism.dp,
        microBatchSize: 'global batch / (m x DP)',
        derived: derivedPaths(base),
        overrides: [...d.overrides],
        text: `The global batch is held fixed and costs come from the cost model: with m micro-batches, each is ${sequences} / (m x DP ${d.parallelism.dp}) = ${perReplica}/m sequences (m must divide ${perReplica}), and the scenario is re-derived for that micro-batch size, the configuration's schedule, v, recomputation and SMs reserved for communication: F, B, W, chunk parts, P2P, activations, the weight-grad stash and parameters per device come from the model.${d.overrides.length > 0 ? ` Overridden values (${d.overrides.join(', ')}) are kept, per-micro-batch ones scaled by ${base.microbatches}/m.` : ''}`,
      };
    },
  };
}
