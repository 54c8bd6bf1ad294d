import { describe, expect, it } from 'vitest';
import { uniformConfig } from '../model/config';
import { deviceOps } from '../model/schedule';
import { orderTokens, tokens, idlePerDevice } from './dualpipe-testkit';
import { oneFOneB } from './one-f-one-b';
import { peakHeld, peakInFlight } from './order-memory';
import { zbVHalf } from './zb-v-half';

const cfg = (P: number, m: number) => uniformConfig(P, m, 1, 1, 1);

describe('ZB V-Half order', () => {
  // sail's generator for P = 2, m = 3 (the steps of v-controllable-order.ts; the re-statement test
  // checks many more). Tokens: a prime for chunk 1 (stage 2P - 1 - d).
  it('P=2, m=3', () => {
    const s = zbVHalf.generate(cfg(2, 3));
    expect(orderTokens(s, 0, true)).toEqual(
      tokens("F0 F1 F2 F0' B0' W0' F1' B0 B1' W1' F2' B2' B1 W2' B2 W0 W1 W2"),
    );
    expect(orderTokens(s, 1, true)).toEqual(
      tokens("F0 F0' F1 F1' B0' W0' B0 W0 F2 F2' B1' B1 B2' B2 W1' W2' W1 W2"),
    );
  });

  it('places chunk 0 of device d on stage d and chunk 1 on stage 2P - 1 - d, half a share each', () => {
    const s = zbVHalf.generate(cfg(4, 8));
    for (let d = 0; d < 4; d++)
      for (const o of deviceOps(s, d)) expect(o.stage).toBe(o.chunk === 0 ? d : 7 - d);
    expect([s.stages, s.chunksPerDevice, s.chunkShare, s.count]).toEqual([8, 2, 0.5, 6 * 4 * 8]);
  });
});

describe('ZB V-Half memory (Qi et al., NeurIPS 2024: (P + 2)//2 micro-batches, half of 1F1B)', () => {
  for (let P = 2; P <= 9; P++)
    it(`P=${P}: every device holds 2 floor((P + 2)/2) = ${2 * Math.floor((P + 2) / 2)} chunk activations, in flight and until W`, () => {
      const s = zbVHalf.generate(cfg(P, 3 * P));
      const expected = 2 * Math.floor((P + 2) / 2);
      expect(Array.from(peakInFlight(s))).toEqual(new Array(P).fill(expected));
      expect(peakHeld(s)).toBe(expected);
      // 1F1B holds P full activations on its first device: 2P chunks of half a share
      expect(expected / (2 * P)).toBeLessThanOrEqual(P <= 3 ? 1 : 0.75);
    });

  it('tends to half of 1F1B as P grows: (P + 2)/(2P) at P = 16 is 0.5625', () => {
    const s = zbVHalf.generate(cfg(16, 40));
    expect(Math.max(...peakInFlight(s)) / (2 * 16)).toBe(0.5625);
  });
});

describe('ZB V-Half bubble (simulated, F = B = W)', () => {
  // The paper's bubble rates (sail's playground table, F = B = W): 1F1B about P/m, V-Half about
  // P/(2m); so V-Half idles about half of 1F1B's (P - 1)(F + B), asymptotically.
  it('idles the same on every run of m, and about half of 1F1B at P = 16', () => {
    const idle = (P: number, m: number) => Math.max(...idlePerDevice(zbVHalf.generate(cfg(P, m)), cfg(P, m)));
    expect(idle(8, 32)).toBeCloseTo(idle(8, 128), 9);
    const ratio = idle(16, 64) / Math.max(...idlePerDevice(oneFOneB.generate(cfg(16, 64)), cfg(16, 64)));
    expect(Math.abs(ratio - 0.5)).toBeLessThan(0.1);
  });
});
