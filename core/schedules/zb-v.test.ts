import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ScheduleConfig, uniformConfig } from '../model/config';
import { opKindName } from '../model/ops';
import { defaultScenario } from '../model/scenario';
import { deviceOps } from '../model/schedule';
import { memoryMetrics } from '../metrics/memory';
import { simulate } from '../sim/simulate';
import { oneFOneB } from './one-f-one-b';
import { peakHeld, peakInFlight } from './order-memory';
import { zbV, zbVPublished } from './zb-v';
import { costedConfigArb, deviceSpans, makespanLowerBound, orderProblems } from './zb-testkit';

function timeline(c: ScheduleConfig, s = zbV.generate(c)) {
  const r = simulate(s, c);
  if (!r.ok) throw new Error(r.error.message);
  return r.timeline;
}

const vDevice = (P: number) => (s: number) => (s < P ? s : 2 * P - 1 - s);

const costedConfig = costedConfigArb;

describe('ZB-V', () => {
  it('places chunk 0 at stage d and chunk 1 at stage 2P-1-d, each chunk half a device share', () => {
    const s = zbV.generate(uniformConfig(4, 8));
    expect(s.stages).toBe(8);
    expect(s.chunksPerDevice).toBe(2);
    expect(s.chunkShare).toBe(0.5);
    expect(s.paramMultiplier).toBe(1);
    for (let d = 0; d < 4; d++)
      for (const o of deviceOps(s, d)) expect(o.stage).toBe(o.chunk === 0 ? d : 7 - d);
    expect(orderProblems(s, vDevice(4))).toEqual([]);
  });

  it('runs the published V order (hand-worked for P = 2, m = 3)', () => {
    // From the handcrafted ZB-V construction: device d warms up with 2(P-d)-1 chunk-0 forwards,
    // d (chunk-1 F, chunk-0 F) pairs, P-d (chunk-1 F, B, W); steady (F, B, W) per chunk; cool-down.
    const s = zbVPublished(2, 3);
    const text = (d: number) =>
      deviceOps(s, d)
        .map((o) => `${opKindName(o.kind)}${o.microbatch}@${o.stage}`)
        .join(' ');
    expect(text(0)).toBe(
      'F0@0 F1@0 F2@0 F0@3 B0@3 W0@3 F1@3 B1@3 W1@3 B0@0 W0@0 F2@3 B2@3 W2@3 B1@0 W1@0 B2@0 W2@0',
    );
    expect(text(1)).toBe(
      'F0@1 F0@2 F1@1 F1@2 B0@2 W0@2 F2@1 B0@1 W0@1 F2@2 B1@2 W1@2 B1@1 B2@2 B2@1 W1@1 W2@2 W2@1',
    );
  });

  it("holds at most 2P half-size chunk activations per device: 1F1B's peak in bytes", () => {
    for (const [P, m] of [
      [2, 6],
      [4, 8],
      [6, 30],
    ]) {
      const c = uniformConfig(P, m);
      const v = zbV.generate(c);
      const peak = peakInFlight(v);
      for (const p of peak) expect(p).toBeLessThanOrEqual(2 * P);
      expect(Math.max(...peak)).toBe(2 * P);
      // the default scenario: B keeps a weight-gradient stash until W
      const scenario = { ...defaultScenario(), devices: P, microbatches: m };
      const vBytes = memoryMetrics(timeline(c, v), scenario).peakActivationBytes;
      const oneBytes = memoryMetrics(timeline(c, oneFOneB.generate(c)), scenario).peakActivationBytes;
      expect(Math.max(...vBytes)).toBe(Math.max(...oneBytes));
      expect(Math.max(...oneBytes)).toBe(P * scenario.memory.activation);
    }
  });

  // Hand-derived lower bound for F = B = W = x, no P2P: device d gets its first input after the
  // chunk-0 forwards of devices 0..d-1, d*x/2, and then has m(F+B+W) of work. The V meets it: the
  // makespan is m(F+B+W) + (P-1)x/2 and no device idles between its first and last op.
  it('has zero idle inside every device span with F = B = W (makespan m(F+B+W) + (P-1)F/2)', () => {
    for (const x of [1, 3]) {
      for (let P = 1; P <= 8; P++) {
        for (const m of [2 * P - 1, 2 * P + 1, 3 * P + 2]) {
          const t = timeline(uniformConfig(P, m, x, x, x));
          expect(t.makespan, `P=${P} m=${m}`).toBeCloseTo(3 * m * x + ((P - 1) * x) / 2, 9);
          for (const span of deviceSpans(t)) expect(span.innerIdle).toBeCloseTo(0, 9);
        }
      }
    }
  });

  it('supports fewer micro-batches than 2P - 1 (the construction drops the missing ones)', () => {
    for (const [P, m] of [
      [4, 1],
      [4, 3],
      [5, 6],
    ]) {
      const c = uniformConfig(P, m);
      const s = zbV.generate(c);
      expect(orderProblems(s, vDevice(P))).toEqual([]);
      expect(simulate(s, c).ok).toBe(true);
    }
  });

  it('is never slower than the published order, never below the lower bound, never over 2P chunks, for random costs', () => {
    fc.assert(
      fc.property(costedConfig, (c) => {
        const P = c.devices;
        expect(zbV.check(c)).toEqual([]);
        const s = zbV.generate(c);
        expect(orderProblems(s, vDevice(P))).toEqual([]);
        const ours = timeline(c, s).makespan;
        const published = timeline(c, zbVPublished(P, c.microbatches)).makespan;
        expect(ours).toBeLessThanOrEqual(published * (1 + 1e-9));
        expect(ours).toBeGreaterThanOrEqual(makespanLowerBound(c, 2 * P, 0.5, vDevice(P)) * (1 - 1e-9));
        for (const p of peakInFlight(s)) expect(p).toBeLessThanOrEqual(2 * P);
        expect(peakHeld(s)).toBeLessThanOrEqual(peakHeld(zbVPublished(P, c.microbatches)));
      }),
      { numRuns: 250 },
    );
  });
});
