import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { type ChunkParts, defaultScenario, type Scenario } from '../model/scenario';
import { scheduleNames } from '../schedules/registry';
import { Stream } from '../sim/timeline';
import { PathSegmentKind } from './critical-path';
import { IDLE_CAUSES, IdleCauseId, idleIntervals } from './idle-causes';
import { attributeIdleGeneral } from './idle-walk';
import { attributeIdlePlain } from './idle-walk-plain';

/** Float tolerance relative to the makespan (sums of up to a few thousand differences). */
const REL = 1e-9;

const ms = (max: number) => fc.double({ min: 0, max, noNaN: true });
const partsArb: fc.Arbitrary<ChunkParts> = fc.record({
  forward: fc.record({ attention: ms(3), dispatch: ms(3), mlp: ms(3), combine: ms(3) }),
  backward: fc.record({
    combine: ms(3),
    mlpInput: ms(3),
    mlpWeight: ms(3),
    dispatch: ms(3),
    attentionInput: ms(3),
    attentionWeight: ms(3),
  }),
});

/** Costs equal on every device, or one value per device (uneven stages make dependency and memory waits). */
const costArb = (P: number, min: number) =>
  fc.oneof(
    fc.double({ min, max: 3, noNaN: true }),
    fc.array(fc.double({ min, max: 3, noNaN: true }), { minLength: P, maxLength: P }),
  );

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    schedule: fc.constantFrom(...scheduleNames()),
    devices: fc.integer({ min: 1, max: 8 }),
    mFactor: fc.integer({ min: 1, max: 3 }),
    p2p: fc.oneof(fc.constant(0), ms(1)),
    occupiesComm: fc.boolean(),
    parts: fc.option(partsArb, { nil: null, freq: 2 }), // half of them without parts
    reserved: fc.integer({ min: 0, max: 60 }),
    pairing: fc.constantFrom('off' as const, 'steady-state' as const),
    seed: fc.integer(),
  })
  .chain((r) =>
    fc
      .record({ f: costArb(r.devices, 0.1), b: costArb(r.devices, 0.1), w: costArb(r.devices, 0) })
      .map((c) => ({
        ...defaultScenario(),
        schedule: r.schedule,
        devices: r.devices,
        microbatches: 2 * r.devices * r.mFactor,
        costs: { forward: c.f, backwardInput: c.b, backwardWeight: c.w },
        p2p: { time: r.p2p, occupiesComm: r.occupiesComm },
        parts: r.parts,
        smSplit: { total: 132, reserved: r.reserved },
        pairing: r.pairing,
      })),
  );

describe('why it is slow: idle causes and the critical path on every registered schedule', () => {
  it('causes sum to each device’s idle time, and the critical path adds up to the makespan', () => {
    let ran = 0;
    let plainRuns = 0;
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const r = analyze(scenario);
        if (!r.ok) return; // a schedule's own constraint (DualPipe: even devices, ...)
        ran++;
        const { timeline: t, metrics } = r.analysis;
        const s = t.schedule;
        const P = s.devices;
        const makespan = t.makespan;
        const tol = REL * Math.max(1, makespan);
        const C = IDLE_CAUSES.length;

        // ---- the fast walk (plain timelines) gives the general walk's sums bit for bit ------------
        const plain = t.parts ? null : attributeIdlePlain(t, metrics.comm.pairs.count > 0);
        if (plain) {
          plainRuns++;
          expect(Array.from(plain.byDevice)).toEqual(
            Array.from(attributeIdleGeneral(t, false).byCause.byDevice),
          );
          // the pair hint only spares reads
          expect(Array.from(attributeIdlePlain(t, true)!.byDevice)).toEqual(Array.from(plain.byDevice));
        }

        // ---- causes sum to idle, and the intervals tile each device's idle time -------------------
        const iv = idleIntervals(t);
        for (let k = 0; k < iv.count; k++) seen.add(IDLE_CAUSES[iv.cause[k]]);
        for (let d = 0; d < P; d++) {
          let sum = 0;
          for (let c = 0; c < C; c++) {
            const v = metrics.idleByCause.byDevice[d * C + c];
            expect(v).toBeGreaterThanOrEqual(0);
            sum += v;
          }
          expect(Math.abs(sum - metrics.idle[d])).toBeLessThanOrEqual(tol);
          if (!t.parts) expect(metrics.idleByCause.byDevice[d * C + IdleCauseId.exposedComm]).toBe(0);
          // intervals in time order, inside [0, makespan], never over the device's computation
          let prevEnd = 0;
          let length = 0;
          for (let k = iv.deviceStart[d]; k < iv.deviceStart[d + 1]; k++) {
            expect(iv.start[k]).toBeGreaterThanOrEqual(prevEnd);
            expect(iv.end[k]).toBeGreaterThan(iv.start[k]);
            expect(iv.end[k]).toBeLessThanOrEqual(makespan);
            prevEnd = iv.end[k];
            length += iv.end[k] - iv.start[k];
            if (iv.cause[k] !== IdleCauseId.tail)
              expect(iv.nextOp[k] >= 0 || iv.cause[k] === IdleCauseId.exposedComm).toBe(true);
          }
          expect(Math.abs(length - metrics.idle[d])).toBeLessThanOrEqual(tol);
        }
        // no idle interval overlaps a compute interval of its device
        const computeOf: [number, number][][] = Array.from({ length: P }, () => []);
        if (t.parts) {
          for (let k = 0; k < t.parts.count; k++)
            if (t.parts.stream[k] === Stream.COMPUTE) {
              const o = t.parts.op[k];
              let d = 0;
              while (s.deviceStart[d + 1] <= o) d++;
              computeOf[d].push([t.parts.start[k], t.parts.end[k]]);
            }
        } else {
          for (let d = 0; d < P; d++)
            for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++)
              computeOf[d].push([t.start[i], t.end[i]]);
        }
        for (let d = 0; d < P; d++) {
          const busy = computeOf[d].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
          let j = 0;
          for (let k = iv.deviceStart[d]; k < iv.deviceStart[d + 1]; k++) {
            while (j < busy.length && busy[j][1] <= iv.start[k]) j++;
            if (j < busy.length) expect(busy[j][0]).toBeGreaterThanOrEqual(iv.end[k]);
          }
        }

        // ---- the critical path: contiguous from 0 to the makespan, made of real stretches ---------
        const p = metrics.criticalPath;
        expect(p.length).toBe(makespan);
        expect(Math.abs(p.compute + p.exposedComm + p.p2p + p.wait - makespan)).toBeLessThanOrEqual(tol);
        const g = p.segments;
        if (makespan > 0) {
          expect(g.start[0]).toBe(0);
          expect(g.end[g.count - 1]).toBe(makespan);
        }
        for (let k = 0; k + 1 < g.count; k++) expect(g.end[k]).toBe(g.start[k + 1]);
        const tr = t.transfers;
        for (let k = 0; k < g.count; k++) {
          const kind = g.kind[k];
          const ref = g.ref[k];
          if (kind === PathSegmentKind.P2P || kind === PathSegmentKind.WAIT) {
            // the transfer from op to ref as it ran: P2P is its flight, WAIT from its sender's end to its start
            let j = 0;
            while (j < tr.count && !(tr.fromOp[j] === g.op[k] && tr.toOp[j] === ref)) j++;
            expect(j).toBeLessThan(tr.count);
            expect([g.start[k], g.end[k]]).toEqual(
              kind === PathSegmentKind.P2P ? [tr.start[j], tr.end[j]] : [t.end[tr.fromOp[j]], tr.start[j]],
            );
          } else if (ref >= 0) {
            // a part as it ran, on the stream its kind says
            const parts = t.parts!;
            expect([parts.start[ref], parts.end[ref], parts.op[ref]]).toEqual([
              g.start[k],
              g.end[k],
              g.op[k],
            ]);
            expect(parts.stream[ref] === Stream.COMM).toBe(kind === PathSegmentKind.COMM);
          } else {
            expect(kind).toBe(PathSegmentKind.COMPUTE);
            expect([t.start[g.op[k]], t.end[g.op[k]]]).toEqual([g.start[k], g.end[k]]);
          }
        }
        // its ops, each once, in stages and on devices it names
        expect(new Set(p.ops).size).toBe(p.ops.length);
        for (let k = 0; k < p.ops.length; k++) {
          expect(s.deviceStart[p.opDevice[k]] + p.opIndex[k]).toBe(p.ops[k]);
          expect(p.stages).toContain(s.stage[p.ops[k]]);
        }
      }),
      { numRuns: 200 },
    );
    expect(ran).toBeGreaterThan(100);
    expect(plainRuns).toBeGreaterThan(40);
    // the scenarios reach every cause (so the sums above were tested with each of them)
    expect(IDLE_CAUSES.filter((c) => !seen.has(c))).toEqual([]);
  });
});
