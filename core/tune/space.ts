import { LIMITS } from '../format/limits';
import type { PathError } from '../model/path-error';
import type { Pairing, Scenario, ScheduleName } from '../model/scenario';
import type { ScheduleDescriptor } from '../schedules/descriptor';
import { getSchedule, scheduleNames } from '../schedules/registry';
import type { Recompute, TuneChoice } from './choice';
import type { CostScaler } from './scaling';

export type { TuneChoice } from './choice';

/**
 * The search space of the tuner (docs/tune.md): which configurations `pipescope tune` and the Find
 * best view evaluate, one index each. Every axis is optional; an axis a schedule does not read is
 * not swept for it (v only for schedules whose chunk rule takes the scenario's `chunks`, the
 * activation budget only for schedules that read it, pairing not for schedules that pair on their
 * own), so no configuration is simulated twice under two names.
 */

/**
 * The pairing axis as users write it: `on` is the pairing the schedule supports (Megatron's
 * combined 1F1B where the schedule generates it, else steady-state pairing), or a pairing by name.
 */
export type PairingChoice = 'off' | 'on' | Pairing;

export const PAIRING_CHOICES: readonly PairingChoice[] = ['off', 'on', 'steady-state', 'combined-1f1b'];

/** What to sweep. Absent axes take their defaults (defaultRequest). */
export interface TuneRequest {
  schedules?: ScheduleName[];
  microbatches?: number[];
  chunks?: number[];
  pairing?: PairingChoice[];
  smReserved?: number[];
  /** memory.activationBudget values (null: the schedule's default) for schedules that read it. */
  activationBudget?: (number | null)[];
  /** Activation recomputation, where the scaler derives costs from the cost model. */
  recompute?: Recompute[];
}

/** One schedule's part of the space: the values of the axes that apply to it. */
export interface ScheduleAxes {
  schedule: ScheduleName;
  microbatches: number[];
  chunks: number[];
  pairing: Pairing[];
  smReserved: number[];
  activationBudget: (number | null)[];
  recompute: (Recompute | null)[];
  /** Its configurations, at indices [offset, offset + count) of the space. */
  count: number;
  offset: number;
}

export interface TuneSpace {
  /** The axes as requested, with defaults filled in (what `space` in the JSON reports). */
  request: Required<TuneRequest>;
  schedules: ScheduleAxes[];
  /** Configurations in the space. */
  size: number;
  /** The scenario's own micro-batch count m0, against which costs and activations scale. */
  baseMicrobatches: number;
  /** Why an axis was narrowed for some schedules, in words. */
  notes: string[];
}

/**
 * Most configurations one space may hold: ten million evaluate in a few hours on one machine at the
 * rates docs/tune.md reports; larger sweeps are a typo or belong split into several runs.
 */
export const MAX_SPACE = 10_000_000;

/** Default micro-batch counts: the scenario's m0 times these, where whole (global batch fixed). */
const DEFAULT_M_FACTORS = [0.25, 0.5, 1, 2, 4];
/** Default v for schedules that take the scenario's chunks (within each one's chunk rule). */
const DEFAULT_CHUNKS = [1, 2, 3, 4];

/** Whether a schedule pairs forwards with backwards on its own (its steady state is its pairs). */
export function pairsOnItsOwn(d: ScheduleDescriptor): boolean {
  return d.steadyState.window === 'paired';
}

/**
 * The default activation budgets for schedules that read one: P (about 1F1B's activations), 1.5P
 * and null (the schedule's own default; ZB-H2: 2P - 1), a memory-for-bubble trade-off to sweep.
 */
function defaultBudgets(devices: number): (number | null)[] {
  return [...new Set([devices, Math.ceil(1.5 * devices)])].map((b): number | null => b).concat([null]);
}

/** Every axis filled in: the request's values, or the defaults for the base scenario. */
export function defaultRequest(
  base: Scenario,
  request: TuneRequest,
  scaler: CostScaler,
): Required<TuneRequest> {
  const m0 = base.microbatches;
  const ms = DEFAULT_M_FACTORS.map((f) => m0 * f).filter(
    (m) => Number.isInteger(m) && m >= 1 && m <= LIMITS.microbatches,
  );
  return {
    schedules: request.schedules ?? tunableScheduleNames(),
    microbatches: request.microbatches ?? ms,
    chunks: request.chunks ?? DEFAULT_CHUNKS,
    pairing: request.pairing ?? ['off', 'on'],
    smReserved: request.smReserved ?? [base.smSplit.reserved],
    activationBudget: request.activationBudget ?? defaultBudgets(base.devices),
    recompute: request.recompute ?? scaler.defaultRecompute(base),
  };
}

/**
 * The schedules a search tries by default: every generated one. A custom order (placement 'order')
 * is written for one device and micro-batch count, so it has no other configurations to try.
 */
export function tunableScheduleNames(): ScheduleName[] {
  return scheduleNames().filter((n) => getSchedule(n)?.placement !== 'order');
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** The pairings a schedule runs for the requested choices (empty: none of them applies). */
function pairingsFor(d: ScheduleDescriptor, choices: readonly PairingChoice[]): Pairing[] {
  if (pairsOnItsOwn(d)) return ['off'];
  const out: Pairing[] = [];
  for (const c of choices) {
    if (c === 'off') out.push('off');
    else if (c === 'on') out.push(d.combined1F1B ? 'combined-1f1b' : 'steady-state');
    else if (c === 'steady-state') out.push('steady-state');
    else if (d.combined1F1B) out.push('combined-1f1b');
  }
  return unique(out);
}

/**
 * The space for a base scenario (already validated, with the CLI's flags applied) and a request.
 * Errors (an unknown schedule, an axis the scaler cannot vary, a space too large) name the axis.
 */
export function resolveSpace(
  base: Scenario,
  request: TuneRequest,
  scaler: CostScaler,
): { ok: true; space: TuneSpace } | { ok: false; errors: PathError[] } {
  const full = defaultRequest(base, request, scaler);
  const errors: PathError[] = [];
  const names = unique(full.schedules);
  for (const n of names) {
    const d = getSchedule(n);
    if (!d)
      errors.push({
        path: 'schedules',
        message: `unknown schedule ${JSON.stringify(n)}; use ${tunableScheduleNames().join(', ')}`,
      });
    else if (d.placement === 'order')
      errors.push({
        path: 'schedules',
        message: `${n} runs the scenario's own order, written for one device and micro-batch count, so there is nothing to tune; use ${tunableScheduleNames().join(', ')}`,
      });
  }
  const nonEmpty: (keyof TuneRequest)[] = ['schedules', 'microbatches', 'pairing', 'smReserved'];
  for (const k of nonEmpty)
    if (full[k].length === 0) errors.push({ path: k, message: 'needs at least one value' });
  if (full.recompute.some((r) => r !== null) && !scaler.variesRecompute)
    errors.push({ path: 'recompute', message: scaler.recomputeUnavailable });
  if (errors.length > 0) return { ok: false, errors };

  const notes: string[] = [];
  const schedules: ScheduleAxes[] = [];
  let offset = 0;
  const ms = unique(full.microbatches);
  const recompute: (Recompute | null)[] = full.recompute.length > 0 ? unique(full.recompute) : [null];
  const smReserved = base.parts || scaler.smSplitMatters ? unique(full.smReserved) : [base.smSplit.reserved];
  if (smReserved.length < unique(full.smReserved).length || smReserved[0] !== full.smReserved[0])
    notes.push(
      `smReserved: without chunk parts the SM split changes no time, so only the scenario's ${base.smSplit.reserved} is evaluated`,
    );
  for (const name of names) {
    const d = getSchedule(name) as ScheduleDescriptor;
    const rule = d.chunks;
    let chunks: number[];
    if (rule.from === 'scenario') {
      const max = rule.max ?? LIMITS.chunks;
      chunks = unique(full.chunks).filter((v) => v >= rule.min && v <= max);
      if (chunks.length < unique(full.chunks).length)
        notes.push(`${name}: takes v from ${rule.min} to ${max}; other chunk counts are not evaluated`);
    } else chunks = [base.chunks];
    const pairing = pairingsFor(d, full.pairing);
    if (pairsOnItsOwn(d) && full.pairing.some((p) => p !== 'off'))
      notes.push(`${name}: pairs forwards with backwards on its own; evaluated once, pairing off`);
    else if (pairing.length < unique(full.pairing).length && full.pairing.includes('combined-1f1b'))
      notes.push(`${name}: does not generate combined-1f1b pairs; that pairing is not evaluated`);
    const activationBudget = d.takesActivationBudget
      ? unique(full.activationBudget)
      : [base.memory.activationBudget];
    const axes = { microbatches: ms, chunks, pairing, smReserved, activationBudget, recompute };
    const count = Object.values(axes).reduce((n, a) => n * a.length, 1);
    schedules.push({ schedule: name, ...axes, count, offset });
    offset += count;
  }
  if (offset > MAX_SPACE)
    return {
      ok: false,
      errors: [
        {
          path: 'space',
          message: `${offset.toLocaleString('en-US')} configurations; at most ${MAX_SPACE.toLocaleString('en-US')} in one space (split it, or sweep fewer values)`,
        },
      ],
    };
  return {
    ok: true,
    space: {
      request: full,
      schedules,
      size: offset,
      baseMicrobatches: base.microbatches,
      notes: unique(notes),
    },
  };
}

/**
 * The configuration at `index` (0 <= index < space.size). Within a schedule the pairing varies
 * fastest, then recomputation, the SM split, the activation budget, v and m: neighbouring
 * indices share a generated order more often.
 */
export function choiceAt(space: TuneSpace, index: number): TuneChoice {
  let lo = 0;
  let hi = space.schedules.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (space.schedules[mid].offset <= index) lo = mid;
    else hi = mid - 1;
  }
  const a = space.schedules[lo];
  let k = index - a.offset;
  const pick = <T>(values: readonly T[]): T => {
    const v = values[k % values.length];
    k = Math.floor(k / values.length);
    return v;
  };
  const pairing = pick(a.pairing);
  const recompute = pick(a.recompute);
  const smReserved = pick(a.smReserved);
  const activationBudget = pick(a.activationBudget);
  const chunks = pick(a.chunks);
  const microbatches = pick(a.microbatches);
  return { schedule: a.schedule, microbatches, chunks, pairing, smReserved, activationBudget, recompute };
}

/** Shard `shard` of `count` (1-based) holds the indices i with i mod count = shard - 1. */
export function inShard(index: number, shard: { index: number; count: number }): boolean {
  return index % shard.count === shard.index - 1;
}

/** The space as the JSON reports it: the axes as evaluated, per schedule and overall. */
export function spaceToJSON(space: TuneSpace, scaling: Record<string, unknown>) {
  return {
    size: space.size,
    schedules: space.schedules.map((s) => s.schedule),
    microbatches: unique(space.request.microbatches),
    chunks: unique(space.request.chunks),
    pairing: unique(space.request.pairing),
    smReserved: unique(space.schedules.flatMap((s) => s.smReserved)),
    activationBudget: unique(space.request.activationBudget),
    recompute: unique(space.schedules.flatMap((s) => s.recompute)),
    perSchedule: space.schedules.map((s) => ({
      schedule: s.schedule,
      configurations: s.count,
      microbatches: s.microbatches,
      chunks: s.chunks,
      pairing: s.pairing,
      smReserved: s.smReserved,
      activationBudget: s.activationBudget,
      recompute: s.recompute,
    })),
    scaling,
    notes: space.notes,
  };
}

/** A configuration in a few words: "zb-v, m 32, pairing off, 20 SMs reserved", v and the budget where read. */
export function describeChoice(c: TuneChoice): string {
  const d = getSchedule(c.schedule);
  const parts = [c.schedule, `m ${c.microbatches}`];
  if (d?.chunks.from === 'scenario') parts.push(`v ${c.chunks}`);
  parts.push(`pairing ${c.pairing}`, `${c.smReserved} SMs reserved`);
  if (d?.takesActivationBudget) parts.push(`budget ${c.activationBudget ?? 'default'}`);
  if (c.recompute !== null) parts.push(`recompute ${c.recompute}`);
  return parts.join(', ');
}
