import { describe, expect, it } from 'vitest';
import { headKeptBytes, layerKeptBytes } from './activations';
import { tinyModel } from './cost-testkit';
import type { ModelSpec, Recomputation } from './types';

/** A GPT-3-style layer as Korthikanti et al. 2022 count it: MHA, GeLU with FFN 4h, dropout, no fused attention. */
function gptLayer(h: number, heads: number): ModelSpec {
  return {
    name: 'gpt',
    layers: 1,
    hidden: h,
    vocab: 1000,
    tiedEmbeddings: true,
    attention: { kind: 'gqa', heads, kvHeads: heads, headDim: h / heads },
    ffn: 4 * h,
    activation: 'gelu',
    moe: null,
    mtpModules: 0,
    dropout: true,
  };
}

const run = (seq: number, recompute: Recomputation = 'none') => ({
  seqLength: seq,
  recompute,
  flashAttention: false,
});

describe('activations kept per layer (Korthikanti et al. 2022)', () => {
  const h = 1024;
  const a = 16;
  const s = 512;
  const b = 2;
  const m = gptLayer(h, a);
  const sbh = s * b * h;

  it('equal s b h (34 + 5 a s / h) bytes without parallelism', () => {
    const kept = layerKeptBytes(m, run(s), false, s * b, { tp: 1, sequenceParallel: false });
    expect(kept.activation).toBe(sbh * (34 + (5 * a * s) / h));
  });

  it('equal s b h (10 + 24/t + 5 a s / (h t)) with tensor parallelism alone', () => {
    const t = 4;
    const kept = layerKeptBytes(m, run(s), false, s * b, { tp: t, sequenceParallel: false });
    expect(kept.activation).toBe(sbh * (10 + 24 / t + (5 * a * s) / (h * t)));
  });

  it('equal s b h (34 + 5 a s / h) / t with sequence parallelism too', () => {
    const t = 4;
    const kept = layerKeptBytes(m, run(s), false, s * b, { tp: t, sequenceParallel: true });
    expect(kept.activation).toBe((sbh * (34 + (5 * a * s) / h)) / t);
  });

  it('equal 34 s b h / t with selective recomputation, and 2 s b h with full', () => {
    const t = 8;
    const sel = layerKeptBytes(m, run(s, 'selective'), false, s * b, { tp: t, sequenceParallel: true });
    expect(sel.activation).toBe((34 * sbh) / t);
    const full = layerKeptBytes(m, run(s, 'full'), false, s * b, { tp: 1, sequenceParallel: false });
    expect(full.activation).toBe(2 * sbh);
  });

  it("keep the weight GEMMs' inputs for W: QKV, output projection, FC1 and FC2 inputs", () => {
    // 2h + 2h + 2h + 8h bytes per token
    const kept = layerKeptBytes(m, run(s), false, s * b, { tp: 1, sequenceParallel: false });
    expect(kept.weightGradStash).toBe(14 * sbh);
  });

  it('of the tiny GQA SwiGLU model, worked by hand', () => {
    // per token: attention norm in 16, QKV in 16, q 16, k 8, v 8, softmax 2 x 2 heads x 4 = 16,
    // o in 16 -> 96; MLP norm in 16, up in 16, gate and up 2 x 16 x 2 = 64, down in 32 -> 128
    const kept = layerKeptBytes(tinyModel(), run(4), false, 4, { tp: 1, sequenceParallel: false });
    expect(kept.activation).toBe(4 * (96 + 128));
    expect(kept.weightGradStash).toBe(4 * (16 + 16 + 16 + 32));
    // the head: final norm in 16, head in 16, FP32 logits 4 x 16
    expect(headKeptBytes(tinyModel(), 4, { tp: 1, sequenceParallel: false }).activation).toBe(4 * 96);
  });
});
