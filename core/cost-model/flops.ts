import {
  type Gemm,
  attentionGemms,
  attentionHeadDims,
  denseMlpGemms,
  isMoeLayer,
  moeActivatedGemms,
  mtpIsMoe,
} from './architecture';
import type { ModelSpec, Recomputation } from './types';

/**
 * FLOPs per token, split by the precision they run at: `block` are the transformer blocks' GEMMs
 * (run.precision: BF16 or FP8), `bf16` the work that stays BF16 in FP8 training (attention core,
 * router, output head; DeepSeek-V3 report, section 3.3).
 */
export interface Work {
  block: number;
  bf16: number;
}

/** One pass split as the zero-bubble paper does: B = input gradients (and all non-GEMM backward work), W = weight gradients. */
export interface PassWork {
  forward: Work;
  backwardInput: Work;
  backwardWeight: Work;
}

/** Work of one layer (or module) per token, for the attention and MLP halves of a chunk. */
export interface LayerWork {
  attention: PassWork;
  mlp: PassWork;
}

const zero = (): Work => ({ block: 0, bf16: 0 });
const zeroPass = (): PassWork => ({ forward: zero(), backwardInput: zero(), backwardWeight: zero() });

export function workTotal(w: Work): number {
  return w.block + w.bf16;
}

export function addWork(a: Work, b: Work, k = 1): Work {
  return { block: a.block + k * b.block, bf16: a.bf16 + k * b.bf16 };
}

export function addPass(a: PassWork, b: PassWork, k = 1): PassWork {
  return {
    forward: addWork(a.forward, b.forward, k),
    backwardInput: addWork(a.backwardInput, b.backwardInput, k),
    backwardWeight: addWork(a.backwardWeight, b.backwardWeight, k),
  };
}

export function addLayer(a: LayerWork, b: LayerWork, k = 1): LayerWork {
  return { attention: addPass(a.attention, b.attention, k), mlp: addPass(a.mlp, b.mlp, k) };
}

export function zeroLayer(): LayerWork {
  return { attention: zeroPass(), mlp: zeroPass() };
}

/** Sum of forward + B + W of a pass. */
export function passTotal(p: PassWork): number {
  return workTotal(p.forward) + workTotal(p.backwardInput) + workTotal(p.backwardWeight);
}

/**
 * A GEMM of an `in` x `out` weight costs 2 in out FLOPs per token forward (one multiply and one add
 * per weight), the same again for the input gradient (B: dY W^T) and for the weight gradient
 * (W: X^T dY) (Narayanan et al. SC21, appendix "Floating-point operations").
 */
function gemmPass(gemms: readonly Gemm[], bf16Names: readonly string[] = []): PassWork {
  const p = zeroPass();
  for (const g of gemms) {
    const f = 2 * g.in * g.out * g.copies;
    const key = bf16Names.includes(g.name) ? 'bf16' : 'block';
    p.forward[key] += f;
    p.backwardInput[key] += f;
    p.backwardWeight[key] += f;
  }
  return p;
}

/**
 * Mean number of keys a query attends to under a causal mask: query i (1-based) sees i keys, so
 * the mean over a sequence of s tokens is (s + 1) / 2.
 */
export function causalContext(seq: number): number {
  return (seq + 1) / 2;
}

/**
 * Attention core per token, forward: Q K^T (2 d_qk FLOPs per head per key) and P V (2 d_v per head
 * per key), over the causal context. Backward (all B, no weights): dQ and dK from dS, dP and dV from
 * dO, twice the forward.
 */
export function attentionCoreForward(m: ModelSpec, seq: number): number {
  const { qk, v } = attentionHeadDims(m.attention);
  return 2 * m.attention.heads * (qk + v) * causalContext(seq);
}

/** Model FLOPs per token of one layer (`moe`: its MLP is MoE). */
export function layerWork(m: ModelSpec, seq: number, moe: boolean): LayerWork {
  const attention = gemmPass(attentionGemms(m.hidden, m.attention));
  const core = attentionCoreForward(m, seq);
  attention.forward.bf16 += core;
  attention.backwardInput.bf16 += 2 * core;
  const mlp = moe && m.moe ? gemmPass(moeActivatedGemms(m), ['router']) : gemmPass(denseMlpGemms(m));
  return { attention, mlp };
}

/** The output head: an h x vocab GEMM, kept in BF16. Counted with the MLP half of its chunk. */
export function headWork(m: ModelSpec): PassWork {
  return gemmPass([{ name: 'head', in: m.hidden, out: m.vocab, copies: 1, tpSharded: true }], ['head']);
}

/**
 * One MTP module (DeepSeek-V3 report, section 2.2): the 2h -> h projection of [norm(h), norm(emb)],
 * one transformer layer of the last layer's kind, and the shared output head run again.
 */
export function mtpModuleWork(m: ModelSpec, seq: number): LayerWork {
  const w = layerWork(m, seq, mtpIsMoe(m));
  const projection = gemmPass([
    { name: 'mtp.proj', in: 2 * m.hidden, out: m.hidden, copies: 1, tpSharded: true },
  ]);
  return { attention: addPass(w.attention, projection), mlp: addPass(w.mlp, headWork(m)) };
}

/**
 * Work a backward repeats (hardware FLOPs, not model FLOPs; added to B): FlashAttention recomputes
 * Q K^T in its backward; selective recomputation (Korthikanti et al. 2022) re-runs the attention
 * core's forward (nothing more when FlashAttention already recomputes it); full recomputation
 * re-runs the whole layer's forward.
 */
export function recomputeWork(
  m: ModelSpec,
  seq: number,
  moe: boolean,
  recompute: Recomputation,
  flashAttention: boolean,
): { attention: Work; mlp: Work } {
  const { qk } = attentionHeadDims(m.attention);
  const attention = zero();
  const mlp = zero();
  if (flashAttention) attention.bf16 += 2 * m.attention.heads * qk * causalContext(seq);
  else if (recompute === 'selective') attention.bf16 += attentionCoreForward(m, seq);
  if (recompute === 'full') {
    const w = layerWork(m, seq, moe);
    attention.block += w.attention.forward.block;
    attention.bf16 += w.attention.forward.bf16;
    mlp.block += w.mlp.forward.block;
    mlp.bf16 += w.mlp.forward.bf16;
  }
  return { attention, mlp };
}

export interface ModelFlops {
  /** Main model per token: every layer and the head (embedding lookups are not FLOPs). */
  main: LayerWork;
  /** MTP modules per token. */
  mtp: LayerWork;
  perToken: {
    forward: number;
    backward: number;
    backwardInput: number;
    backwardWeight: number;
    training: number;
  };
  mtpPerToken: { forward: number; backward: number; training: number };
}

/** Model FLOPs per token of the whole model (docs/cost-model.md, "FLOPs"). */
export function modelFlops(m: ModelSpec, seq: number): ModelFlops {
  let main = zeroLayer();
  for (let i = 0; i < m.layers; i++) main = addLayer(main, layerWork(m, seq, isMoeLayer(m, i)));
  main = { ...main, mlp: addPass(main.mlp, headWork(m)) };
  const mtp = addLayer(zeroLayer(), mtpModuleWork(m, seq), m.mtpModules);
  const sum = (w: LayerWork, k: keyof PassWork) => workTotal(w.attention[k]) + workTotal(w.mlp[k]);
  const forward = sum(main, 'forward');
  const backwardInput = sum(main, 'backwardInput');
  const backwardWeight = sum(main, 'backwardWeight');
  const mtpForward = sum(mtp, 'forward');
  const mtpBackward = sum(mtp, 'backwardInput') + sum(mtp, 'backwardWeight');
  return {
    main,
    mtp,
    perToken: {
      forward,
      backward: backwardInput + backwardWeight,
      backwardInput,
      backwardWeight,
      training: forward + backwardInput + backwardWeight,
    },
    mtpPerToken: { forward: mtpForward, backward: mtpBackward, training: mtpForward + mtpBackward },
  };
}
