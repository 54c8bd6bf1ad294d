import { describe, expect, it } from 'vitest';
import { type ScheduleConfig, uniformConfig } from '../model/config';
import { OpKind } from '../model/ops';
import { deviceOps } from '../model/schedule';
import { simulate } from '../sim/simulate';
import { completenessProblems, idlePerDevice, orderTokens, tokens } from './dualpipe-testkit';
import { groupSizeRuns, interleaved1F1B, pytorchGroupSize } from './interleaved-1f1b';
import { peakInFlight } from './order-memory';
import { actionsOf, megatronInterleaved, pytorchInterleaved } from './testing/reference-orders';

const cfg = (
  P: number,
  m: number,
  v: number,
  extra: Partial<Pick<ScheduleConfig, 'groupSize' | 'pairing' | 'p2p'>> = {},
  f = 1,
  b = 1,
  w = 1,
) => uniformConfig(P, m, f, b, w, { chunks: v, ...extra });

// Expected orders worked by hand through Megatron-LM's forward_backward_pipelining_with_interleaving:
// the schedule table cuts the m micro-batches into groups of G (the last takes the rest) and runs
// each group through chunk 0, then chunk 1; forward k is the table's k-th entry, backward k the
// same micro-batch on the other chunk; rank d warms up with (P - d - 1) * 2 + (v - 1) * G forwards
// (all of them when that is more), then alternates forward k + warm-up with backward k.
// Tokens: kind + micro-batch, a prime for chunk 1, "&" joining an overlapped pair.
describe('Interleaved 1F1B order matches Megatron-LM (P=2, v=2, m=4, G=2)', () => {
  const s = interleaved1F1B.generate(cfg(2, 4, 2));

  it('rank 0 warms up with (P-1)*2 + (v-1)*G = 4 forwards, then 1F1B over the schedule table', () => {
    expect(orderTokens(s, 0, true)).toEqual(
      tokens("F0 F1 F0' F1' F2 BW0' F3 BW1' F2' BW0 F3' BW1 BW2' BW3' BW2 BW3"),
    );
  });

  it('rank 1 warms up with (v-1)*G = 2 forwards', () => {
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

describe('Interleaved 1F1B for m not a multiple of P (hand-worked)', () => {
  it('P=2, v=2, m=5, G=3: groups {0,1,2} and {3,4}, each through chunk 0 then chunk 1', () => {
    const s = interleaved1F1B.generate(cfg(2, 5, 2, { groupSize: 3 }));
    // table: F0 F1 F2 F0' F1' F2' F3 F4 F3' F4'; rank 0 warms up with 2 + 3 = 5
    expect(orderTokens(s, 0, true)).toEqual(
      tokens("F0 F1 F2 F0' F1' F2' BW0' F3 BW1' F4 BW2' F3' BW0 F4' BW1 BW2 BW3' BW4' BW3 BW4"),
    );
    // rank 1 warms up with 3
    expect(orderTokens(s, 1, true)).toEqual(
      tokens("F0 F1 F2 F0' BW0' F1' BW1' F2' BW2' F3 BW0 F4 BW1 F3' BW2 F4' BW3' BW4' BW3 BW4"),
    );
  });

  it('P=2, v=2, m=3, G=3 (one group): rank 0 warms up with 5 of its 6 forwards', () => {
    const s = interleaved1F1B.generate(cfg(2, 3, 2, { groupSize: 3 }));
    expect(orderTokens(s, 0, true)).toEqual(tokens("F0 F1 F2 F0' F1' F2' BW0' BW1' BW2' BW0 BW1 BW2"));
    expect(orderTokens(s, 1, true)).toEqual(tokens("F0 F1 F2 F0' BW0' F1' BW1' F2' BW2' BW0 BW1 BW2"));
  });
});

describe('Interleaved 1F1B at m = P', () => {
  it("follows today's Megatron and PyTorch: a rank whose warm-up is shorter than v*m alternates (P=2, v=2, m=2)", () => {
    const s = interleaved1F1B.generate(cfg(2, 2, 2));
    // rank 0: (2-0-1)*2 + 2 = 4 = v*m, all forwards first; rank 1: 2 forwards, then 1F1B
    expect(orderTokens(s, 0, true)).toEqual(tokens("F0 F1 F0' F1' BW0' BW1' BW0 BW1"));
    expect(orderTokens(s, 1, true)).toEqual(tokens("F0 F1 F0' BW0' F1' BW1' BW0 BW1"));
  });

  it('P=4, v=3, m=8: rank r runs (3 - r)*2 + 8 forwards, then one more, before its first backward', () => {
    const s = interleaved1F1B.generate(cfg(4, 8, 3, { groupSize: 4 }));
    for (let r = 0; r < 4; r++) {
      const firstBackward = deviceOps(s, r).findIndex((o) => o.kind === OpKind.BW);
      expect(firstBackward).toBe((3 - r) * 2 + 8 + 1);
    }
  });
});

describe('Interleaved 1F1B equals a plain re-statement of Megatron-LM, action by action', () => {
  const cases: [P: number, v: number, m: number][] = [];
  for (const P of [1, 2, 3, 4, 5, 8])
    for (const v of [2, 3, 4]) for (const m of [P, P + 1, 2 * P + 3, 3 * P]) cases.push([P, v, m]);
  it('for every group size Megatron runs, without and with the combined 1F1B', () => {
    let compared = 0;
    for (const [P, v, m] of cases)
      for (let G = P; G <= m; G++)
        for (const combined of [false, true]) {
          const expected = megatronInterleaved(P, v, m, G, combined);
          const c = cfg(P, m, v, { groupSize: G, pairing: combined ? 'combined-1f1b' : 'off' });
          expect(interleaved1F1B.check(c).length === 0, `P=${P} v=${v} m=${m} G=${G}`).toBe(
            expected !== null,
          );
          if (expected === null) continue;
          expect(actionsOf(interleaved1F1B.generate(c)), `P=${P} v=${v} m=${m} G=${G}`).toEqual(expected);
          compared++;
        }
    expect(compared).toBeGreaterThan(300);
  });

  it("takes Megatron's default G = P when groupSize is null", () => {
    for (const [P, v, m] of [
      [4, 2, 8],
      [3, 3, 12],
      [8, 2, 16],
    ])
      expect(actionsOf(interleaved1F1B.generate(cfg(P, m, v)))).toEqual(megatronInterleaved(P, v, m, P));
  });
});

describe("PyTorch's ScheduleInterleaved1F1B is groupSize m / max(1, floor(m / P))", () => {
  it('equals a plain re-statement of PyTorch, action by action, wherever PyTorch takes m', () => {
    let compared = 0;
    for (const P of [1, 2, 3, 4, 6, 8])
      for (const v of [2, 3])
        for (let m = 1; m <= 3 * P + 2; m++) {
          const expected = pytorchInterleaved(P, v, m, false);
          expect(pytorchGroupSize(P, m) === null).toBe(expected === null);
          if (expected === null) continue;
          // m < P: PyTorch runs one group of m, which is also PipeScope's default there
          const G = pytorchGroupSize(P, m)!;
          const c = cfg(P, m, v, { groupSize: G });
          expect(interleaved1F1B.check(c)).toEqual([]);
          expect(actionsOf(interleaved1F1B.generate(c)), `P=${P} v=${v} m=${m}`).toEqual(expected);
          if (m < P) expect(actionsOf(interleaved1F1B.generate(cfg(P, m, v)))).toEqual(expected);
          compared++;
        }
    expect(compared).toBeGreaterThan(80);
  });

  it('P=4, m=10: PyTorch runs 2 rounds of 5 micro-batches, so G = 5', () => {
    expect(pytorchGroupSize(4, 10)).toBe(5);
    expect(pytorchGroupSize(4, 9)).toBeNull(); // 2 rounds do not divide 9
    expect(pytorchGroupSize(4, 3)).toBe(3);
  });
});

describe('Interleaved 1F1B with the combined 1F1B (hand-worked, P=2, v=2, m=4, G=2)', () => {
  const s = interleaved1F1B.generate(cfg(2, 4, 2, { pairing: 'combined-1f1b' }));

  it('rank 0 warms up with one forward more (5), then pairs forward k + 5 with backward k', () => {
    expect(orderTokens(s, 0, true)).toEqual(
      tokens("F0 F1 F0' F1' F2 F3&BW0' F2'&BW1' F3'&BW0 BW1 BW2' BW3' BW2 BW3"),
    );
  });

  it("rank 1 warms up with 3, so its first pair is F1' with BW0' (independent ops)", () => {
    expect(orderTokens(s, 1, true)).toEqual(
      tokens("F0 F1 F0' F1'&BW0' F2&BW1' F3&BW0 F2'&BW1 F3'&BW2' BW3' BW2 BW3"),
    );
  });

  it('simulates: each pair waits for both inputs, and no pair waits for itself', () => {
    for (const [P, v, m, G] of [
      [2, 2, 4, 2],
      [4, 2, 8, 4],
      [4, 3, 10, 5],
      [3, 2, 7, 7],
    ]) {
      const r = simulate(
        interleaved1F1B.generate(cfg(P, m, v, { groupSize: G, pairing: 'combined-1f1b' })),
        cfg(P, m, v),
      );
      expect(r.ok, `P=${P} v=${v} m=${m}`).toBe(true);
    }
  });
});

describe('Interleaved 1F1B completeness', () => {
  for (const [P, m, v, G] of [
    [1, 3, 2, null],
    [2, 4, 2, null],
    [4, 4, 2, null],
    [4, 12, 3, null],
    [4, 10, 2, 5],
    [4, 11, 3, 7],
    [8, 64, 4, null],
  ] as const) {
    it(`P=${P}, m=${m}, v=${v}, G=${G ?? 'default'}: every (micro-batch, stage) runs one F and one BW`, () => {
      const s = interleaved1F1B.generate(cfg(P, m, v, { groupSize: G }));
      expect(completenessProblems(s, (_mb, st) => st % P)).toEqual([]);
      expect(s.count).toBe(2 * P * m * v);
    });
  }
});

describe('Interleaved 1F1B constraints', () => {
  it('with the default group (P) refuses m whose last group is smaller than P, and says which groupSize runs', () => {
    expect(interleaved1F1B.check(cfg(4, 10, 2))).toEqual([
      {
        path: 'microbatches',
        message:
          "with the default groupSize 4 (Megatron's: the devices P), 10 micro-batches leave a last group of 2, fewer than the 4 devices, which Megatron-LM refuses (the pipeline waits on it); set groupSize to 5, 6 or 10 (5 gives PyTorch's ScheduleInterleaved1F1B order), or use a multiple of 4 micro-batches",
      },
    ]);
  });

  it('refuses a set groupSize outside [P, m] or with a short last group, at groupSize', () => {
    expect(interleaved1F1B.check(cfg(4, 10, 2, { groupSize: 11 }))[0].path).toBe('groupSize');
    expect(interleaved1F1B.check(cfg(4, 10, 2, { groupSize: 3 }))[0].message).toMatch(
      /must be at least the devices \(4\).*got 3/,
    );
    expect(interleaved1F1B.check(cfg(4, 10, 2, { groupSize: 7 }))).toEqual([
      {
        path: 'groupSize',
        message: expect.stringMatching(/^with groupSize 7, 10 micro-batches leave a last group of 3,/),
      },
    ]);
  });

  it('lists at most six group sizes', () => {
    // 101 mod G for G = 4..17: 1 1 5 3 5 2 1 2 5 10 3 11 5 16; the ones >= 4 run
    expect(interleaved1F1B.check(cfg(4, 101, 2))[0].message).toContain(
      'set groupSize to 6, 8, 12, 13, 15, 16, ..., or use a multiple of 4 micro-batches',
    );
  });

  it('accepts m = P, m = kP, m < P (one group, as PyTorch) and any m with a group size Megatron runs', () => {
    expect(interleaved1F1B.check(cfg(4, 4, 2))).toEqual([]);
    expect(interleaved1F1B.check(cfg(4, 12, 3))).toEqual([]);
    expect(interleaved1F1B.check(cfg(4, 3, 2))).toEqual([]);
    expect(interleaved1F1B.check(cfg(4, 10, 2, { groupSize: 6 }))).toEqual([]);
  });

  it('agrees with Megatron on which group sizes run', () => {
    // P <= G <= m and m mod G either 0 or >= P (Megatron's two checks), or one group of all m
    expect([4, 5, 6, 7, 8, 9, 10].filter((G) => groupSizeRuns(4, 10, G))).toEqual([5, 6, 10]);
    expect([1, 2, 3].filter((G) => groupSizeRuns(4, 3, G))).toEqual([3]);
  });

  it('rejects fewer than two chunks per device', () => {
    expect(interleaved1F1B.check(cfg(4, 8, 1))).toEqual([
      { path: 'chunks', message: 'chunks per device (v) must be a whole number >= 2 (got 1)' },
    ]);
  });

  it('is the only schedule here that takes the combined 1F1B; others refuse it at pairing', () => {
    expect(interleaved1F1B.check(cfg(4, 8, 2, { pairing: 'combined-1f1b' }))).toEqual([]);
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
      const c = cfg(P, m, v, {}, f, b, w);
      for (const x of idlePerDevice(interleaved1F1B.generate(c), c)) expect(x).toBeCloseTo(expected, 9);
    });
  }

  // Any group size Megatron runs keeps each chunk's forwards flowing to the next device in time:
  // the group has at least P micro-batches, so device P - 1's chunk c output of the group's first
  // micro-batch reaches device 0 before device 0 needs it for chunk c + 1.
  it('every group size Megatron runs idles the same (P-1)(F+B)/v, m a multiple of P or not', () => {
    for (const [P, m, v, G] of [
      [4, 8, 2, 8],
      [4, 10, 2, 5],
      [4, 10, 2, 6],
      [4, 12, 3, 6],
      [3, 7, 2, 7],
    ]) {
      const c = cfg(P, m, v, { groupSize: G });
      expect(interleaved1F1B.check(c)).toEqual([]);
      for (const x of idlePerDevice(interleaved1F1B.generate(c), c))
        expect(x).toBeCloseTo(((P - 1) * 3) / v, 9);
    }
  });

  it('idles more with m < P (one group of m: the formula does not hold)', () => {
    const c = cfg(4, 3, 2);
    for (const x of idlePerDevice(interleaved1F1B.generate(c), c)) expect(x).toBeGreaterThan((3 * 3) / 2 + 1);
  });
});

describe('Interleaved 1F1B memory', () => {
  it("holds Megatron's warm-up plus one chunk activations in flight on each rank, one more with the combined 1F1B", () => {
    const [P, v, m] = [4, 2, 16];
    const plain = peakInFlight(interleaved1F1B.generate(cfg(P, m, v)));
    const combined = peakInFlight(interleaved1F1B.generate(cfg(P, m, v, { pairing: 'combined-1f1b' })));
    for (let s = 0; s < P; s++) {
      expect(plain[s]).toBe((P - s - 1) * 2 + (v - 1) * P + 1);
      expect(combined[s]).toBe(plain[s] + 1);
    }
  });
});
