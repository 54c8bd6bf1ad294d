import { describe, expect, it } from 'vitest';
import { uniformConfig } from '../model/config';
import { idlePerDevice, orderTokens, tokens } from './dualpipe-testkit';
import { loopedBFS } from './looped-bfs';
import { peakInFlight } from './order-memory';
import { actionsOf, pytorchLoopedBFS } from './testing/reference-orders';

const cfg = (P: number, m: number, v: number, f = 1, b = 1, w = 1) =>
  uniformConfig(P, m, f, b, w, { chunks: v });

describe('Looped BFS order matches PyTorch ScheduleLoopedBFS', () => {
  it('P=2, v=2, m=3: all forwards chunk by chunk, then the backwards of chunk 1 then chunk 0, last micro-batch first', () => {
    const s = loopedBFS.generate(cfg(2, 3, 2));
    for (const d of [0, 1])
      expect(orderTokens(s, d, true)).toEqual(tokens("F0 F1 F2 F0' F1' F2' BW2' BW1' BW0' BW2 BW1 BW0"));
    expect(s.deviceStart[1]).toBe(12);
  });

  it('equals a plain re-statement of PyTorch, action by action', () => {
    for (const P of [1, 2, 3, 4, 7])
      for (const v of [1, 2, 3])
        for (const m of [1, 2, P, P + 1, 3 * P])
          expect(actionsOf(loopedBFS.generate(cfg(P, m, v))), `P=${P} v=${v} m=${m}`).toEqual(
            pytorchLoopedBFS(P, v, m),
          );
  });
});

// Breadth first, with uniform costs and no P2P, each chunk op costing f = F/v and b = B/v: device
// d's forward sweep starts d chunk forwards late and never waits once m >= P (the first micro-batch
// of chunk c + 1 arrives from device P - 1 after P chunk forwards, by when device 0 has run m >= P);
// the backward sweep mirrors it. Every device idles (P - 1)(f + b) = (P - 1)(F + B)/v.
describe('Looped BFS bubble (simulated)', () => {
  for (const [P, m, v, f, b, w] of [
    [4, 4, 2, 1, 1, 1],
    [4, 10, 3, 1, 2, 0.5],
    [8, 8, 2, 2, 1, 1],
  ]) {
    const expected = ((P - 1) * (f + b + w)) / v;
    it(`P=${P}, m=${m}, v=${v}: every device idles (P-1)(F+B)/v = ${expected}`, () => {
      const c = cfg(P, m, v, f, b, w);
      for (const x of idlePerDevice(loopedBFS.generate(c), c)) expect(x).toBeCloseTo(expected, 9);
    });
  }

  it('idles more when m < P (chunk 1 waits for the first micro-batch to come round)', () => {
    const c = cfg(4, 2, 2);
    for (const x of idlePerDevice(loopedBFS.generate(c), c)) expect(x).toBeGreaterThan((3 * 3) / 2);
  });
});

describe('Looped BFS memory', () => {
  it('holds all v m chunk activations on every device, as GPipe holds m', () => {
    expect(Array.from(peakInFlight(loopedBFS.generate(cfg(4, 6, 3))))).toEqual([18, 18, 18, 18]);
  });
});
