import {
  DEFAULT_PAIR_ORDER,
  isCommEntry,
  PAIR_ENTRY_DEPENDENCY,
  type PairOrderEntry,
  pairOrderErrors,
  resolveParts,
  smSlowdown,
} from '../model/costs';
import { OpKind } from '../model/ops';
import { type ChunkParts, type DeviceParts, partsOnDevice, partsVaryByDevice } from '../model/scenario';
import type { Ms } from '../model/units';
import { assert } from '../util/assert';
import { PART_NAMES, type PartName, Stream } from './timeline';

/**
 * How one unit (an op alone, or an overlapped pair) runs its parts: entries in an order that keeps
 * each stream's order and puts every entry after the entry it depends on, so the simulator can
 * place them in one pass. `role` says which op of the unit an entry belongs to (0: the unit's
 * first op, 1: its second); `dep` is the index of the entry it waits for, or -1 for its op's input.
 */
export interface Plan {
  len: number;
  role: Uint8Array;
  part: Uint8Array;
  stream: Uint8Array;
  dep: Int8Array;
  /** Duration (ms): part time x chunkShare, compute parts x the SM slowdown. */
  dur: Float64Array;
  /**
   * Streams (bit 1 << stream) whose first non-empty part needs nothing in the unit but its input
   * (every part it depends on is empty). The unit then starts at max(issue, the earliest time one
   * of these streams is free), and at its issue time when no part takes time (firstStreams 0):
   * so the unit waited for its input exactly when the input came after that earliest time.
   */
  firstStreams: number;
}

export interface PartPlans {
  /** A chunk alone, indexed by OpKind. */
  single: Plan[];
  /** The overlapped pair plan for a unit whose ops have kinds (first, second); null: cannot overlap. */
  pair(first: number, second: number): Plan | null;
  /** Duration of an op of this kind run alone, streams free and input ready at 0. */
  alone(kind: number): Ms;
  /** Duration of the pair (first, second) run alone, or null when it cannot overlap. */
  pairAlone(first: number, second: number): Ms | null;
}

const partId = (name: PartName) => PART_NAMES.indexOf(name);

interface Entry {
  role: number;
  part: PartName;
  stream: number;
  dep: number;
  ms: Ms;
}

function toPlan(entries: Entry[], slowdown: number, share: number): Plan {
  const len = entries.length;
  const plan: Plan = {
    len,
    role: new Uint8Array(len),
    part: new Uint8Array(len),
    stream: new Uint8Array(len),
    dep: new Int8Array(len),
    dur: new Float64Array(len),
    firstStreams: 0,
  };
  const fromInput: boolean[] = []; // an empty part whose dependencies are all empty
  let seen = 0; // streams that had a non-empty part
  entries.forEach((e, k) => {
    assert(e.dep < k, 'a plan entry must come after the entry it depends on');
    plan.role[k] = e.role;
    plan.part[k] = partId(e.part);
    plan.stream[k] = e.stream;
    plan.dep[k] = e.dep;
    plan.dur[k] = e.ms * share * (e.stream === Stream.COMPUTE ? slowdown : 1);
    const chainEmpty = e.dep < 0 || fromInput[e.dep];
    fromInput[k] = plan.dur[k] === 0 && chainEmpty;
    if (plan.dur[k] > 0 && (seen & (1 << e.stream)) === 0) {
      if (chainEmpty) plan.firstStreams |= 1 << e.stream;
      seen |= 1 << e.stream;
    }
  });
  return plan;
}

/** Pair-order entry -> the chunk part it is, its stream, and its time. */
export function entryPart(
  e: PairOrderEntry,
  p: DeviceParts,
): { part: PartName; ms: Ms; forward: boolean; weight: boolean } {
  const f = p.forward;
  const b = p.backward;
  switch (e) {
    case 'attention(F)':
      return { part: 'attention', ms: f.attention, forward: true, weight: false };
    case 'dispatch(F)':
      return { part: 'dispatch', ms: f.dispatch, forward: true, weight: false };
    case 'mlp(F)':
      return { part: 'mlp', ms: f.mlp, forward: true, weight: false };
    case 'combine(F)':
      return { part: 'combine', ms: f.combine, forward: true, weight: false };
    case 'combine(B)':
      return { part: 'combine-backward', ms: b.combine, forward: false, weight: false };
    case 'mlp-input-grad(B)':
      return { part: 'mlp-input-grad', ms: b.mlpInput, forward: false, weight: false };
    case 'mlp-weight-grad(B)':
      return { part: 'mlp-weight-grad', ms: b.mlpWeight, forward: false, weight: true };
    case 'dispatch(B)':
      return { part: 'dispatch-backward', ms: b.dispatch, forward: false, weight: false };
    case 'attention-input-grad(B)':
      return { part: 'attention-input-grad', ms: b.attentionInput, forward: false, weight: false };
    case 'attention-weight-grad(B)':
      return { part: 'attention-weight-grad', ms: b.attentionWeight, forward: false, weight: true };
  }
}

/** Single-chunk orders: each chunk's parts in dependency order (see docs/overlap.md). */
const SINGLE_ORDER: Record<number, PairOrderEntry[]> = {
  [OpKind.F]: ['attention(F)', 'dispatch(F)', 'mlp(F)', 'combine(F)'],
  [OpKind.B]: ['combine(B)', 'mlp-input-grad(B)', 'dispatch(B)', 'attention-input-grad(B)'],
  [OpKind.BW]: [
    'combine(B)',
    'mlp-input-grad(B)',
    'mlp-weight-grad(B)',
    'dispatch(B)',
    'attention-input-grad(B)',
    'attention-weight-grad(B)',
  ],
  [OpKind.W]: ['mlp-weight-grad(B)', 'attention-weight-grad(B)'],
};

/**
 * Merges an order's two streams into one pass: repeatedly take the next entry of the compute
 * stream or the comm stream whose dependency has been taken. Returns null if both are stuck
 * (pairOrderErrors rejects such orders up front).
 */
function mergeStreams(
  order: readonly PairOrderEntry[],
  present: (e: PairOrderEntry) => boolean,
): PairOrderEntry[] | null {
  const compute = order.filter((e) => present(e) && !isCommEntry(e));
  const comm = order.filter((e) => present(e) && isCommEntry(e));
  const taken = new Set<PairOrderEntry>();
  const out: PairOrderEntry[] = [];
  let ci = 0;
  let mi = 0;
  const ready = (e: PairOrderEntry | undefined) => {
    if (e === undefined) return false;
    const dep = PAIR_ENTRY_DEPENDENCY[e];
    return dep === null || !present(dep) || taken.has(dep);
  };
  while (ci < compute.length || mi < comm.length) {
    // when both streams can go on, take the entry listed first, so the plan is the order's own
    // issue sequence whenever that sequence respects the dependencies
    const c = compute[ci];
    const m = comm[mi];
    let e: PairOrderEntry;
    if (ready(c) && (!ready(m) || order.indexOf(c) < order.indexOf(m))) e = compute[ci++];
    else if (ready(m)) e = comm[mi++];
    else return null;
    taken.add(e);
    out.push(e);
  }
  return out;
}

function entriesFor(
  order: PairOrderEntry[],
  parts: DeviceParts,
  roleOf: (forward: boolean) => number,
  present: (e: PairOrderEntry) => boolean,
): Entry[] {
  const index = new Map<PairOrderEntry, number>();
  const out: Entry[] = [];
  for (const e of order) {
    const info = entryPart(e, parts);
    let dep = PAIR_ENTRY_DEPENDENCY[e];
    // a W chunk alone starts from its B's result: its entries depend only on the op's input
    while (dep !== null && !present(dep)) dep = PAIR_ENTRY_DEPENDENCY[dep];
    index.set(e, out.length);
    out.push({
      role: roleOf(info.forward),
      part: info.part,
      stream: isCommEntry(e) ? Stream.COMM : Stream.COMPUTE,
      dep: dep === null ? -1 : (index.get(dep) ?? -1),
      ms: info.ms,
    });
  }
  return out;
}

/** Runs a plan alone (inputs ready at 0, streams free) and returns when its last part ends. */
export function planDuration(plan: Plan): Ms {
  const endOf = new Float64Array(plan.len);
  const free = [0, 0];
  let last = 0;
  for (let k = 0; k < plan.len; k++) {
    const dep = plan.dep[k];
    let t = dep >= 0 ? endOf[dep] : 0;
    if (plan.dur[k] === 0) {
      endOf[k] = t;
      continue;
    }
    const s = plan.stream[k];
    if (free[s] > t) t = free[s];
    endOf[k] = t + plan.dur[k];
    free[s] = endOf[k];
    if (endOf[k] > last) last = endOf[k];
  }
  return last;
}

/** Compiles the part plans of one device's chunks for a schedule with the given chunkShare. */
export function buildPartPlans(
  parts: DeviceParts,
  chunkShare: number,
  smSplit: { total: number; reserved: number } | undefined,
): PartPlans {
  const slowdown = smSplit ? smSlowdown(smSplit) : 1;
  parts = resolveParts(parts);
  const single: Plan[] = [];
  for (const kind of [OpKind.F, OpKind.B, OpKind.W, OpKind.BW]) {
    const order = SINGLE_ORDER[kind];
    const inChunk = new Set(order);
    single[kind] = toPlan(
      entriesFor(
        order,
        parts,
        () => 0,
        (e) => inChunk.has(e),
      ),
      slowdown,
      chunkShare,
    );
  }
  const pairOrder = (parts.pairOrder ?? DEFAULT_PAIR_ORDER) as PairOrderEntry[];
  assert(pairOrderErrors(pairOrder).length === 0, 'the pair order was validated before simulating');
  const pairPlans = new Map<number, Plan | null>();
  const pair = (first: number, second: number): Plan | null => {
    const key = first * 4 + second;
    const cached = pairPlans.get(key);
    if (cached !== undefined) return cached;
    let plan: Plan | null = null;
    const fFirst = first === OpKind.F && (second === OpKind.B || second === OpKind.BW);
    const bFirst = second === OpKind.F && (first === OpKind.B || first === OpKind.BW);
    if (fFirst || bFirst) {
      const backward = fFirst ? second : first;
      const present = (e: PairOrderEntry) => backward === OpKind.BW || !entryPart(e, parts).weight;
      const merged = mergeStreams(pairOrder, present);
      assert(merged !== null, 'a validated pair order merges');
      const roleOf = (forward: boolean) => (forward === fFirst ? 0 : 1);
      plan = toPlan(entriesFor(merged, parts, roleOf, present), slowdown, chunkShare);
    }
    pairPlans.set(key, plan);
    return plan;
  };
  const aloneByKind = single.map(planDuration);
  return {
    single,
    pair,
    alone: (kind) => aloneByKind[kind],
    pairAlone(first, second) {
      const p = pair(first, second);
      return p ? planDuration(p) : null;
    },
  };
}

/**
 * The part plans of every device (index = device): one shared set when no part varies by device,
 * otherwise each device's own, compiled from its parts (partsOnDevice).
 */
export function buildDevicePlans(
  parts: ChunkParts,
  devices: number,
  chunkShare: number,
  smSplit: { total: number; reserved: number } | undefined,
): PartPlans[] {
  if (!partsVaryByDevice(parts)) {
    const shared = buildPartPlans(partsOnDevice(parts, 0), chunkShare, smSplit);
    return new Array<PartPlans>(devices).fill(shared);
  }
  return Array.from({ length: devices }, (_, d) =>
    buildPartPlans(partsOnDevice(parts, d), chunkShare, smSplit),
  );
}
