import { describe, expect, it } from 'vitest';
import { uniformConfig } from '../model/config';
import { OpKind } from '../model/ops';
import { deviceOps } from '../model/schedule';
import { dualpipe } from './dualpipe';
import { pairSteadyState } from '../sim/pairing';
import {
  completenessProblems,
  idlePerDevice,
  orderTokens,
  tokens,
  unpairedForwardEndBySteps,
  unpairedForwardEndOf,
} from './dualpipe-testkit';

// Expected orders below were worked by hand through the eight steps of step() in
// deepseek-ai/DualPipe dualpipe/dualpipe.py (direction 0 micro-batches 0..m/2-1, direction 1
// micro-batches m/2..m-1; "X&Y" is one _forward_backward_chunk; B then a later W is a backward
// run with enable_zb=True and the weight step that pops it).

describe('DualPipe order matches the reference step() (P=4, m=8)', () => {
  const s = dualpipe.generate(uniformConfig(4, 8));

  it('rank 0: two warm-up F0, F0/F1, one zero-bubble B1+W, one main iteration, zero-bubble tail', () => {
    expect(orderTokens(s, 0)).toEqual(
      tokens('F0 F1 F2 F4 B4 W4 F5 F3&BW5 F6&BW0 BW6 F7&BW1 BW7 B2 W2 B3 W3'),
    );
  });

  it('rank 1 (middle rank): its first main-step F0 and B1 run unpaired, one after the other', () => {
    expect(orderTokens(s, 1)).toEqual(tokens('F0 F4 F1 F5 F2 BW4 F6&BW0 F3&BW5 F7&BW1 BW6 BW2 B7 B3 W7 W3'));
  });

  it('rank 2 (middle rank, second half) mirrors rank 1 with the directions swapped', () => {
    expect(orderTokens(s, 2)).toEqual(tokens('F4 F0 F5 F1 F6 BW0 F2&BW4 F7&BW1 F3&BW5 BW2 BW6 B3 B7 W3 W7'));
  });

  it('rank 3 mirrors rank 0 with the directions swapped', () => {
    expect(orderTokens(s, 3)).toEqual(
      tokens('F4 F5 F6 F0 B0 W0 F1 F7&BW1 F2&BW4 BW2 F3&BW5 BW3 B6 W6 B7 W7'),
    );
  });

  it('says where each rank’s forwards in no pair end: after F5 on rank 0, F2 on rank 1, F6 on rank 2, F1 on rank 3', () => {
    // From the orders above: the last forward without "&" is op 6, 4, 4 and 6 of its rank.
    const expected = [7, 5, 5, 7].map((k, d) => s.deviceStart[d] + k);
    expect(Array.from(s.unpairedForwardEnd ?? [])).toEqual(expected);
  });

  it('direction 0 is chunk 0 at stage d, direction 1 is chunk 1 at stage P-1-d', () => {
    for (let d = 0; d < 4; d++) {
      for (const o of deviceOps(s, d)) {
        const dir = o.microbatch < 4 ? 0 : 1;
        expect(o.chunk).toBe(dir);
        expect(o.stage).toBe(dir === 0 ? d : 3 - d);
      }
    }
  });

  it('has the DualPipe shape: P stages, two chunks, full share per op, 2x parameters', () => {
    expect({
      stages: s.stages,
      chunksPerDevice: s.chunksPerDevice,
      chunkShare: s.chunkShare,
      paramMultiplier: s.paramMultiplier,
    }).toEqual({ stages: 4, chunksPerDevice: 2, chunkShare: 1, paramMultiplier: 2 });
  });
});

describe('DualPipe order matches the reference step() (P=8, m=16)', () => {
  const s = dualpipe.generate(uniformConfig(8, 16));

  it('rank 2 (even half-rank): zero-bubble backwards start at the middle iteration phase 0 backward', () => {
    expect(orderTokens(s, 2)).toEqual(
      tokens(
        'F0 F1 F2 F8 F3 F9 F4 F10 B8 W8 F11 F5&BW9 F12&BW0 F6&BW10 F13&BW1 F7&BW11 F14&BW2 ' +
          'BW12 F15&BW3 BW13 BW4 BW14 B5 B15 B6 W5 B7 W15 W6 W7',
      ),
    );
  });

  it('rank 3 (middle, odd half-rank): unpaired first main step, zero bubble from the middle iteration', () => {
    expect(orderTokens(s, 3)).toEqual(
      tokens(
        'F0 F8 F1 F9 F2 F10 F3 F11 F4 BW8 F12&BW0 F5&BW9 F13&BW1 F6&BW10 F14&BW2 F7&BW11 F15&BW3 ' +
          'BW12 BW4 BW13 BW5 B14 B6 B15 B7 W14 W6 W15 W7',
      ),
    );
  });
});

describe('DualPipe completeness', () => {
  const cases = [
    [2, 4],
    [4, 8],
    [4, 14],
    [6, 12],
    [8, 40],
    [16, 64],
  ];
  for (const [P, m] of cases) {
    it(`P=${P}, m=${m}: every (micro-batch, stage) runs one F and one BW or one B and one W`, () => {
      const s = dualpipe.generate(uniformConfig(P, m));
      expect(completenessProblems(s, (mb, st) => (mb < m / 2 ? st : P - 1 - st))).toEqual([]);
    });
  }

  it('says where each device’s forwards in no pair end: 5(H - h - 1) + 2(h + 1) ops in, or 2H + 1 at a middle rank', () => {
    // H = P/2 halves, h = min(d, P - 1 - d); DualPipe has at least 2P micro-batches, so a step 4
    for (const [P, m] of cases) {
      const s = dualpipe.generate(uniformConfig(P, m));
      const end = Array.from(s.unpairedForwardEnd ?? []);
      expect(end, `P=${P} m=${m}`).toEqual(
        unpairedForwardEndBySteps(s, P / 2, (d) => Math.min(d, P - 1 - d)),
      );
      expect(end, `P=${P} m=${m}, by its definition`).toEqual(unpairedForwardEndOf(s));
    }
    // a schedule made from its columns does not inherit it (its pairs may differ)
    expect(pairSteadyState(dualpipe.generate(uniformConfig(4, 8))).unpairedForwardEnd).toBeNull();
  });

  it('W ops each follow their own B on the device (the reference pops its FIFO after pushing)', () => {
    const s = dualpipe.generate(uniformConfig(8, 24));
    for (let d = 0; d < 8; d++) {
      const seen = new Set<number>();
      for (const o of deviceOps(s, d)) {
        if (o.kind === OpKind.B) seen.add(o.microbatch);
        if (o.kind === OpKind.W) expect(seen.has(o.microbatch)).toBe(true);
      }
    }
  });
});

describe('DualPipe constraints (the reference asserts)', () => {
  it('rejects an odd number of devices', () => {
    expect(dualpipe.check(uniformConfig(3, 12))).toEqual([
      { path: 'devices', message: expect.stringMatching(/even number of devices.*got 3/) },
    ]);
  });

  it('rejects an odd number of micro-batches', () => {
    expect(dualpipe.check(uniformConfig(4, 9))).toEqual([
      { path: 'microbatches', message: expect.stringMatching(/even number of micro-batches.*got 9/) },
    ]);
  });

  it('rejects fewer than 2P micro-batches', () => {
    expect(dualpipe.check(uniformConfig(4, 6))).toEqual([
      {
        path: 'microbatches',
        message: expect.stringMatching(/at least 2 x devices = 8 micro-batches; got 6/),
      },
    ]);
  });

  it('rejects a single device and non-integers', () => {
    expect(dualpipe.check(uniformConfig(1, 8))[0].path).toBe('devices');
    expect(dualpipe.check(uniformConfig(4, 8.5))[0].path).toBe('microbatches');
  });

  it('accepts the smallest valid case, P=2, m=4', () => {
    expect(dualpipe.check(uniformConfig(2, 4))).toEqual([]);
  });
});

// The DualPipe README's analytic bubble is (PP/2 - 1)(F&B + B - 3W), where B is a *full* backward
// (input grad + weight grad), W the weight-grad part and F&B an overlapped pair. In this model a
// pair runs its F and its full backward back to back, so with per-op costs f (forward), b (input
// grad), w (weight grad): F&B = f + b + w, B = b + w, and the formula is (P/2 - 1)(f + 2b - w).
// It holds exactly (docs/formulas.md) when f = b (forward equals the input-grad part), w <= f, no
// P2P cost. It describes each device's own idle time: every device idles exactly that long between
// time 0 and the makespan (busy time is m(f + b + w) on every device, since each runs m/2
// micro-batches of each direction through one full-share stage).
describe('DualPipe analytic bubble (simulated)', () => {
  const formula = (P: number, f: number, b: number, w: number) => (P / 2 - 1) * (f + b + w + (b + w) - 3 * w);
  const holding: [number, number, number, number, number][] = [
    [4, 8, 1, 1, 1],
    [4, 20, 1, 1, 0.25],
    [6, 12, 1, 1, 0.5],
    [8, 16, 3, 3, 2],
    [8, 32, 1, 1, 0],
    [16, 34, 1, 1, 0.7],
    [2, 4, 1, 1, 1],
  ];
  for (const [P, m, f, b, w] of holding) {
    it(`P=${P}, m=${m}, F=B=${f}, W=${w}: every device idles (P/2-1)(F&B+B-3W) = ${formula(P, f, b, w)}`, () => {
      const c = uniformConfig(P, m, f, b, w);
      const idle = idlePerDevice(dualpipe.generate(c), c);
      for (const x of idle) expect(x).toBeCloseTo(formula(P, f, b, w), 9);
    });
  }

  it('the formula is a condition, not an identity: with W > F every device idles more than it says', () => {
    const c = uniformConfig(8, 32, 1, 1, 1.5);
    for (const x of idlePerDevice(dualpipe.generate(c), c))
      expect(x).toBeGreaterThan(formula(8, 1, 1, 1.5) + 1);
  });

  it('runs without deadlock under non-uniform per-device costs and a P2P cost', () => {
    const c = uniformConfig(6, 18, 1, 1, 1, { p2p: 0.3 });
    c.forward = Float64Array.from([1, 2, 1.5, 0.7, 1, 3]);
    c.backwardWeight = Float64Array.from([0.2, 1, 0.5, 2, 1, 0.1]);
    const idle = idlePerDevice(dualpipe.generate(c), c);
    expect(idle.every((x) => x >= 0)).toBe(true);
  });
});
