import type { AttentionSpec, ModelSpec } from './types';

/**
 * The weight matrices of one layer, as GEMMs a token passes through: `in` x `out` weights,
 * `copies` times per token (top-k for routed experts, 1 otherwise). Parameters, FLOPs and the
 * tensors kept for the backward all follow from this list (docs/cost-model.md).
 */
export interface Gemm {
  name: string;
  in: number;
  out: number;
  copies: number;
  /** Weights split over TP ranks (Megatron's column/row-parallel linears); routed experts are not. */
  tpSharded: boolean;
}

/** Per-head dimensions of the attention core: query/key and value. */
export function attentionHeadDims(a: AttentionSpec): { qk: number; v: number } {
  return a.kind === 'gqa'
    ? { qk: a.headDim, v: a.headDim }
    : { qk: a.qkNopeHeadDim + a.qkRopeHeadDim, v: a.vHeadDim };
}

/**
 * Attention projections. GQA: q, k, v, o. MLA (DeepSeek-V2 paper, section 2.1): q_a and q_b
 * (or one q projection without q compression), kv_a (compressed KV plus the shared rotary key),
 * kv_b (keys without rope and values, per head), o. The low-rank down projections are not split
 * over TP ranks in Megatron's MLA.
 */
export function attentionGemms(h: number, a: AttentionSpec): Gemm[] {
  if (a.kind === 'gqa') {
    const q = a.heads * a.headDim;
    const kv = a.kvHeads * a.headDim;
    return [
      { name: 'q', in: h, out: q, copies: 1, tpSharded: true },
      { name: 'k', in: h, out: kv, copies: 1, tpSharded: true },
      { name: 'v', in: h, out: kv, copies: 1, tpSharded: true },
      { name: 'o', in: q, out: h, copies: 1, tpSharded: true },
    ];
  }
  const qHead = a.qkNopeHeadDim + a.qkRopeHeadDim;
  const q: Gemm[] =
    a.qLoraRank === null
      ? [{ name: 'q', in: h, out: a.heads * qHead, copies: 1, tpSharded: true }]
      : [
          { name: 'q_a', in: h, out: a.qLoraRank, copies: 1, tpSharded: false },
          { name: 'q_b', in: a.qLoraRank, out: a.heads * qHead, copies: 1, tpSharded: true },
        ];
  return [
    ...q,
    { name: 'kv_a', in: h, out: a.kvLoraRank + a.qkRopeHeadDim, copies: 1, tpSharded: false },
    {
      name: 'kv_b',
      in: a.kvLoraRank,
      out: a.heads * (a.qkNopeHeadDim + a.vHeadDim),
      copies: 1,
      tpSharded: true,
    },
    { name: 'o', in: a.heads * a.vHeadDim, out: h, copies: 1, tpSharded: true },
  ];
}

/** Norm weights inside attention: MLA normalizes its compressed q and kv (one weight per element). */
export function attentionNormParams(a: AttentionSpec): number {
  return a.kind === 'mla' ? (a.qLoraRank ?? 0) + a.kvLoraRank : 0;
}

/** Matrices of one FFN: SwiGLU has gate, up and down; GeLU has up and down. */
export function ffnMatrices(activation: ModelSpec['activation']): number {
  return activation === 'swiglu' ? 3 : 2;
}

function ffnGemms(
  name: string,
  h: number,
  ffn: number,
  m: ModelSpec,
  copies: number,
  tpSharded: boolean,
): Gemm[] {
  // gate and up both map h -> ffn; they are one GEMM of width 2 ffn in practice
  const upWidth = m.activation === 'swiglu' ? 2 * ffn : ffn;
  return [
    { name: `${name}.up`, in: h, out: upWidth, copies, tpSharded },
    { name: `${name}.down`, in: ffn, out: h, copies, tpSharded },
  ];
}

/** A dense layer's MLP. */
export function denseMlpGemms(m: ModelSpec): Gemm[] {
  return ffnGemms('mlp', m.hidden, m.ffn, m, 1, true);
}

/** The GEMMs one token passes through in an MoE layer: router, its top-k routed experts, the shared experts. */
export function moeActivatedGemms(m: ModelSpec): Gemm[] {
  const moe = m.moe;
  if (!moe) return [];
  const out: Gemm[] = [{ name: 'router', in: m.hidden, out: moe.routedExperts, copies: 1, tpSharded: false }];
  out.push(...ffnGemms('routed', m.hidden, moe.expertFfn, m, moe.expertsPerToken, false));
  if (moe.sharedExperts > 0)
    out.push(...ffnGemms('shared', m.hidden, moe.sharedExpertFfn, m, moe.sharedExperts, true));
  return out;
}

/** Whether layer i (0-based) of the main model has an MoE MLP. */
export function isMoeLayer(m: ModelSpec, i: number): boolean {
  return m.moe !== null && !m.moe.denseLayers.includes(i);
}

/** MoE layers of the main model. */
export function moeLayerCount(m: ModelSpec): number {
  if (!m.moe) return 0;
  let n = 0;
  for (let i = 0; i < m.layers; i++) if (isMoeLayer(m, i)) n++;
  return n;
}

/** MTP modules repeat the last layer's kind (as Megatron-LM counts them). */
export function mtpIsMoe(m: ModelSpec): boolean {
  return isMoeLayer(m, m.layers - 1);
}

/** Weights a token activates: each GEMM's matrix times the copies it runs (top-k experts, shared experts). */
export function gemmActivatedWeights(gemms: readonly Gemm[]): number {
  let n = 0;
  for (const g of gemms) n += g.in * g.out * g.copies;
  return n;
}
