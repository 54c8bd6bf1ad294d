import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, simulateValidScenario } from '../analyze';
import { validateScenario } from '../format/validate';
import { NO_PAIR, OpKind } from '../model/ops';
import { type ChunkParts, defaultScenario, type Scenario } from '../model/scenario';
import { scheduleNames } from '../schedules/registry';
import { opDevices } from '../model/schedule';
import { SimScratch } from './sim-options';
import { Stream } from './timeline';
import { timelineDiff } from './timeline-diff.test-helper';

const EPS = 1e-9;

const partsArb: fc.Arbitrary<ChunkParts> = fc.record({
  forward: fc.record({
    attention: fc.double({ min: 0, max: 3, noNaN: true }),
    dispatch: fc.double({ min: 0, max: 3, noNaN: true }),
    mlp: fc.double({ min: 0, max: 3, noNaN: true }),
    combine: fc.double({ min: 0, max: 3, noNaN: true }),
  }),
  backward: fc.record({
    combine: fc.double({ min: 0, max: 3, noNaN: true }),
    mlpInput: fc.double({ min: 0, max: 3, noNaN: true }),
    mlpWeight: fc.double({ min: 0, max: 3, noNaN: true }),
    dispatch: fc.double({ min: 0, max: 3, noNaN: true }),
    attentionInput: fc.double({ min: 0, max: 3, noNaN: true }),
    attentionWeight: fc.double({ min: 0, max: 3, noNaN: true }),
  }),
});

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    // every registered schedule, so each new one meets these invariants for free
    schedule: fc.constantFrom(...scheduleNames()),
    halfDevices: fc.integer({ min: 1, max: 4 }),
    mFactor: fc.integer({ min: 1, max: 3 }),
    f: fc.double({ min: 0.1, max: 3, noNaN: true }),
    b: fc.double({ min: 0.1, max: 3, noNaN: true }),
    w: fc.double({ min: 0, max: 3, noNaN: true }),
    p2p: fc.double({ min: 0, max: 1, noNaN: true }),
    occupiesComm: fc.boolean(),
    parts: fc.option(partsArb, { nil: null }),
    reserved: fc.integer({ min: 0, max: 60 }),
    pairing: fc.constantFrom('off' as const, 'steady-state' as const, 'combined-1f1b' as const),
  })
  .map((r) => {
    const P = 2 * r.halfDevices;
    return {
      ...defaultScenario(),
      schedule: r.schedule,
      devices: P,
      microbatches: 2 * P * r.mFactor,
      costs: { forward: r.f, backwardInput: r.b, backwardWeight: r.w },
      p2p: { time: r.p2p, occupiesComm: r.occupiesComm },
      parts: r.parts,
      smSplit: { total: 132, reserved: r.reserved },
      pairing: r.pairing,
    };
  });

describe('simulator invariants on every schedule, with and without parts', () => {
  it('ops start after their inputs arrive, streams never run two things at once, memory stays >= 0', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const r = analyze(scenario);
        if (!r.ok) {
          // only a schedule's own constraints (e.g. interleaved needs m % P == 0), never a deadlock
          for (const e of r.errors) expect(e.message).not.toMatch(/deadlock|incomplete/);
          return;
        }
        const { schedule: s, timeline: t, metrics } = r.analysis;
        const opDevice = opDevices(s);
        // index (kind slot, mb, stage) -> op
        const key = (slot: number, mb: number, st: number) => (st * s.microbatches + mb) * 3 + slot;
        const index = new Map<number, number>();
        for (let i = 0; i < s.count; i++) {
          const slot = s.kind[i] === OpKind.F ? 0 : s.kind[i] === OpKind.W ? 2 : 1;
          index.set(key(slot, s.microbatch[i], s.stage[i]), i);
        }
        const p2p = scenario.p2p.time;
        const ready = new Float64Array(s.count);
        const depOf = new Int32Array(s.count).fill(-1);
        for (let i = 0; i < s.count; i++) {
          const mb = s.microbatch[i];
          const st = s.stage[i];
          const k = s.kind[i];
          let dep = -1;
          if (k === OpKind.F && st > 0) dep = index.get(key(0, mb, st - 1))!;
          if (k === OpKind.W) dep = index.get(key(1, mb, st))!;
          if ((k === OpKind.B || k === OpKind.BW) && st === s.stages - 1) dep = index.get(key(0, mb, st))!;
          if ((k === OpKind.B || k === OpKind.BW) && st < s.stages - 1) dep = index.get(key(1, mb, st + 1))!;
          if (dep < 0) continue;
          const hop = opDevice[dep] === opDevice[i] ? 0 : p2p;
          depOf[i] = dep;
          ready[i] = t.end[dep] + hop;
          expect(t.start[i]).toBeGreaterThanOrEqual(ready[i] - EPS);
          expect(t.end[i]).toBeGreaterThanOrEqual(t.start[i]);
        }
        // no two things at once on one stream of one device
        const lanes = new Map<number, [number, number][]>();
        const add = (d: number, stream: number, a: number, b: number) => {
          if (b - a <= EPS) return;
          const l = d * 2 + stream;
          if (!lanes.has(l)) lanes.set(l, []);
          lanes.get(l)!.push([a, b]);
        };
        if (t.parts) {
          for (let k = 0; k < t.parts.count; k++)
            add(opDevice[t.parts.op[k]], t.parts.stream[k], t.parts.start[k], t.parts.end[k]);
        } else {
          for (let i = 0; i < s.count; i++) add(opDevice[i], Stream.COMPUTE, t.start[i], t.end[i]);
        }
        for (const iv of lanes.values()) {
          iv.sort((x, y) => x[0] - y[0]);
          for (let k = 1; k < iv.length; k++) expect(iv[k][0]).toBeGreaterThanOrEqual(iv[k - 1][1] - EPS);
        }
        // overlapped pairs are issued once both inputs are there: neither starts before the other's input
        for (let i = 0; i + 1 < s.count; i++)
          if (s.pair[i] !== NO_PAIR && s.pair[i + 1] === s.pair[i] && opDevice[i] === opDevice[i + 1]) {
            if (depOf[i + 1] !== i) {
              const issue = Math.max(ready[i], ready[i + 1]);
              expect(Math.min(t.start[i], t.start[i + 1])).toBeGreaterThanOrEqual(issue - EPS);
            }
            i++;
          }
        const c = metrics.memory.activationCurve;
        for (let k = 0; k < c.bytes.length; k++) expect(c.bytes[k]).toBeGreaterThanOrEqual(-EPS);
        expect(metrics.comm.totalOverlap).toBeLessThanOrEqual(metrics.comm.totalComm + EPS);
        for (let d = 0; d < s.devices; d++) expect(metrics.idle[d]).toBeGreaterThanOrEqual(-EPS);
      }),
      { numRuns: 120 },
    );
  });
});

describe('a timeline written into a lent scratch (reuseOutput)', () => {
  it('equals a fresh run bit for bit, run after run of different sizes through one scratch', () => {
    const scratch = new SimScratch();
    fc.assert(
      fc.property(fc.array(scenarioArb, { minLength: 1, maxLength: 4 }), (scenarios) => {
        for (const scenario of scenarios) {
          if (validateScenario(scenario).errors.length > 0) continue;
          const fresh = simulateValidScenario(scenario, scenario.schedule);
          const lent = simulateValidScenario(scenario, scenario.schedule, { scratch, reuseOutput: true });
          expect(lent.ok).toBe(fresh.ok);
          if (lent.ok && fresh.ok)
            expect(timelineDiff(lent.simulated.timeline, fresh.simulated.timeline)).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });
});
