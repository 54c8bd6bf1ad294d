import { partCosts } from '../model/costs';
import type { ChunkParts } from '../model/scenario';

/** Arithmetic on chunk parts (ms), keeping their all-to-all bytes alongside. */

const PART_KEYS = {
  forward: ['attention', 'dispatch', 'mlp', 'combine'],
  backward: ['combine', 'mlpInput', 'mlpWeight', 'dispatch', 'attentionInput', 'attentionWeight'],
} as const;

export function zeroParts(): ChunkParts {
  return {
    forward: { attention: 0, dispatch: 0, mlp: 0, combine: 0 },
    backward: { combine: 0, mlpInput: 0, mlpWeight: 0, dispatch: 0, attentionInput: 0, attentionWeight: 0 },
  };
}

const NO_COMM_BYTES: NonNullable<ChunkParts['commBytes']> = {
  forward: { dispatch: 0, combine: 0 },
  backward: { dispatch: 0, combine: 0 },
};

/** a + k b, part by part; all-to-all bytes too when either has them (a missing side counts as none). */
export function addParts(a: ChunkParts, b: ChunkParts, k = 1): ChunkParts {
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
export function alonePartsTime(p: ChunkParts, smSplit: { total: number; reserved: number }): number {
  const c = partCosts(p, smSplit);
  return c.forward + c.backwardInput + c.backwardWeight;
}

/** The part-by-part mean. */
export function meanParts(all: readonly ChunkParts[]): ChunkParts {
  let mean = zeroParts();
  for (const p of all) mean = addParts(mean, p, 1 / all.length);
  return mean;
}
