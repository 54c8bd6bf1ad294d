import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { type ScheduleConfig, uniformConfig } from '../model/config';
import { OpKind, opKindName } from '../model/ops';
import { defaultScenario } from '../model/scenario';
import { deviceOps } from '../model/schedule';
import { simulate } from '../sim/simulate';
import { oneFOneB } from './one-f-one-b';
import { peakHeld, peakInFlight } from './order-memory';
import { zbH1, zbH1Published } from './zb-h1';
import { costedConfigArb, makespanLowerBound, orderProblems } from './zb-testkit';

const chain = (s: number) => s;

function makespan(c: ScheduleConfig, s = zbH1.generate(c)): number {
  const r = simulate(s, c);
  if (!r.ok) throw new Error(r.error.message);
  return r.timeline.makespan;
}

/** Random per-device costs, small shapes. */
const costedConfig = costedConfigArb;

describe('ZB-H1', () => {
  it('takes m(F+B+W) + (P-1)(F+B-W) with F = B = W and no P2P time (the paper, Table 1)', () => {
    for (const x of [1, 2.5]) {
      for (let P = 1; P <= 8; P++) {
        for (const m of [P, P + 1, 2 * P, 3 * P + 2]) {
          const expected = m * 3 * x + (P - 1) * x;
          expect(makespan(uniformConfig(P, m, x, x, x)), `P=${P} m=${m} F=B=W=${x}`).toBeCloseTo(expected, 9);
        }
      }
    }
  });

  // With the same F, B, W on every device and no P2P time, two lower bounds hold beside the paper's
  // (P-1)(F+B-W): the last device cannot start before (P-1)F and then has m(F+B+W) of work; and
  // stage 0, holding at most P activations (1F1B's memory), runs P forwards and then waits for
  // micro-batch 0's gradient, which returns at PF + (P-1)B, with no W to run before any B: it idles
  // at least (P-1)B. The paper's formula is the largest of the three exactly when W <= min(F, B), so
  // the bubble is (P-1)(F+B-min(F,B,W)); ZB-H1 reaches it.
  it('idles (P-1)(F+B-min(F,B,W)) beyond m(F+B+W) with equal costs on every device: the formula where W <= F, B, else a lower bound', () => {
    const values = [0.25, 0.5, 1, 1.5, 2, 3];
    for (const f of values)
      for (const b of values)
        for (const w of values)
          for (const [P, m] of [
            [2, 4],
            [4, 8],
            [5, 13],
          ]) {
            const expected = m * (f + b + w) + (P - 1) * (f + b - Math.min(f, b, w));
            expect(makespan(uniformConfig(P, m, f, b, w)), `F=${f} B=${b} W=${w} P=${P} m=${m}`).toBeCloseTo(
              expected,
              9,
            );
          }
  });

  it('runs the published order: 1F1B warm-up, then B, the W lagging by s places, and the next F', () => {
    // Worked by hand from the paper's Fig. 3 for P = 3, m = 4: stage s defers each W by s B's.
    const s = zbH1Published(3, 4);
    const text = (d: number) =>
      deviceOps(s, d)
        .map((o) => `${opKindName(o.kind)}${o.microbatch}`)
        .join(' ');
    expect(text(0)).toBe('F0 F1 F2 B0 W0 F3 B1 W1 B2 W2 B3 W3');
    expect(text(1)).toBe('F0 F1 B0 F2 B1 W0 F3 B2 W1 B3 W2 W3');
    expect(text(2)).toBe('F0 B0 F1 B1 F2 B2 W0 F3 B3 W1 W2 W3');
  });

  it("holds at most 1F1B's activations on every stage (P - s), and exactly its peak", () => {
    for (const [P, m] of [
      [4, 8],
      [6, 3],
      [8, 20],
    ]) {
      const c = uniformConfig(P, m);
      const ours = peakInFlight(zbH1.generate(c));
      const reference = peakInFlight(oneFOneB.generate(c));
      expect(Array.from(ours)).toEqual(Array.from(reference));
      for (let s = 0; s < P; s++) expect(ours[s]).toBe(Math.min(P - s, m));
    }
  });

  it('runs every F, B and W once per micro-batch and stage, each W after its B', () => {
    for (const [P, m] of [
      [1, 1],
      [3, 2],
      [4, 9],
    ]) {
      const s = zbH1.generate(uniformConfig(P, m, 1, 2, 0.5, { p2p: 0.3 }));
      expect(orderProblems(s, chain)).toEqual([]);
      expect(s.kind.every((k) => k !== OpKind.BW)).toBe(true);
    }
  });

  it('is never slower than the published order, never below the lower bound, never over 1F1B memory, for random costs', () => {
    fc.assert(
      fc.property(costedConfig, (c) => {
        expect(zbH1.check(c)).toEqual([]);
        const s = zbH1.generate(c);
        expect(orderProblems(s, chain)).toEqual([]);
        const ours = makespan(c, s);
        const published = makespan(c, zbH1Published(c.devices, c.microbatches));
        expect(ours).toBeLessThanOrEqual(published * (1 + 1e-9));
        expect(ours).toBeGreaterThanOrEqual(makespanLowerBound(c, c.devices, 1, chain) * (1 - 1e-9));
        const peak = peakInFlight(s);
        for (let d = 0; d < c.devices; d++) expect(peak[d]).toBeLessThanOrEqual(c.devices - d);
        // in flight plus deferred W's stashes: never more than 1F1B's P activations on any device
        expect(peakHeld(s)).toBeLessThanOrEqual(c.devices);
      }),
      { numRuns: 250 },
    );
  });

  it('adapts to costs: with uneven devices and slow transfers it beats the published order', () => {
    // uneven forwards, W slower than B on both devices, transfers of 0.75
    const c = uniformConfig(2, 8, 1, 1, 1, { p2p: 0.75 });
    c.forward.set([2, 1.5]);
    c.backwardInput.set([0.25, 0.5]);
    c.backwardWeight.set([1.75, 1.75]);
    expect(makespan(c)).toBeLessThan(makespan(c, zbH1Published(2, 8)));
  });

  it('leaves shapes and costs to the scenario validator, which names their paths before ZB-H1 runs', () => {
    const r = analyze({
      ...defaultScenario(),
      schedule: 'zb-h1',
      devices: 2,
      costs: { forward: 1, backwardInput: 1, backwardWeight: [1, Number.NaN] },
      p2p: { time: -1, occupiesComm: false },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual(['costs.backwardWeight[1]', 'p2p.time']);
    // ZB-H1 has no rule of its own: any validated shape runs, even one micro-batch on one device
    expect(zbH1.check(uniformConfig(1, 1))).toEqual([]);
  });
});
