import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniformConfig } from '../model/config';
import { simulate } from '../sim/simulate';
import { peakHeld, peakInFlight } from './order-memory';
import { stageMap } from './stage-map';
import { type WPolicy, greedyOrder } from './zb-greedy';
import { zbH2 } from './zb-h2';
import { zbV } from './zb-v';
import { configFromCosts, orderProblems } from './zb-testkit';

const drawn = fc.record({
  devices: fc.integer({ min: 1, max: 6 }),
  microbatches: fc.integer({ min: 1, max: 12 }),
  p2p: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1.5, noNaN: true })),
  costs: fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: 18, maxLength: 18 }),
  cap: fc.integer({ min: 1, max: 12 }),
  heldExtra: fc.integer({ min: 0, max: 12 }),
  eager: fc.boolean(),
  v: fc.boolean(),
});

describe('greedy zero-bubble order', () => {
  it('times its order exactly as the simulator does, runs every op once, and keeps the memory caps', () => {
    fc.assert(
      fc.property(drawn, ({ devices: P, microbatches: m, p2p, costs, cap, heldExtra, eager, v }) => {
        const c = configFromCosts(P, m, p2p, costs);
        const pl = v ? stageMap('v', zbV.shape(P, m, 2)) : stageMap('linear', zbH2.shape(P, m, 1));
        const capPerDevice = new Int32Array(P).fill(v ? Math.max(cap, 2) : cap);
        const heldCap = capPerDevice[0] + heldExtra;
        const lead = v ? new Int32Array(P).fill(capPerDevice[0] - 1) : null;
        const wPolicy: WPolicy = eager ? 'eager' : 'fit';
        const g = greedyOrder(pl, c, { cap: capPerDevice, heldCap, lead, wPolicy });
        expect(g).not.toBeNull();
        if (g === null) return;
        expect(orderProblems(g.schedule, (s) => pl.stageDevice[s])).toEqual([]);
        const r = simulate(g.schedule, c);
        expect(r.ok).toBe(true);
        if (r.ok) expect(g.makespan).toBeCloseTo(r.timeline.makespan, 9);
        for (const p of peakInFlight(g.schedule)) expect(p).toBeLessThanOrEqual(capPerDevice[0]);
        expect(peakHeld(g.schedule)).toBeLessThanOrEqual(heldCap);
      }),
      { numRuns: 300 },
    );
  });

  it('runs B first, then the waiting forward, and puts W into the time spent waiting for a gradient', () => {
    // Worked by hand: P = 2, m = 2, F = B = W = 1, P2P 2, one activation in flight per device.
    // Stage 0: F0 0..1, then waits (no W exists before a B) for B0. Stage 1: F0 arrives at 3,
    // F0 3..4, B0 4..5; its W0 5..6 ends before F1 can arrive, so it runs. B0 reaches stage 0 at 7:
    // B0 7..8, F1 8..9 (the forward first: stage 1 waits for it), W0 9..10 in the wait for B1.
    // Stage 1: F1 arrives at 11, F1 11..12, B1 12..13, W1 13..14. Stage 0: B1 15..16, W1 16..17.
    const c = uniformConfig(2, 2, 1, 1, 1, { p2p: 2 });
    const g = greedyOrder(stageMap('linear', zbH2.shape(2, 2, 1)), c, {
      cap: new Int32Array([1, 1]),
      heldCap: 4,
      lead: null,
      wPolicy: 'fit',
    });
    expect(g).not.toBeNull();
    const r = g && simulate(g.schedule, c);
    expect(r?.ok).toBe(true);
    if (!r?.ok) return;
    const ops = Array.from({ length: g?.schedule.count ?? 0 }, (_, i) => ({
      kind: 'FBW'[r.timeline.schedule.kind[i]],
      mb: r.timeline.schedule.microbatch[i],
      stage: r.timeline.schedule.stage[i],
      start: r.timeline.start[i],
    }));
    const at = (kind: string, mb: number, stage: number) =>
      ops.find((o) => o.kind === kind && o.mb === mb && o.stage === stage)?.start;
    expect(at('W', 0, 1)).toBe(5);
    expect(at('F', 1, 0)).toBe(8);
    expect(at('W', 0, 0)).toBe(9);
    expect(at('F', 1, 1)).toBe(11);
    expect(at('W', 1, 0)).toBe(16);
    expect(r.timeline.makespan).toBe(17);
  });
});
