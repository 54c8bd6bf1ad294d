import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { type ScheduleConfig, uniformConfig } from '../model/config';
import { opKindName } from '../model/ops';
import { defaultScenario } from '../model/scenario';
import { deviceOps } from '../model/schedule';
import { simulate } from '../sim/simulate';
import { peakInFlight } from './order-memory';
import { zbH1 } from './zb-h1';
import { zbH2, zbH2Published } from './zb-h2';
import { costedConfigArb, deviceSpans, makespanLowerBound, orderProblems } from './zb-testkit';

const chain = (s: number) => s;

function timeline(c: ScheduleConfig, s = zbH2.generate(c)) {
  const r = simulate(s, c);
  if (!r.ok) throw new Error(r.error.message);
  return r.timeline;
}

const costedConfig = fc
  .tuple(costedConfigArb, fc.option(fc.integer({ min: 1, max: 14 }), { nil: null }))
  .map(([c, budget]) => ({ ...c, activationBudget: budget }));

describe('ZB-H2', () => {
  // Hand-derived for F = B = W = x, no P2P: stage s gets its first input at s*x and warms up with
  // 2(P-s)-1 forwards, which end at (2P-1-s)x: exactly when B of micro-batch 0 returns from the
  // last stage ((P-1-s) B's after the last stage's F0 B0). From then on B, W, F alternate and each
  // B arrives as the previous triple ends, so every stage is busy from s*x to s*x + 3m*x: a
  // parallelogram with zero bubble inside each device's span, makespan m(F+B+W) + (P-1)F.
  it('has zero idle inside every device span and makespan m(F+B+W) + (P-1)F with F = B = W', () => {
    for (const x of [1, 1.5]) {
      for (let P = 1; P <= 8; P++) {
        for (const m of [2 * P - 1, 2 * P + 3, 4 * P]) {
          const t = timeline(uniformConfig(P, m, x, x, x));
          expect(t.makespan, `P=${P} m=${m}`).toBeCloseTo(3 * m * x + (P - 1) * x, 9);
          deviceSpans(t).forEach((span, d) => {
            expect(span.first, `device ${d} starts`).toBeCloseTo(d * x, 9);
            expect(span.innerIdle, `device ${d} idle inside its span`).toBeCloseTo(0, 9);
          });
        }
      }
    }
  });

  // With the same F, B, W on every device and no P2P time, the bubble (makespan - m(F+B+W)) has
  // three lower bounds: (P-1)F, the last device's start; (P-1)(B-F), stage 0's wait: with 2P-1
  // activations it runs 2P-1 forwards, then waits for micro-batch 0's gradient, back at
  // PF + (P-1)B, with no W to run before any B; and the paper's (P-1)(F+B-2W) (Table 1, the bubble
  // of its construction). ZB-H2 reaches the largest of the three.
  it('idles (P-1)·max(F, F+B-2W, B-F) beyond m(F+B+W) with equal costs on every device', () => {
    const values = [0.25, 0.5, 1, 1.5, 2, 3];
    for (const f of values)
      for (const b of values)
        for (const w of values)
          for (const [P, m] of [
            [2, 3],
            [4, 7],
            [5, 15],
          ]) {
            const expected = m * (f + b + w) + (P - 1) * Math.max(f, f + b - 2 * w, b - f);
            expect(
              timeline(uniformConfig(P, m, f, b, w)).makespan,
              `F=${f} B=${b} W=${w} P=${P} m=${m}`,
            ).toBeCloseTo(expected, 9);
          }
  });

  it('runs the published order: 2(P-s)-1 warm-up forwards, then B, W lagging 2s places, F', () => {
    // Worked by hand for P = 2, m = 4 (Fig. 3 bottom of the paper, diagonally symmetric).
    const s = zbH2Published(2, 4, 3);
    const text = (d: number) =>
      deviceOps(s, d)
        .map((o) => `${opKindName(o.kind)}${o.microbatch}`)
        .join(' ');
    expect(text(0)).toBe('F0 F1 F2 B0 W0 F3 B1 W1 B2 W2 B3 W3');
    expect(text(1)).toBe('F0 B0 F1 B1 F2 B2 W0 F3 B3 W1 W2 W3');
  });

  it("uses the paper's 2P - 1 activations by default and stays within a given budget", () => {
    for (const [P, m] of [
      [4, 16],
      [6, 24],
    ]) {
      const peak = peakInFlight(zbH2.generate(uniformConfig(P, m)));
      expect(Math.max(...peak)).toBe(2 * P - 1);
      for (const budget of [1, P, P + 2]) {
        const c = uniformConfig(P, m, 1, 2, 1, { p2p: 0.2, activationBudget: budget });
        const s = zbH2.generate(c);
        expect(Math.max(...peakInFlight(s))).toBeLessThanOrEqual(budget);
        expect(orderProblems(s, chain)).toEqual([]);
      }
    }
  });

  it('hides P2P time with its extra warm-up forwards: faster than ZB-H1 when transfers are slow', () => {
    const c = uniformConfig(4, 16, 1, 1, 1, { p2p: 1 });
    expect(timeline(c).makespan).toBeLessThan(timeline(c, zbH1.generate(c)).makespan);
  });

  it('is never slower than the published order, never below the lower bound, never over budget, for random costs', () => {
    fc.assert(
      fc.property(costedConfig, (c) => {
        expect(zbH2.check(c)).toEqual([]);
        const s = zbH2.generate(c);
        expect(orderProblems(s, chain)).toEqual([]);
        const ours = timeline(c, s).makespan;
        const budget = c.activationBudget ?? 2 * c.devices - 1;
        const published = timeline(c, zbH2Published(c.devices, c.microbatches, budget)).makespan;
        expect(ours).toBeLessThanOrEqual(published * (1 + 1e-9));
        expect(ours).toBeGreaterThanOrEqual(makespanLowerBound(c, c.devices, 1, chain) * (1 - 1e-9));
        for (const p of peakInFlight(s)) expect(p).toBeLessThanOrEqual(budget);
      }),
      { numRuns: 250 },
    );
  });

  it('leaves the budget to the scenario validator, which reports one that is not a whole number >= 1 at memory.activationBudget', () => {
    for (const bad of [0, 2.5, -3]) {
      const d = defaultScenario();
      const r = analyze({ ...d, schedule: 'zb-h2', memory: { ...d.memory, activationBudget: bad } });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.errors.map((e) => e.path)).toEqual(['memory.activationBudget']);
      expect(r.errors[0].message).toContain(String(bad));
    }
    expect(zbH2.check(uniformConfig(4, 8, 1, 1, 1, { activationBudget: 3 }))).toEqual([]);
  });
});
