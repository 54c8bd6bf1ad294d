import { partCosts } from '../model/costs';
import {
  type COMM_BYTES_KEYS,
  type ChunkParts,
  type DeviceParts,
  PART_KEYS,
  type PerDevice,
} from '../model/scenario';

/** Arithmetic on chunk parts (ms), keeping their all-to-all bytes alongside. */

export function zeroParts(): DeviceParts {
  return {
    forward: { attention: 0, dispatch: 0, mlp: 0, combine: 0 },
    backward: { combine: 0, mlpInput: 0, mlpWeight: 0, dispatch: 0, attentionInput: 0, attentionWeight: 0 },
  };
}

const NO_COMM_BYTES: NonNullable<DeviceParts['commBytes']> = {
  forward: { dispatch: 0, combine: 0 },
  backward: { dispatch: 0, combine: 0 },
};

/** a + k b, part by part; all-to-all bytes too when either has them (a missing side counts as none). */
export function addParts(a: DeviceParts, b: DeviceParts, k = 1): DeviceParts {
  const out = zeroParts();
  for (const key of PART_KEYS.forward) out.forward[key] = a.forward[key] + k * b.forward[key];
  for (const key of PART_KEYS.backward) out.backward[key] = a.backward[key] + k * b.backward[key];
  if (a.commBytes || b.commBytes) {
    const ab = a.commBytes ?? NO_COMM_BYTES;
    const bb = b.commBytes ?? NO_COMM_BYTES;
    out.commBytes = {
      forward: {
        dispatch: ab.forward.dispatch + k * bb.forward.dispatch,
        combine: ab.forward.combine + k * bb.forward.combine,
      },
      backward: {
        dispatch: ab.backward.dispatch + k * bb.backward.dispatch,
        combine: ab.backward.combine + k * bb.backward.combine,
      },
    };
    out.commBandwidth = a.commBandwidth ?? b.commBandwidth;
  }
  return out;
}

/** F + B + W of a chunk run alone with these parts (core/model/costs.ts partCosts). */
export function alonePartsTime(p: DeviceParts, smSplit: { total: number; reserved: number }): number {
  const c = partCosts(p, smSplit);
  return c.forward + c.backwardInput + c.backwardWeight;
}

/**
 * What a chunk's parts take when its all-to-all hides behind computation (an overlapped pair): the
 * larger of its computation (after the SM split) and its all-to-all, forward and backward together.
 */
export function overlappedPartsTime(p: DeviceParts, smSplit: { total: number; reserved: number }): number {
  const c = computeAndAllToAll(p, smSplit);
  return Math.max(c.forward.compute + c.backward.compute, c.forward.comm + c.backward.comm);
}

/** Computation (compute parts x the SM slowdown) and all-to-all time of one chunk's parts, per pass. */
export function computeAndAllToAll(
  p: DeviceParts,
  smSplit: { total: number; reserved: number },
): { forward: { compute: number; comm: number }; backward: { compute: number; comm: number } } {
  const k = smSplit.total / (smSplit.total - smSplit.reserved);
  const f = p.forward;
  const b = p.backward;
  return {
    forward: { compute: (f.attention + f.mlp) * k, comm: f.dispatch + f.combine },
    backward: {
      compute: (b.mlpInput + b.mlpWeight + b.attentionInput + b.attentionWeight) * k,
      comm: b.dispatch + b.combine,
    },
  };
}

/** One value, or one per device when they differ. */
export function compactPerDevice(values: number[]): PerDevice {
  return values.every((v) => v === values[0]) ? values[0] : values;
}

/** The scenario's parts from each device's: every field one number when all devices agree, else one per device. */
export function partsOfDevices(devices: readonly DeviceParts[]): ChunkParts {
  const pick = (f: (p: DeviceParts) => number) => compactPerDevice(devices.map(f));
  const out: ChunkParts = {
    forward: {
      attention: pick((p) => p.forward.attention),
      dispatch: pick((p) => p.forward.dispatch),
      mlp: pick((p) => p.forward.mlp),
      combine: pick((p) => p.forward.combine),
    },
    backward: {
      combine: pick((p) => p.backward.combine),
      mlpInput: pick((p) => p.backward.mlpInput),
      mlpWeight: pick((p) => p.backward.mlpWeight),
      dispatch: pick((p) => p.backward.dispatch),
      attentionInput: pick((p) => p.backward.attentionInput),
      attentionWeight: pick((p) => p.backward.attentionWeight),
    },
  };
  if (devices.some((p) => p.commBytes)) {
    const bytes = (pass: 'forward' | 'backward', k: (typeof COMM_BYTES_KEYS)[number]) =>
      pick((p) => (p.commBytes ?? NO_COMM_BYTES)[pass][k]);
    out.commBytes = {
      forward: { dispatch: bytes('forward', 'dispatch'), combine: bytes('forward', 'combine') },
      backward: { dispatch: bytes('backward', 'dispatch'), combine: bytes('backward', 'combine') },
    };
    out.commBandwidth = devices.find((p) => p.commBandwidth !== undefined)?.commBandwidth;
  }
  return out;
}

/** The parts with every time passed through `ms` and every all-to-all size through `bytes`. */
export function mapParts(p: ChunkParts, ms: (x: number) => number, bytes: (x: number) => number): ChunkParts {
  const each = (v: PerDevice, f: (x: number) => number): PerDevice =>
    typeof v === 'number' ? f(v) : v.map(f);
  const out: ChunkParts = {
    forward: { ...p.forward },
    backward: { ...p.backward },
  };
  for (const k of PART_KEYS.forward) out.forward[k] = each(p.forward[k], ms);
  for (const k of PART_KEYS.backward) out.backward[k] = each(p.backward[k], ms);
  if (p.pairOrder) out.pairOrder = p.pairOrder;
  if (p.commBytes) {
    const c = p.commBytes;
    out.commBytes = {
      forward: { dispatch: each(c.forward.dispatch, bytes), combine: each(c.forward.combine, bytes) },
      backward: { dispatch: each(c.backward.dispatch, bytes), combine: each(c.backward.combine, bytes) },
    };
  }
  if (p.commBandwidth !== undefined) out.commBandwidth = p.commBandwidth;
  return out;
}
