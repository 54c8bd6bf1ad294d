import { describe, expect, it } from 'vitest';
import { uniformConfig } from '../model/config';
import { deviceOps } from '../model/schedule';
import {
  completenessProblems,
  idlePerDevice,
  orderTokens,
  tokens,
  unpairedForwardEndBySteps,
  unpairedForwardEndOf,
} from './dualpipe-testkit';
import { dualpipeV } from './dualpipev';

// Expected orders below were worked by hand through the eight steps of step() in
// deepseek-ai/DualPipe dualpipe/dualpipev.py. Tokens: kind + micro-batch, a prime for chunk 1
// (the way back up the V), "X&Y" one _forward_backward_chunk.

describe('DualPipeV order matches the reference step()', () => {
  it('P=2, m=4, rank 0: F0 warm-up, zero-bubble B1+W in step 3, pairs, zero-bubble tail', () => {
    const s = dualpipeV.generate(uniformConfig(2, 4));
    expect(orderTokens(s, 0, true)).toEqual(
      tokens("F0 F1 F2 F0' B0' W0' F1' F3&BW1' F2'&BW0 BW2' F3'&BW1 BW3' B2 W2 B3 W3"),
    );
  });

  it('P=2, m=4, rank 1 (the last rank, the turn of the V): its first main-step F and B1 run unpaired', () => {
    const s = dualpipeV.generate(uniformConfig(2, 4));
    expect(orderTokens(s, 1, true)).toEqual(
      tokens("F0 F0' F1 F1' F2 BW0' F2'&BW0 F3&BW1' F3'&BW1 BW2' BW2 B3' B3 W3' W3"),
    );
  });

  it('P=4, m=8, rank 1: weight queue popped oldest first across both chunks', () => {
    const s = dualpipeV.generate(uniformConfig(4, 8));
    expect(orderTokens(s, 1, true)).toEqual(
      tokens(
        "F0 F1 F2 F3 F4 F0' F5 F1' B0' W0' F2' B1' W1' F3' F6&BW2' F4'&BW0 F7&BW3' F5'&BW1 " +
          "BW4' F6'&BW2 BW5' F7'&BW3 BW6' BW4 B7' B5 W7' B6 W5 B7 W6 W7",
      ),
    );
  });

  it('P=4, m=8, rank 3 (last rank): unpaired first main step, zero bubble from the middle iteration', () => {
    const s = dualpipeV.generate(uniformConfig(4, 8));
    expect(orderTokens(s, 3, true)).toEqual(
      tokens(
        "F0 F0' F1 F1' F2 F2' F3 F3' F4 BW0' F4'&BW0 F5&BW1' F5'&BW1 F6&BW2' F6'&BW2 F7&BW3' F7'&BW3 " +
          "BW4' BW4 BW5' BW5 B6' B6 B7' B7 W6' W6 W7' W7",
      ),
    );
  });

  it('chunk 0 is stage d and chunk 1 is stage 2P-1-d on device d', () => {
    const s = dualpipeV.generate(uniformConfig(4, 8));
    for (let d = 0; d < 4; d++) {
      for (const o of deviceOps(s, d)) expect(o.stage).toBe(o.chunk === 0 ? d : 7 - d);
    }
  });

  it('has the V shape: 2P stages on P devices, two half-share chunks, no extra parameters', () => {
    const s = dualpipeV.generate(uniformConfig(4, 8));
    expect({
      devices: s.devices,
      stages: s.stages,
      chunksPerDevice: s.chunksPerDevice,
      chunkShare: s.chunkShare,
      paramMultiplier: s.paramMultiplier,
    }).toEqual({ devices: 4, stages: 8, chunksPerDevice: 2, chunkShare: 0.5, paramMultiplier: 1 });
  });
});

describe('DualPipeV completeness', () => {
  const cases = [
    [1, 2],
    [1, 5],
    [2, 4],
    [3, 7],
    [4, 8],
    [8, 33],
    [16, 64],
  ];
  for (const [P, m] of cases) {
    it(`P=${P}, m=${m}: every (micro-batch, stage) runs one F and one BW or one B and one W`, () => {
      const s = dualpipeV.generate(uniformConfig(P, m));
      expect(completenessProblems(s, (_mb, st) => (st < P ? st : 2 * P - 1 - st))).toEqual([]);
    });
  }

  it('says where each device’s forwards in no pair end: 5(P - d - 1) + 2(d + 1) ops in, or 2P + 1 on the last device', () => {
    // H = P halves, h = d, the last device the turn of the V; with fewer than 2P micro-batches it
    // may have no step 4, so only the definition holds there
    for (const [P, m] of cases) {
      const s = dualpipeV.generate(uniformConfig(P, m));
      const end = Array.from(s.unpairedForwardEnd ?? []);
      if (m >= 2 * P) expect(end, `P=${P} m=${m}`).toEqual(unpairedForwardEndBySteps(s, P, (d) => d));
      expect(end, `P=${P} m=${m}, by its definition`).toEqual(unpairedForwardEndOf(s));
    }
  });
});

describe('DualPipeV constraints (the reference asserts)', () => {
  it('rejects fewer than 2P micro-batches', () => {
    expect(dualpipeV.check(uniformConfig(4, 7))).toEqual([
      {
        path: 'microbatches',
        message: expect.stringMatching(/at least 2 x devices = 8 micro-batches; got 7/),
      },
    ]);
  });

  it('accepts odd device and micro-batch counts (the V reference asserts neither is even)', () => {
    expect(dualpipeV.check(uniformConfig(3, 7))).toEqual([]);
  });

  it('rejects zero devices and fractional micro-batches', () => {
    expect(dualpipeV.check(uniformConfig(0, 8))[0].path).toBe('devices');
    expect(dualpipeV.check(uniformConfig(2, 4.5))[0].path).toBe('microbatches');
  });
});

// DualPipeV has DualPipe's bubble, (PP/2 - 1)(F&B + B - 3W), with PP the number of *stages* (2P on
// P devices) and F, B, W, F&B the times of one op, i.e. of one chunk: half of a device's per
// micro-batch cost (f/2, b/2, w/2; B the full backward (b + w)/2, F&B = (f + b + w)/2). So the
// formula is (P - 1)(f + 2b - w)/2 in device-share costs. It holds under the same conditions as
// DualPipe's (f = b, w <= f, no P2P) and, as there, it is every device's own idle time.
describe('DualPipeV analytic bubble (simulated)', () => {
  const formula = (P: number, f: number, b: number, w: number) => {
    const PP = 2 * P;
    const [F, B, W] = [f / 2, b / 2, w / 2];
    return (PP / 2 - 1) * (F + B + W + (B + W) - 3 * W);
  };
  const holding: [number, number, number, number, number][] = [
    [2, 4, 1, 1, 1],
    [2, 4, 1, 1, 0.3],
    [3, 9, 2, 2, 1],
    [4, 8, 1, 1, 1],
    [4, 32, 1, 1, 0.5],
    [8, 16, 3, 3, 0.1],
    [16, 34, 1, 1, 0.7],
  ];
  for (const [P, m, f, b, w] of holding) {
    it(`P=${P}, m=${m}, F=B=${f}, W=${w}: every device idles (PP/2-1)(F&B+B-3W) = ${formula(P, f, b, w)}`, () => {
      const c = uniformConfig(P, m, f, b, w);
      for (const x of idlePerDevice(dualpipeV.generate(c), c)) expect(x).toBeCloseTo(formula(P, f, b, w), 9);
    });
  }

  it('the formula is a condition, not an identity: a P2P cost adds idle time', () => {
    const c = uniformConfig(8, 32, 1, 1, 1, { p2p: 0.1 });
    for (const x of idlePerDevice(dualpipeV.generate(c), c))
      expect(x).toBeGreaterThan(formula(8, 1, 1, 1) + 1);
  });
});
