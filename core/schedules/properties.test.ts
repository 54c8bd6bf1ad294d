import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ScheduleConfig, uniformConfig } from '../model/config';
import { NO_PAIR, OpKind } from '../model/ops';
import type { Schedule } from '../model/schedule';
import type { ScheduleName } from '../model/scenario';
import { simulate } from '../sim/simulate';
import { CUSTOM_SCHEDULE } from './custom';
import { scheduleToOrder } from './custom-order';
import type { ScheduleDescriptor } from './descriptor';
import { getSchedule, scheduleNames } from './registry';

// Properties every registered schedule must have, whatever the shape and costs.

function descriptor(name: ScheduleName): ScheduleDescriptor {
  const gen = getSchedule(name);
  if (!gen) throw new Error(`${name} is not registered`);
  return gen;
}

const configArb = fc
  .record({
    devices: fc.integer({ min: 1, max: 8 }),
    microbatches: fc.integer({ min: 1, max: 24 }),
    groups: fc.integer({ min: 1, max: 3 }),
    chunks: fc.integer({ min: 2, max: 3 }),
    groupSize: fc.option(fc.integer({ min: 1, max: 24 }), { nil: null }),
    combined: fc.boolean(),
    p2p: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2, noNaN: true })),
    costSeed: fc.array(fc.double({ min: 0.1, max: 5, noNaN: true }), { minLength: 24, maxLength: 24 }),
  })
  .map(({ devices, microbatches, groups, chunks, groupSize, combined, p2p, costSeed }): Drawn => {
    const c = uniformConfig(devices, microbatches, 1, 1, 1, {
      chunks,
      groupSize,
      pairing: combined ? 'combined-1f1b' : 'off',
      p2p,
    });
    for (let d = 0; d < devices; d++) {
      c.forward[d] = costSeed[d];
      c.backwardInput[d] = costSeed[d + 8];
      c.backwardWeight[d] = costSeed[d + 16];
    }
    return { ...c, groups };
  });

type Drawn = ScheduleConfig & { groups: number };

/**
 * Schedules constrain m (multiples of P, at least 2P, even...). Rather than discard most random
 * configs, try m as drawn, then m in whole groups of P and of 2P; null when none fits.
 */
function fitting(name: ScheduleName, drawn: Drawn): ScheduleConfig | null {
  if (name === CUSTOM_SCHEDULE) return customFitting(drawn);
  const { devices: P, groups } = drawn;
  // the group size and the combined 1F1B only where the schedule takes them; a drawn group size
  // that does not run falls back to the default
  const gen = descriptor(name);
  const config: Drawn = {
    ...drawn,
    groupSize: gen.takesGroupSize ? drawn.groupSize : null,
    pairing: gen.combined1F1B ? drawn.pairing : 'off',
  };
  for (const m of [config.microbatches, groups * P, 2 * groups * P, 2 * (groups + 1) * P])
    for (const groupSize of [config.groupSize, null]) {
      const c = { ...config, microbatches: m, groupSize };
      if (descriptor(name).check(c).length === 0) return c;
    }
  return null;
}

/** Generated orders a custom order is drawn from: one per placement a custom order can hold. */
const ORDER_SOURCES = ['1f1b', 'interleaved-1f1b', 'zb-v', 'dualpipev', 'interleaved-zb'];

/** The custom schedule runs a generated schedule's order, written as the scenario's order. */
function customFitting(drawn: Drawn): ScheduleConfig | null {
  const source = ORDER_SOURCES[drawn.groups % ORDER_SOURCES.length];
  const config = fitting(source, drawn);
  if (config === null) return null;
  const order = descriptor(source).generate(config);
  return {
    ...config,
    groupSize: null,
    pairing: 'off',
    chunks: order.stages / order.devices,
    order: scheduleToOrder(order),
  };
}

/** Where each (microbatch, stage) has its F, B, W, BW ops: -1 when absent. Throws on duplicates. */
function opIndex(s: Schedule) {
  const n = s.microbatches * s.stages;
  const at = [OpKind.F, OpKind.B, OpKind.W, OpKind.BW].map(() => new Int32Array(n).fill(-1));
  const device = new Int32Array(s.count);
  for (let d = 0; d < s.devices; d++) {
    for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++) {
      device[i] = d;
      const mb = s.microbatch[i];
      const st = s.stage[i];
      expect(mb >= 0 && mb < s.microbatches, `microbatch ${mb} in range`).toBe(true);
      expect(st >= 0 && st < s.stages, `stage ${st} in range`).toBe(true);
      const key = mb * s.stages + st;
      expect(at[s.kind[i]][key], `one ${s.kind[i]} of (mb ${mb}, stage ${st})`).toBe(-1);
      at[s.kind[i]][key] = i;
    }
  }
  return { at, device };
}

describe.each(scheduleNames())('schedule %s', (name) => {
  const gen = descriptor(name);

  it('generates the shape its descriptor states, and sizes its op estimate to cover the ops', () => {
    fc.assert(
      fc.property(configArb, (drawn) => {
        const config = fitting(name, drawn);
        fc.pre(config !== null);
        const s = gen.generate(config);
        const { devices: P, microbatches: m, chunks } = config;
        const shape = gen.shape(P, m, chunks);
        const fields = [
          'name',
          'devices',
          'microbatches',
          'stages',
          'chunksPerDevice',
          'chunkShare',
          'paramMultiplier',
        ] as const;
        for (const f of fields) expect(s[f], f).toBe(shape[f]);
        expect([shape.name, shape.devices, shape.microbatches]).toEqual([name, P, m]);
        expect(s.count).toBeLessThanOrEqual(gen.estimateOps(P, m, chunks));
      }),
      { numRuns: 30 },
    );
  });

  it.skipIf(gen.costAware === true)(
    'generates the same order whatever the costs, as its descriptor says (not cost-aware)',
    () => {
      const costs = fc.record({
        p2p: fc.double({ min: 0, max: 3, noNaN: true }),
        seed: fc.array(fc.double({ min: 0.01, max: 9, noNaN: true }), { minLength: 24, maxLength: 24 }),
      });
      fc.assert(
        fc.property(configArb, costs, (drawn, other) => {
          const config = fitting(name, drawn);
          fc.pre(config !== null);
          const P = config.devices;
          const recosted: ScheduleConfig = {
            ...config,
            p2p: other.p2p,
            forward: Float64Array.from({ length: P }, (_, d) => other.seed[d]),
            backwardInput: Float64Array.from({ length: P }, (_, d) => other.seed[d + 8]),
            backwardWeight: Float64Array.from({ length: P }, (_, d) => other.seed[d + 16]),
          };
          const a = gen.generate(config);
          const b = gen.generate(recosted);
          for (const f of ['deviceStart', 'kind', 'microbatch', 'chunk', 'stage', 'pair'] as const)
            expect(Array.from(b[f]), f).toEqual(Array.from(a[f]));
        }),
        { numRuns: 30 },
      );
    },
  );

  it.skipIf(gen.steadyState.window === 'paired' || name === CUSTOM_SCHEDULE)(
    'generates no overlapped pairs with pairing off, as a schedule whose steady state is not its pairs',
    () => {
      fc.assert(
        fc.property(configArb, (drawn) => {
          const config = fitting(name, { ...drawn, pairing: 'off' });
          fc.pre(config !== null);
          const s = gen.generate({ ...config, pairing: 'off' });
          expect(s.pair.findIndex((p) => p !== NO_PAIR)).toBe(-1);
        }),
        { numRuns: 30 },
      );
    },
  );

  it('runs F once and the backward exactly once (as BW, or as B then W) for every stage and micro-batch, each on one device', () => {
    fc.assert(
      fc.property(configArb, (drawn) => {
        const config = fitting(name, drawn);
        fc.pre(config !== null);
        const s = gen.generate(config);
        const { at, device } = opIndex(s);
        for (let key = 0; key < s.microbatches * s.stages; key++) {
          const [f, b, w, bw] = at.map((a) => a[key]);
          expect(f).toBeGreaterThanOrEqual(0);
          const split = b >= 0 && w >= 0 && bw < 0;
          const full = bw >= 0 && b < 0 && w < 0;
          expect(split || full).toBe(true);
          const back = full ? bw : b;
          expect(device[back]).toBe(device[f]);
          if (split) expect(device[w]).toBe(device[f]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('simulates without deadlock, every dependency holds and no two ops overlap on a device', () => {
    fc.assert(
      fc.property(configArb, (drawn) => {
        const config = fitting(name, drawn);
        fc.pre(config !== null);
        const s = gen.generate(config);
        const r = simulate(s, config);
        if (!r.ok) throw new Error(r.error.message);
        const { start, end } = r.timeline;
        const { at, device } = opIndex(s);
        const eps = 1e-9;
        const arrival = (from: number, to: number) =>
          end[from] + (device[from] === device[to] ? 0 : config.p2p);
        for (let mb = 0; mb < s.microbatches; mb++) {
          for (let st = 0; st < s.stages; st++) {
            const key = mb * s.stages + st;
            const f = at[OpKind.F][key];
            const back = at[OpKind.BW][key] >= 0 ? at[OpKind.BW][key] : at[OpKind.B][key];
            if (st > 0) expect(start[f]).toBeGreaterThanOrEqual(arrival(at[OpKind.F][key - 1], f) - eps);
            if (st < s.stages - 1) {
              const next = key + 1;
              const nextBack = at[OpKind.BW][next] >= 0 ? at[OpKind.BW][next] : at[OpKind.B][next];
              expect(start[back]).toBeGreaterThanOrEqual(arrival(nextBack, back) - eps);
            }
            expect(start[back]).toBeGreaterThanOrEqual(end[f] - eps);
            const w = at[OpKind.W][key];
            if (w >= 0) expect(start[w]).toBeGreaterThanOrEqual(end[back] - eps);
          }
        }
        for (let d = 0; d < s.devices; d++) {
          for (let i = s.deviceStart[d] + 1; i < s.deviceStart[d + 1]; i++) {
            expect(start[i]).toBeGreaterThanOrEqual(end[i - 1] - eps);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('holds a micro-batch activation only between its F and its backward (in-flight count never negative)', () => {
    fc.assert(
      fc.property(configArb, (drawn) => {
        const config = fitting(name, drawn);
        fc.pre(config !== null);
        const s = gen.generate(config);
        for (let d = 0; d < s.devices; d++) {
          let inFlight = 0;
          for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++) {
            if (s.kind[i] === OpKind.F) inFlight++;
            else if (s.kind[i] === OpKind.B || s.kind[i] === OpKind.BW) inFlight--;
            expect(inFlight).toBeGreaterThanOrEqual(0);
          }
          expect(inFlight).toBe(0);
        }
      }),
      { numRuns: 60 },
    );
  });
});
