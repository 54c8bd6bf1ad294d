import { describe, expect, it } from 'vitest';
import { uniformConfig } from '../model/config';
import { simulate } from '../sim/simulate';
import { completenessProblems, idlePerDevice, orderTokens, tokens } from './dualpipe-testkit';
import { interleavedZB } from './interleaved-zb';
import { peakInFlight } from './order-memory';
import { actionsOf, pytorchInterleaved } from './testing/reference-orders';

const cfg = (P: number, m: number, v: number, f = 1, b = 1, w = 1) =>
  uniformConfig(P, m, f, b, w, { chunks: v });

// Worked by hand through PyTorch's ScheduleInterleavedZeroBubble: rounds = max(1, floor(m/P)),
// G = m / rounds micro-batches per round; rank d warms up with (v-1) G + P - 1 - d forwards; then
// forward k + warm-up and input backward (B) k, a W after each backward b >= d, the cool-down
// backwards by the same rule, and the W left over last. The virtual micro-batches walk rounds of G
// through chunk 0 then chunk 1; a backward runs the other chunk. Tokens: a prime for chunk 1.
describe('Interleaved Zero Bubble order matches PyTorch (P=2, v=2, m=4: G=2)', () => {
  const s = interleavedZB.generate(cfg(2, 4, 2));

  it('rank 0 warms up with (v-1)G + P-1 = 3 forwards and runs each W right after its B', () => {
    expect(orderTokens(s, 0, true)).toEqual(
      tokens("F0 F1 F0' F1' B0' W0' F2 B1' W1' F3 B0 W0 F2' B1 W1 F3' B2' W2' B3' W3' B2 W2 B3 W3"),
    );
  });

  it('rank 1 warms up with 2 and runs its W one backward late, the last W at the end', () => {
    expect(orderTokens(s, 1, true)).toEqual(
      tokens("F0 F1 F0' B0' F1' B1' W0' F2 B0 W1' F3 B1 W0 F2' B2' W1 F3' B3' W2' B2 W3' B3 W2 W3"),
    );
  });

  it('has v chunks of 1/v, v*P stages, split backwards', () => {
    expect([s.stages, s.chunksPerDevice, s.chunkShare, s.count]).toEqual([4, 2, 0.5, 3 * 2 * 4 * 2]);
  });
});

describe('Interleaved Zero Bubble equals a plain re-statement of PyTorch, action by action', () => {
  it('for every (P, v, m) PyTorch takes, m a multiple of P or not, m < P too', () => {
    let compared = 0;
    for (const P of [1, 2, 3, 4, 5, 8])
      for (const v of [2, 3, 4])
        for (let m = 1; m <= 3 * P + 3; m++) {
          const expected = pytorchInterleaved(P, v, m, true);
          const c = cfg(P, m, v);
          expect(interleavedZB.check(c).length === 0, `P=${P} v=${v} m=${m}`).toBe(expected !== null);
          if (expected === null) continue;
          expect(actionsOf(interleavedZB.generate(c)), `P=${P} v=${v} m=${m}`).toEqual(expected);
          compared++;
        }
    expect(compared).toBeGreaterThan(150);
  });
});

describe('Interleaved Zero Bubble constraints', () => {
  it('refuses m that is not a multiple of its round count, naming counts that run', () => {
    // P = 4, m = 9: rounds = 2; 8 runs (2 rounds of 4), 10 runs (2 rounds of 5)
    expect(interleavedZB.check(cfg(4, 9, 2))).toEqual([
      {
        path: 'microbatches',
        message:
          'Interleaved Zero Bubble (PyTorch) runs m in max(1, floor(m / P)) = 2 equal rounds, so m must be a multiple of 2 (got 9); 8 or 10 would run',
      },
    ]);
  });

  it('needs at least two chunks per device', () => {
    expect(interleavedZB.check(cfg(4, 8, 1))[0].path).toBe('chunks');
  });

  it('runs every (micro-batch, stage) once as F, B and W, and simulates', () => {
    for (const [P, m, v] of [
      [4, 8, 2],
      [3, 5, 3],
      [4, 10, 2],
      [8, 3, 2],
    ]) {
      const s = interleavedZB.generate(cfg(P, m, v));
      expect(completenessProblems(s, (_mb, st) => st % P)).toEqual([]);
      expect(simulate(s, cfg(P, m, v)).ok).toBe(true);
    }
  });
});

describe('Interleaved Zero Bubble memory', () => {
  it("holds PyTorch's warm-up plus one chunk activations in flight: (v - 1)G + P - s", () => {
    for (const [P, m, v] of [
      [4, 16, 2],
      [4, 10, 3],
    ]) {
      const G = m / Math.max(1, Math.floor(m / P));
      expect(Array.from(peakInFlight(interleavedZB.generate(cfg(P, m, v))))).toEqual(
        Array.from({ length: P }, (_, s) => (v - 1) * G + P - s),
      );
    }
  });
});

// ZB1P's bubble, (PP-1)(F+B-2W) with B the full backward, holds per chunk here: with W <= F and
// W <= B (input), each device's W fill the cool-down so it idles (P - 1)(f + b - w) for one op's
// f, b (input) and w, i.e. (P - 1)(F + B_in - W)/v in a device's whole-share costs.
describe('Interleaved Zero Bubble bubble (simulated)', () => {
  for (const [P, m, v, f, b, w] of [
    [4, 8, 2, 1, 1, 1],
    [4, 16, 2, 1.5, 1, 1],
    [4, 8, 2, 2, 1, 0.5],
    [4, 16, 3, 1, 1.5, 1],
    [8, 64, 4, 1, 1, 1],
    [4, 5, 2, 1, 1, 1],
  ]) {
    const expected = ((P - 1) * (f + b - w)) / v;
    it(`P=${P}, m=${m}, v=${v}, F=${f}, B=${b}, W=${w}: every device idles (P-1)(F+B-2W)/v = ${expected}`, () => {
      const c = cfg(P, m, v, f, b, w);
      for (const x of idlePerDevice(interleavedZB.generate(c), c)) expect(x).toBeCloseTo(expected, 9);
    });
  }

  it('idles more than the formula when W > F (the cool-down has too few W to fill it)', () => {
    const c = cfg(4, 8, 2, 1, 1, 2);
    for (const x of idlePerDevice(interleavedZB.generate(c), c))
      expect(x).toBeGreaterThan((3 * (1 + 1 - 2)) / 2);
  });
});
