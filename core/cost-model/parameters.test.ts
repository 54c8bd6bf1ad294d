import { describe, expect, it } from 'vitest';
import { tinyModel, tinyMoeModel } from './cost-testkit';
import { parameterCounts } from './parameters';

describe('parameterCounts', () => {
  it('counts a small dense model by hand', () => {
    // per layer: q 8x8 = 64, k 8x4 = 32, v 32, o 8x8 = 64 -> 192 attention; SwiGLU 3 x 8 x 16 = 384;
    // two norms 16. Two layers: 1184. Embedding 16 x 8 = 128, head 128, final norm 8: 1448.
    const c = parameterCounts(tinyModel());
    expect(c.byComponent).toEqual({
      embedding: 128,
      attention: 384,
      norms: 40,
      denseMlp: 768,
      routedExperts: 0,
      sharedExperts: 0,
      router: 0,
      head: 128,
    });
    expect(c.total).toBe(1448);
    expect(c.activated).toBe(1448);
    expect(c.mtp).toEqual({ total: 0, activated: 0 });
  });

  it('counts only the top-k routed experts as activated, and ties the head to the embedding', () => {
    // layer 1 is MoE: 4 experts x 3 x 8 x 4 = 384 routed (2 of them activated: 192), one shared
    // expert 96, router 8 x 4 = 32; layer 0 stays dense (384).
    const m = { ...tinyMoeModel(), tiedEmbeddings: true };
    const c = parameterCounts(m);
    expect(c.byComponent.routedExperts).toBe(384);
    expect(c.activatedByComponent.routedExperts).toBe(192);
    expect(c.byComponent.sharedExperts).toBe(96);
    expect(c.byComponent.router).toBe(32);
    expect(c.byComponent.denseMlp).toBe(384);
    expect(c.byComponent.head).toBe(0);
    // 128 embedding + 384 attention + 40 norms + 384 dense + 384 routed + 96 shared + 32 router
    expect(c.total).toBe(1448);
    expect(c.activated).toBe(1448 - 192);
  });

  it("counts MTP modules apart: the projection, three norms and one layer of the last layer's kind", () => {
    // last layer is MoE: 192 attention + 16 norms + 384 routed + 96 shared + 32 router; projection
    // 16 x 8 = 128 and norms 24
    const c = parameterCounts({ ...tinyMoeModel(), mtpModules: 1 });
    expect(c.mtp.total).toBe(192 + 16 + 384 + 96 + 32 + 128 + 24);
    expect(c.mtp.activated).toBe(c.mtp.total - 192);
    expect(c.total).toBe(parameterCounts(tinyMoeModel()).total);
  });

  it('counts MLA projections and their q/kv norms', () => {
    // q_a 8x2, q_b 2 x 2 x (3+1), kv_a 8 x (2+1), kv_b 2 x 2 x (3+2), o (2x2) x 8 = 16+16+24+20+32
    const m = {
      ...tinyModel(),
      attention: {
        kind: 'mla' as const,
        heads: 2,
        qLoraRank: 2,
        kvLoraRank: 2,
        qkNopeHeadDim: 3,
        qkRopeHeadDim: 1,
        vHeadDim: 2,
      },
    };
    const c = parameterCounts(m);
    expect(c.byComponent.attention).toBe(2 * 108);
    expect(c.byComponent.norms).toBe(2 * (16 + 4) + 8);
  });
});
