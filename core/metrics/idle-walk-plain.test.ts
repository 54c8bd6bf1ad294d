import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { defaultScenario, type Scenario } from '../model/scenario';
import type { Timeline } from '../sim/timeline';
import { attributeIdleGeneral } from './idle-walk';
import { attributeIdlePlain } from './idle-walk-plain';

/** Plain timelines (no parts, P2P off the communication stream) with uneven costs, so backwards wait. */
const plainScenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    schedule: fc.constantFrom('1f1b', 'gpipe', 'zb-h1', 'zb-h2', 'interleaved-1f1b', 'zb-v', 'dualpipe'),
    devices: fc.integer({ min: 2, max: 8 }),
    mFactor: fc.integer({ min: 1, max: 3 }),
    p2p: fc.double({ min: 0, max: 1, noNaN: true }),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
  .chain((r) =>
    fc
      .record({
        f: fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }), {
          minLength: r.devices,
          maxLength: r.devices,
        }),
        b: fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }), {
          minLength: r.devices,
          maxLength: r.devices,
        }),
      })
      .map((c) => ({
        ...defaultScenario(),
        schedule: r.schedule as Scenario['schedule'],
        devices: r.devices,
        microbatches: 2 * r.devices * r.mFactor,
        costs: { forward: c.f, backwardInput: c.b, backwardWeight: 0.5 },
        p2p: { time: r.p2p, occupiesComm: false },
        parts: null,
      })),
  );

/** The timeline with its transfers listed in another order (a fresh object: nothing cached about it). */
function relisted(t: Timeline, order: number[]): Timeline {
  const tr = t.transfers;
  const pick = <T extends Int32Array | Float64Array>(a: T): T => {
    const out = a.slice(0, order.length) as T;
    order.forEach((k, j) => {
      out[j] = a[k];
    });
    return out;
  };
  return {
    ...t,
    transfers: {
      count: tr.count,
      fromOp: pick(tr.fromOp),
      toOp: pick(tr.toOp),
      start: pick(tr.start),
      end: pick(tr.end),
    },
  };
}

describe('the fast idle walk and the order of the transfers it looks up', () => {
  it('gives the general walk’s sums when the transfers are listed by receiving op, and never other sums when they are not', () => {
    let checked = 0;
    let refused = 0;
    fc.assert(
      fc.property(plainScenarioArb, fc.nat(), (scenario, swapSeed) => {
        const r = analyze(scenario);
        if (!r.ok || r.analysis.timeline.parts) return;
        const t = r.analysis.timeline;
        const hasPairs = r.analysis.metrics.comm.pairs.count > 0;
        const general = Array.from(attributeIdleGeneral(t, false).byCause.byDevice);
        const n = t.transfers.count;
        const byConsumer = Array.from({ length: n }, (_, k) => k);
        // a fresh object, so the walk checks the order itself rather than reading what it found before
        const fresh = attributeIdlePlain(relisted(t, byConsumer), hasPairs);
        expect(fresh).not.toBeNull();
        expect(Array.from(fresh!.byDevice)).toEqual(general);
        checked++;
        if (n < 2) return;
        // two transfers swapped (anywhere: before, at or after the ones the walk looks up)
        const i = swapSeed % n;
        const j = (i + 1 + (Math.floor(swapSeed / n) % (n - 1))) % n;
        const swapped = byConsumer.slice();
        [swapped[i], swapped[j]] = [swapped[j], swapped[i]];
        const out = attributeIdlePlain(relisted(t, swapped), hasPairs);
        if (out === null) refused++;
        else expect(Array.from(out.byDevice)).toEqual(general);
      }),
      { numRuns: 150 },
    );
    expect(checked).toBeGreaterThan(60);
    // the swaps did reach walks that look transfers up (and those refused rather than guess)
    expect(refused).toBeGreaterThan(5);
  });
});

/** As plainScenarioArb with whole-ms costs and P2P: inputs arrive exactly when gaps begin, the memory test's edge. */
const tiedScenarioArb: fc.Arbitrary<Scenario> = plainScenarioArb.chain((s) =>
  fc
    .record({
      f: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: s.devices, maxLength: s.devices }),
      b: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: s.devices, maxLength: s.devices }),
      p2p: fc.integer({ min: 0, max: 2 }),
    })
    .map((c) => ({
      ...s,
      costs: { forward: c.f, backwardInput: c.b, backwardWeight: 1 },
      p2p: { time: c.p2p, occupiesComm: false },
    })),
);

describe('the fast idle walk on the simulator’s own listing of the transfers', () => {
  it('reads the gaps from the transfers in order and gives the general walk’s sums, edge devices included', () => {
    let listed = 0;
    fc.assert(
      fc.property(fc.oneof(plainScenarioArb, tiedScenarioArb), (scenario) => {
        const r = analyze(scenario);
        if (!r.ok || r.analysis.timeline.parts) return;
        const t = r.analysis.timeline;
        if (r.analysis.metrics.comm.pairs.count > 0) return; // pairs take plainSums
        // the simulator vouches for the order (and the walk then trusts it)
        expect(t.transfers.byConsumer).toBe(true);
        const general = Array.from(attributeIdleGeneral(t, false).byCause.byDevice);
        expect(Array.from(attributeIdlePlain(t, false)!.byDevice)).toEqual(general);
        // the same timeline without the simulator's word: the walk that checks the order agrees
        const unvouched = relisted(
          t,
          Array.from({ length: t.transfers.count }, (_, k) => k),
        );
        expect(Array.from(attributeIdlePlain(unvouched, false)!.byDevice)).toEqual(general);
        listed++;
      }),
      { numRuns: 300 },
    );
    expect(listed).toBeGreaterThan(100);
  });
});
