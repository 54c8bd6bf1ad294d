import { attentionHeadDims, ffnMatrices, mtpIsMoe } from './architecture';
import { ACTIVATION_BYTES, type ModelSpec, type RunSpec } from './types';

/**
 * Tensors one layer keeps from its forward for its backward, per token, following the accounting
 * of Korthikanti et al. 2022 ("Reducing Activation Recomputation in Large Transformer Models",
 * "Activation Memory"), generalized to GQA, MLA, SwiGLU and MoE (docs/cost-model.md, "Activations").
 *
 * `split`: 'sequence' tensors hold the full hidden state of each token and are the same on every
 * TP rank unless sequence parallelism splits them; 'tensor' tensors are split over TP ranks
 * (heads, FFN columns). `linearInput`: the tensor is the input of a weight GEMM, so the weight
 * gradient W needs it after the input gradient B is done.
 */
export interface KeptTensor {
  name: string;
  bytesPerToken: number;
  split: 'sequence' | 'tensor';
  linearInput: boolean;
  /** A seq x seq attention-score tensor (dropped by selective recomputation and FlashAttention). */
  scores?: boolean;
}

const E = ACTIVATION_BYTES;
/** Bytes of a dropout mask element (Korthikanti et al.: one byte). */
const MASK_BYTES = 1;
/** FP32 bytes: router probabilities, FlashAttention's softmax statistics, the logits for the loss. */
const FP32_BYTES = 4;

function t(
  name: string,
  bytesPerToken: number,
  split: KeptTensor['split'],
  linearInput = false,
  scores = false,
): KeptTensor {
  return { name, bytesPerToken, split, linearInput, ...(scores ? { scores } : {}) };
}

function attentionTensors(m: ModelSpec, seq: number, flash: boolean): KeptTensor[] {
  const h = m.hidden;
  const a = m.attention;
  const { qk, v } = attentionHeadDims(a);
  const H = a.heads;
  const out: KeptTensor[] = [t('attention.norm.in', E * h, 'sequence')];
  if (a.kind === 'gqa') {
    out.push(
      t('qkv.in', E * h, 'sequence', true),
      t('q', E * H * qk, 'tensor'),
      t('k', E * a.kvHeads * qk, 'tensor'),
      t('v', E * a.kvHeads * v, 'tensor'),
    );
  } else {
    out.push(t('q_a.in+kv_a.in', E * h, 'sequence', true));
    if (a.qLoraRank !== null)
      out.push(t('q_a.out', E * a.qLoraRank, 'sequence'), t('q_b.in', E * a.qLoraRank, 'sequence', true));
    out.push(
      t('kv_a.out', E * (a.kvLoraRank + a.qkRopeHeadDim), 'sequence'),
      t('kv_b.in', E * a.kvLoraRank, 'sequence', true),
      t('q', E * H * qk, 'tensor'),
      t('k', E * H * qk, 'tensor'),
      t('v', E * H * v, 'tensor'),
    );
  }
  if (flash) out.push(t('softmax.stats', FP32_BYTES * H, 'tensor'));
  else {
    // every token keeps a full row of seq scores per head (the causal half is masked, not dropped)
    out.push(t('softmax.out', E * H * seq, 'tensor', false, true));
    if (m.dropout)
      out.push(
        t('attention.dropout.mask', MASK_BYTES * H * seq, 'tensor', false, true),
        t('attention.dropout.out', E * H * seq, 'tensor', false, true),
      );
  }
  out.push(t('o.in', E * H * v, 'tensor', true));
  if (m.dropout) out.push(t('attention.out.mask', MASK_BYTES * h, 'sequence'));
  return out;
}

function mlpTensors(m: ModelSpec, moe: boolean): KeptTensor[] {
  const h = m.hidden;
  const out: KeptTensor[] = [t('mlp.norm.in', E * h, 'sequence')];
  const ffnKept = (prefix: string, width: number, split: KeptTensor['split']) => [
    // SwiGLU keeps gate and up (silu(g) * u needs both); GeLU keeps its input
    t(`${prefix}.act.in`, E * width * (ffnMatrices(m.activation) - 1), split),
    t(`${prefix}.down.in`, E * width, split, true),
  ];
  if (moe && m.moe) {
    const e = m.moe;
    const k = e.expertsPerToken;
    out.push(
      t('moe.in', E * h, 'sequence', true),
      t('router.probs', FP32_BYTES * e.routedExperts, 'sequence'),
      // a token's k copies land on the ranks of its experts: per rank, k x its own token count
      t('experts.up.in', E * k * h, 'sequence', true),
      ...ffnKept('experts', k * e.expertFfn, 'sequence'),
      t('experts.out', E * k * h, 'sequence'),
    );
    if (e.sharedExperts > 0) out.push(...ffnKept('shared', e.sharedExperts * e.sharedExpertFfn, 'tensor'));
  } else {
    out.push(t('up.in', E * h, 'sequence', true), ...ffnKept('mlp', m.ffn, 'tensor'));
  }
  if (m.dropout) out.push(t('mlp.out.mask', MASK_BYTES * h, 'sequence'));
  return out;
}

/** Every tensor one layer keeps without recomputation. */
export function layerKeptTensors(m: ModelSpec, seq: number, moe: boolean, flash: boolean): KeptTensor[] {
  return [...attentionTensors(m, seq, flash), ...mlpTensors(m, moe)];
}

/** Bytes kept per micro-batch on one device, and the part of it W still needs after B. */
export interface KeptBytes {
  activation: number;
  weightGradStash: number;
}

/** Divisors of each split: TP ranks share 'tensor' tensors, and 'sequence' ones with sequence parallelism. */
export interface Sharding {
  tp: number;
  sequenceParallel: boolean;
}

function sumTensors(tensors: readonly KeptTensor[], tokens: number, s: Sharding): KeptBytes {
  let activation = 0;
  let weightGradStash = 0;
  for (const x of tensors) {
    const div = x.split === 'tensor' || s.sequenceParallel ? s.tp : 1;
    const b = (x.bytesPerToken * tokens) / div;
    activation += b;
    if (x.linearInput) weightGradStash += b;
  }
  return { activation, weightGradStash };
}

/**
 * One layer's kept bytes for `tokens` tokens (a micro-batch) on one device. Recomputation:
 * 'selective' drops the score tensors (Korthikanti: 34 s b h / t with TP and SP, instead of
 * s b h (34 + 5 a s / h) / t); 'full' keeps only the layer's input (2 s b h, / t with SP), and W's
 * share is then bounded by it (the recomputed inputs W needs are not modelled).
 */
export function layerKeptBytes(
  m: ModelSpec,
  run: Pick<RunSpec, 'seqLength' | 'recompute' | 'flashAttention'>,
  moe: boolean,
  tokens: number,
  s: Sharding,
): KeptBytes {
  if (run.recompute === 'full') {
    const input = sumTensors([t('layer.in', E * m.hidden, 'sequence', true)], tokens, s);
    return { activation: input.activation, weightGradStash: input.activation };
  }
  let tensors = layerKeptTensors(m, run.seqLength, moe, run.flashAttention);
  if (run.recompute === 'selective') tensors = tensors.filter((x) => !x.scores);
  return sumTensors(tensors, tokens, s);
}

/** Kept tensors outside the layers: the first stage's embedding dropout, the last stage's norm, head and loss. */
export function embeddingKeptBytes(m: ModelSpec, tokens: number, s: Sharding): KeptBytes {
  return sumTensors(
    m.dropout ? [t('embedding.dropout.mask', MASK_BYTES * m.hidden, 'sequence')] : [],
    tokens,
    s,
  );
}

export function headKeptBytes(m: ModelSpec, tokens: number, s: Sharding): KeptBytes {
  return sumTensors(
    [
      t('final.norm.in', E * m.hidden, 'sequence'),
      t('head.in', E * m.hidden, 'sequence', true),
      t('logits', FP32_BYTES * m.vocab, 'tensor'),
    ],
    tokens,
    s,
  );
}

/** One MTP module: its two input norms, the projection's input, its layer, and its own head and loss. */
export function mtpKeptBytes(
  m: ModelSpec,
  run: Pick<RunSpec, 'seqLength' | 'recompute' | 'flashAttention'>,
  tokens: number,
  s: Sharding,
): KeptBytes {
  const extra = sumTensors(
    [t('mtp.norms.in', E * 2 * m.hidden, 'sequence'), t('mtp.proj.in', E * 2 * m.hidden, 'sequence', true)],
    tokens,
    s,
  );
  const layer = layerKeptBytes(m, run, mtpIsMoe(m), tokens, s);
  const head = headKeptBytes(m, tokens, s);
  return {
    activation: extra.activation + layer.activation + head.activation,
    weightGradStash: extra.weightGradStash + layer.weightGradStash + head.weightGradStash,
  };
}
