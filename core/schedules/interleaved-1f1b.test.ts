import { describe, expect, it } from 'vitest';
import { uniformConfig } from '../model/config';
import { OpKind } from '../model/ops';
import { deviceOps } from '../model/schedule';
import { completenessProblems, idlePerDevice, orderTokens, tokens } from './dualpipe-testkit';
import { interleaved1F1B } from './interleaved-1f1b';

const cfg = (P: number, m: number, v: number, f = 1, b = 1, w = 1) =>
  uniformConfig(P, m, f, b, w, { chunks: v });

// Expected orders worked by hand through Megatron-LM's forward_backward_pipelining_with_interleaving:
// virtual index k, chunk (k mod P*v) div P (reversed for backwards), micro-batch
// (k div P*v)*P + k mod P, warm-up (P - rank - 1)*2 + (v - 1)*P, or every forward when m = P.
// Tokens: kind + micro-batch, a prime for chunk 1.
describe('Interleaved 1F1B order matches Megatron-LM (P=2, v=2, m=4)', () => {
  const s = interleaved1F1B.generate(cfg(2, 4, 2));

  it('rank 0 warms up with (P-1)*2 + (v-1)*P = 4 forwards, then 1F1B over virtual micro-batches', () => {
    expect(orderTokens(s, 0, true)).toEqual(
      tokens("F0 F1 F0' F1' F2 BW0' F3 BW1' F2' BW0 F3' BW1 BW2' BW3' BW2 BW3"),
    );
  });

  it('rank 1 warms up with (v-1)*P = 2 forwards', () => {
    expect(orderTokens(s, 1, true)).toEqual(
      tokens("F0 F1 F0' BW0' F1' BW1' F2 BW0 F3 BW1 F2' BW2' F3' BW3' BW2 BW3"),
    );
  });

  it('chunk c on device d is stage c*P + d', () => {
    for (let d = 0; d < 2; d++) for (const o of deviceOps(s, d)) expect(o.stage).toBe(o.chunk * 2 + d);
  });

  it('has v chunks of 1/v share each, v*P stages, plain parameters', () => {
    expect([s.stages, s.chunksPerDevice, s.chunkShare, s.paramMultiplier]).toEqual([4, 2, 0.5, 1]);
  });
});

describe('Interleaved 1F1B warm-up', () => {
  it('with m = P every device runs all forwards before any backward (Megatron all-warm-up case)', () => {
    const s = interleaved1F1B.generate(cfg(2, 2, 2));
    for (let d = 0; d < 2; d++) {
      expect(orderTokens(s, d, true)).toEqual(tokens("F0 F1 F0' F1' BW0' BW1' BW0 BW1"));
    }
  });

  it('P=4, v=3, m=8: rank r runs (3 - r)*2 + 8 forwards, then one more, before its first backward', () => {
    const s = interleaved1F1B.generate(cfg(4, 8, 3));
    for (let r = 0; r < 4; r++) {
      const firstBackward = deviceOps(s, r).findIndex((o) => o.kind === OpKind.BW);
      expect(firstBackward).toBe((3 - r) * 2 + 8 + 1);
    }
  });
});

describe('Interleaved 1F1B completeness', () => {
  for (const [P, m, v] of [
    [1, 3, 2],
    [2, 4, 2],
    [4, 4, 2],
    [4, 12, 3],
    [8, 64, 4],
  ]) {
    it(`P=${P}, m=${m}, v=${v}: every (micro-batch, stage) runs one F and one BW`, () => {
      const s = interleaved1F1B.generate(cfg(P, m, v));
      expect(completenessProblems(s, (_mb, st) => st % P)).toEqual([]);
      expect(s.count).toBe(2 * P * m * v);
    });
  }
});

describe('Interleaved 1F1B constraints', () => {
  it('rejects m not a multiple of P (classic Megatron interleaving)', () => {
    expect(interleaved1F1B.check(cfg(4, 10, 2))).toEqual([
      { path: 'microbatches', message: expect.stringMatching(/multiple of devices \(4\); got 10/) },
    ]);
  });

  it('rejects fewer than two chunks per device', () => {
    expect(interleaved1F1B.check(cfg(4, 8, 1))).toEqual([
      { path: 'chunks', message: 'chunks per device (v) must be a whole number >= 2 (got 1)' },
    ]);
  });

  it('accepts m = P and m = kP', () => {
    expect(interleaved1F1B.check(cfg(4, 4, 2))).toEqual([]);
    expect(interleaved1F1B.check(cfg(4, 12, 3))).toEqual([]);
  });
});

// Bubble (Narayanan et al. SC21): with uniform costs and no P2P, each op is one chunk, tf = f/v
// and tb = (b + w)/v. Megatron's order makes the P devices a 1F1B pipeline over m*v virtual
// micro-batches of cost tf + tb each, so, like 1F1B's (P-1)(F+B), every device idles
// (P-1)(tf + tb) = (P-1)(F+B)/v with F = f and B = b + w the device's full forward/backward.
describe('Interleaved 1F1B bubble (simulated)', () => {
  for (const [P, m, v, f, b, w] of [
    [2, 4, 2, 1, 1, 1],
    [4, 4, 2, 1, 1, 1],
    [4, 8, 2, 1, 1, 1],
    [4, 16, 4, 1, 2, 0],
    [8, 64, 3, 1, 1, 1],
    [8, 24, 2, 2, 1.5, 0.5],
  ]) {
    const expected = ((P - 1) * (f + b + w)) / v;
    it(`P=${P}, m=${m}, v=${v}: every device idles (P-1)(F+B)/v = ${expected}`, () => {
      const c = cfg(P, m, v, f, b, w);
      for (const x of idlePerDevice(interleaved1F1B.generate(c), c)) expect(x).toBeCloseTo(expected, 9);
    });
  }
});
