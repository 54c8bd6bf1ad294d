import { describe, expect, it } from 'vitest';
import { uniformConfig } from '../model/config';
import { idlePerDevice, orderTokens, tokens } from './dualpipe-testkit';
import { oneFOneB } from './one-f-one-b';
import { peakHeld, peakInFlight } from './order-memory';
import { zbVMin } from './zb-v-min';

const cfg = (P: number, m: number) => uniformConfig(P, m, 1, 1, 1);

describe('ZB V-Min order', () => {
  // sail's generator for P = 2, m = 3 (the steps of v-controllable-order.ts; the re-statement test
  // checks many more). Tokens: a prime for chunk 1 (stage 2P - 1 - d).
  it('P=2, m=3', () => {
    const s = zbVMin.generate(cfg(2, 3));
    expect(orderTokens(s, 0, true)).toEqual(
      tokens("F0 F1 F0' B0' W0' B0 W0 F1' B1' W1' F2 B1 W1 F2' B2' W2' B2 W2"),
    );
    expect(orderTokens(s, 1, true)).toEqual(
      tokens("F0 F0' B0' B0 F1 F1' W0' W0 B1' B1 F2 F2' W1' W1 B2' B2 W2' W2"),
    );
  });
});

describe('ZB V-Min memory (Qi et al., NeurIPS 2024: (P + 4)//3 micro-batches, a third of 1F1B)', () => {
  for (let P = 3; P <= 12; P++)
    it(`P=${P}: the busiest device holds 2 floor((P + 4)/3) = ${2 * Math.floor((P + 4) / 3)} chunk activations`, () => {
      const s = zbVMin.generate(cfg(P, 3 * P));
      const expected = 2 * Math.floor((P + 4) / 3);
      const inFlight = Array.from(peakInFlight(s));
      expect(Math.max(...inFlight)).toBe(expected);
      expect(peakHeld(s)).toBe(expected);
      // P mod 3 = 2: the first devices hold one less (sail's generator squeezes their warm-up)
      for (const x of inFlight) expect(x).toBeGreaterThanOrEqual(expected - (P % 3 === 2 ? 1 : 0));
    });

  it('tends to a third of 1F1B as P grows: (P + 4)//3 / P at P = 32 is 12/32', () => {
    const s = zbVMin.generate(cfg(32, 72));
    expect(Math.max(...peakInFlight(s)) / (2 * 32)).toBe(12 / 32);
  });
});

describe('ZB V-Min bubble (simulated, F = B = W)', () => {
  // The paper's bubble rates (sail's playground table): 1F1B about P/m, V-Min about 2P/(3m); so
  // V-Min idles about two thirds of 1F1B, asymptotically.
  it('idles about two thirds of 1F1B at P = 16', () => {
    const idle = Math.max(...idlePerDevice(zbVMin.generate(cfg(16, 64)), cfg(16, 64)));
    const ratio = idle / Math.max(...idlePerDevice(oneFOneB.generate(cfg(16, 64)), cfg(16, 64)));
    expect(Math.abs(ratio - 2 / 3)).toBeLessThan(0.1);
  });
});
