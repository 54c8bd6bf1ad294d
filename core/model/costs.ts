import type { ScheduleConfig } from './config';
import type { PathError } from './path-error';
import { type DeviceParts, type PerDevice, type Scenario, partsOnDevice, perDevice } from './scenario';
import type { Ms } from './units';

/**
 * How much slower compute parts run when `reserved` of `total` SMs are given to communication
 * kernels: total / (total - reserved). 1 when nothing is reserved.
 */
export function smSlowdown(smSplit: { total: number; reserved: number }): number {
  return smSplit.total / (smSplit.total - smSplit.reserved);
}

/**
 * The parts with every time in ms: where `commBytes` and `commBandwidth` are both given, each
 * dispatch/combine time is bytes / (GB/s x 1e6 bytes per ms). Otherwise the parts as they are.
 */
export function resolveParts(parts: DeviceParts): DeviceParts {
  const bytes = parts.commBytes;
  const gbps = parts.commBandwidth;
  if (!bytes || gbps === undefined || !(gbps > 0)) return parts;
  const perMs = gbps * 1e6;
  return {
    ...parts,
    forward: {
      ...parts.forward,
      dispatch: bytes.forward.dispatch / perMs,
      combine: bytes.forward.combine / perMs,
    },
    backward: {
      ...parts.backward,
      dispatch: bytes.backward.dispatch / perMs,
      combine: bytes.backward.combine / perMs,
    },
  };
}

/**
 * Op costs (per micro-batch, whole device share) implied by a chunk's parts, as a chunk run alone
 * takes them: F = attention + dispatch + MLP + combine (each waits for the one before);
 * B = combine(B) + MLP input-grad + dispatch(B) + attention input-grad; W = MLP weight-grad +
 * attention weight-grad. Compute parts are slowed by the SM split; communication parts are not.
 */
export function partCosts(
  parts: DeviceParts,
  smSplit: { total: number; reserved: number },
): { forward: Ms; backwardInput: Ms; backwardWeight: Ms } {
  const k = smSlowdown(smSplit);
  const resolved = resolveParts(parts);
  const f = resolved.forward;
  const b = resolved.backward;
  return {
    forward: (f.attention + f.mlp) * k + f.dispatch + f.combine,
    backwardInput: (b.mlpInput + b.attentionInput) * k + b.combine + b.dispatch,
    backwardWeight: (b.mlpWeight + b.attentionWeight) * k,
  };
}

function perDeviceArray(v: PerDevice, devices: number): Float64Array {
  const out = new Float64Array(devices);
  for (let d = 0; d < devices; d++) out[d] = perDevice(v, d);
  return out;
}

/**
 * The ScheduleConfig a scenario describes. Costs come from `costs` (uniform or per device), or,
 * when the scenario gives chunk parts, from each device's parts as a chunk run alone takes them
 * (`costs` is then not used). It trusts its input: give it a scenario that core/format's
 * validateScenario accepts (analyze() does).
 */
export function scenarioToConfig(s: Scenario): ScheduleConfig {
  const P = s.devices;
  let forward: Float64Array;
  let backwardInput: Float64Array;
  let backwardWeight: Float64Array;
  if (s.parts) {
    forward = new Float64Array(P);
    backwardInput = new Float64Array(P);
    backwardWeight = new Float64Array(P);
    for (let d = 0; d < P; d++) {
      const c = partCosts(partsOnDevice(s.parts, d), s.smSplit);
      forward[d] = c.forward;
      backwardInput[d] = c.backwardInput;
      backwardWeight[d] = c.backwardWeight;
    }
  } else {
    forward = perDeviceArray(s.costs.forward, P);
    backwardInput = perDeviceArray(s.costs.backwardInput, P);
    backwardWeight = perDeviceArray(s.costs.backwardWeight, P);
  }
  return {
    devices: P,
    microbatches: s.microbatches,
    chunks: s.chunks,
    groupSize: s.groupSize,
    pairing: s.pairing,
    forward,
    backwardInput,
    backwardWeight,
    p2p: p2pTime(s),
    activationBudget: s.memory.activationBudget,
    order: s.order ?? null,
  };
}

/** One P2P transfer: the latency `p2p.time`, plus bytes over bandwidth when both are given (ms). */
export function p2pTime(s: Scenario): Ms {
  const { time, bytes, bandwidth } = s.p2p;
  return bytes != null && bandwidth != null && bandwidth > 0
    ? time + (bytes / (bandwidth * 1e9)) * 1e3
    : time;
}

/** Names of the parts an overlapped pair interleaves; "F" parts belong to the forward chunk. */
export const PAIR_ORDER_ENTRIES = [
  'combine(B)',
  'attention(F)',
  'mlp-input-grad(B)',
  'dispatch(F)',
  'dispatch(B)',
  'mlp-weight-grad(B)',
  'mlp(F)',
  'attention-input-grad(B)',
  'attention-weight-grad(B)',
  'combine(F)',
] as const;
export type PairOrderEntry = (typeof PAIR_ORDER_ENTRIES)[number];

/** DeepSeek's profile-data order for one F&B pair (deepseek-ai/profile-data; docs/deepseek-v3.md). */
export const DEFAULT_PAIR_ORDER: readonly PairOrderEntry[] = PAIR_ORDER_ENTRIES;

/**
 * Each entry's data dependency inside its own chunk (-1: the chunk's input). Entries index
 * PAIR_ORDER_ENTRIES. Forward: attention -> dispatch -> MLP -> combine. Backward: combine(B) ->
 * MLP input-grad -> dispatch(B) -> attention input-grad; MLP weight-grad needs combine(B) (the
 * MLP's output gradient), attention weight-grad needs dispatch(B).
 */
export const PAIR_ENTRY_DEPENDENCY: Readonly<Record<PairOrderEntry, PairOrderEntry | null>> = {
  'combine(B)': null,
  'attention(F)': null,
  'mlp-input-grad(B)': 'combine(B)',
  'dispatch(F)': 'attention(F)',
  'dispatch(B)': 'mlp-input-grad(B)',
  'mlp-weight-grad(B)': 'combine(B)',
  'mlp(F)': 'dispatch(F)',
  'attention-input-grad(B)': 'dispatch(B)',
  'attention-weight-grad(B)': 'dispatch(B)',
  'combine(F)': 'mlp(F)',
};

/** Communication entries (the rest run on the compute stream). */
export function isCommEntry(e: PairOrderEntry): boolean {
  return e.startsWith('combine') || e.startsWith('dispatch');
}

/**
 * Why a pair order cannot be used: it must name each of the ten entries once, and on each stream
 * keep every entry after the entry it depends on (otherwise the pair would wait for itself).
 */
export function pairOrderErrors(order: readonly string[]): PathError[] {
  const path = 'parts.pairOrder';
  const known = new Set<string>(PAIR_ORDER_ENTRIES);
  const errors: PathError[] = [];
  const seen = new Map<string, number>();
  order.forEach((e, i) => {
    if (!known.has(e))
      errors.push({
        path: `${path}[${i}]`,
        message: `unknown part "${e}"; use one of ${PAIR_ORDER_ENTRIES.join(', ')}`,
      });
    else if (seen.has(e)) errors.push({ path: `${path}[${i}]`, message: `"${e}" appears twice` });
    else seen.set(e, i);
  });
  const missing = PAIR_ORDER_ENTRIES.filter((e) => !seen.has(e));
  if (missing.length > 0)
    errors.push({
      path,
      message: `is missing ${missing.map((e) => `"${e}"`).join(', ')} (it must list all ten parts once)`,
    });
  if (errors.length > 0) return errors;
  // A stream runs its entries in list order, so a dependency chain that crosses the streams can
  // only deadlock if some entry is listed before what it needs on the same stream, or the two
  // streams wait on each other; simulate the merge to find out.
  const compute = order.filter((e) => !isCommEntry(e as PairOrderEntry));
  const comm = order.filter((e) => isCommEntry(e as PairOrderEntry));
  const done = new Set<string>();
  let ci = 0;
  let mi = 0;
  while (ci < compute.length || mi < comm.length) {
    const ready = (e: string | undefined) => {
      if (e === undefined) return false;
      const dep = PAIR_ENTRY_DEPENDENCY[e as PairOrderEntry];
      return dep === null || done.has(dep);
    };
    if (ready(compute[ci])) done.add(compute[ci++]);
    else if (ready(comm[mi])) done.add(comm[mi++]);
    else {
      const stuck = [compute[ci], comm[mi]].filter((e) => e !== undefined);
      return [
        {
          path,
          message: `cannot run: ${stuck
            .map((e) => `"${e}" waits for "${PAIR_ENTRY_DEPENDENCY[e as PairOrderEntry]}"`)
            .join(' and ')}, which its stream runs later`,
        },
      ];
    }
  }
  return [];
}
