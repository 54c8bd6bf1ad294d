import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScheduleConfig } from '../model/config';
import { NO_PAIR, OpKind } from '../model/ops';
import type { Pairing } from '../model/scenario';
import { scheduleNames } from '../schedules/registry';
import type { Schedule } from '../model/schedule';
import { SCHEDULES } from '../schedules/index';
import { simulate, simulateGeneral } from './simulate';
import { lastWalk, simulatePlain } from './simulate-plain';
import type { Timeline } from './timeline';

// The fast walk must give exactly what the general walk gives (same numbers bit for bit, same
// transfers as a set), and must decline (null) every order the general walk rejects.

function transferSet(t: Timeline): string[] {
  const out: string[] = [];
  const tr = t.transfers;
  for (let k = 0; k < tr.count; k++) out.push(`${tr.fromOp[k]}>${tr.toOp[k]}@${tr.start[k]}-${tr.end[k]}`);
  return out.sort();
}

function expectSame(fast: Timeline, general: Timeline): void {
  expect(Array.from(fast.start)).toEqual(Array.from(general.start));
  expect(Array.from(fast.end)).toEqual(Array.from(general.end));
  expect(Array.from(fast.waitedFor)).toEqual(Array.from(general.waitedFor));
  expect(fast.makespan).toBe(general.makespan);
  expect(transferSet(fast)).toEqual(transferSet(general));
  expect(fast.parts).toBeNull();
}

function withColumns(
  s: Schedule,
  edit: (c: { kind: Uint8Array; microbatch: Int32Array; pair: Int32Array }) => void,
) {
  const c = { kind: s.kind.slice(), microbatch: s.microbatch.slice(), pair: s.pair.slice() };
  edit(c);
  return { ...s, ...c };
}

const costArb = fc.double({ min: 0, max: 3, noNaN: true });
const caseArb = fc.record({
  // every registered schedule, so each new one is checked against the general walk for free
  schedule: fc.constantFrom(...scheduleNames()),
  halfDevices: fc.integer({ min: 1, max: 4 }),
  groupSize: fc.option(fc.integer({ min: 1, max: 24 }), { nil: null }),
  pairing: fc.constantFrom<Pairing>('off', 'combined-1f1b'),
  mFactor: fc.integer({ min: 1, max: 3 }),
  forward: fc.array(costArb, { minLength: 8, maxLength: 8 }),
  backwardInput: fc.array(costArb, { minLength: 8, maxLength: 8 }),
  backwardWeight: fc.array(costArb, { minLength: 8, maxLength: 8 }),
  p2p: fc.constantFrom(0, 0.1, 0.25, 1.5),
  seed: fc.integer({ min: 0, max: 1 << 30 }),
});

function configOf(r: CaseValue): ScheduleConfig {
  const P = 2 * r.halfDevices;
  return {
    devices: P,
    microbatches: 2 * P * r.mFactor,
    chunks: 2,
    groupSize: r.groupSize ?? null,
    pairing: r.pairing ?? 'off',
    forward: Float64Array.from(r.forward.slice(0, P)),
    backwardInput: Float64Array.from(r.backwardInput.slice(0, P)),
    backwardWeight: Float64Array.from(r.backwardWeight.slice(0, P)),
    p2p: r.p2p,
    activationBudget: null,
  };
}
type CaseValue = {
  schedule: string;
  halfDevices: number;
  groupSize?: number | null;
  pairing?: Pairing;
  mFactor: number;
  forward: number[];
  backwardInput: number[];
  backwardWeight: number[];
  p2p: number;
  seed: number;
};

/** A small deterministic generator, so a shrunk case replays the same edits. */
function rng(seed: number): () => number {
  let x = seed | 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('simulatePlain (the fast walk) against simulateGeneral', () => {
  it('gives the same timeline for every schedule, with random per-device costs and P2P', () => {
    fc.assert(
      fc.property(caseArb, (r) => {
        const config = configOf(r);
        const gen = SCHEDULES[r.schedule];
        if (gen.check(config).length > 0) return;
        const s = gen.generate(config);
        const general = simulateGeneral(s, config);
        expect(general.ok).toBe(true);
        const fast = simulatePlain(s, config);
        expect(fast).not.toBeNull();
        if (general.ok && fast) expectSame(fast, general.timeline);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees on custom orders: shuffled devices, moved ops, broken pairs; declines what cannot run', () => {
    fc.assert(
      fc.property(caseArb, (r) => {
        const config = configOf(r);
        const gen = SCHEDULES[r.schedule];
        if (gen.check(config).length > 0) return;
        const base = gen.generate(config);
        const rand = rng(r.seed);
        // Swap the kind and micro-batch of a few neighbouring ops on random devices (many such
        // orders deadlock, or lose an op when the two were on different stages), and pair or
        // unpair some neighbours.
        const order = withColumns(base, (c) => {
          const swaps = 1 + Math.floor(rand() * 4);
          for (let k = 0; k < swaps; k++) {
            const d = Math.floor(rand() * base.devices);
            const lo = base.deviceStart[d];
            const hi = base.deviceStart[d + 1];
            if (hi - lo < 2) continue;
            const i = lo + Math.floor(rand() * (hi - lo - 1));
            const kind = c.kind[i];
            const mb = c.microbatch[i];
            c.kind[i] = c.kind[i + 1];
            c.microbatch[i] = c.microbatch[i + 1];
            c.kind[i + 1] = kind;
            c.microbatch[i + 1] = mb;
            if (rand() < 0.5) {
              c.pair[i] = 1000 + k;
              c.pair[i + 1] = 1000 + k;
            } else c.pair[i] = NO_PAIR;
          }
        });
        const general = simulateGeneral(order, config);
        const fast = simulatePlain(order, config);
        if (general.ok) {
          expect(fast).not.toBeNull();
          if (fast) expectSame(fast, general.timeline);
        } else expect(fast).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same timeline when the sweeps stall and wake lists take over', () => {
    // Sweeps alternate up and down the devices, so chains along the pipeline in either direction
    // move far in one sweep; what stalls them is a long run of sweeps that each run fewer than
    // P / 4 ops. 1F1B and ZB-H1 on 32 devices with few micro-batches do so in their cool-down
    // (one backward per device left, each waiting on the next device's); Interleaved 1F1B on 8
    // devices with two chunks each, in its cool-down too. Costs differ per device.
    for (const [name, P, m, p2p] of [
      ['1f1b', 32, 8, 0.3],
      ['zb-h1', 32, 16, 2],
      ['interleaved-1f1b', 8, 64, 0],
    ] as const) {
      const costs = (scale: number) =>
        Float64Array.from({ length: P }, (_, d) => scale * (1 + ((d * 7) % 5) / 4));
      const config: ScheduleConfig = {
        devices: P,
        microbatches: m,
        chunks: 2,
        groupSize: null,
        pairing: 'off',
        forward: costs(1),
        backwardInput: costs(1.5),
        backwardWeight: costs(0.5),
        p2p,
        activationBudget: null,
      };
      const s = SCHEDULES[name].generate(config);
      const general = simulateGeneral(s, config);
      const fast = simulatePlain(s, config);
      expect(general.ok).toBe(true);
      expect(fast).not.toBeNull();
      expect(lastWalk.wakeLists, `${name} P=${P} m=${m} reaches the wake lists`).toBe(true);
      if (general.ok && fast) expectSame(fast, general.timeline);
    }
  });

  it('declines orders with an op missing, doubled, out of range, or a W after a full backward', () => {
    const config = configOf({
      schedule: 'zb-h1',
      halfDevices: 2,
      mFactor: 2,
      forward: Array(8).fill(1),
      backwardInput: Array(8).fill(1),
      backwardWeight: Array(8).fill(1),
      p2p: 0.1,
      seed: 1,
    });
    const s = SCHEDULES['zb-h1'].generate(config);
    const firstW = s.kind.indexOf(OpKind.W);
    const firstB = s.kind.indexOf(OpKind.B);
    const broken = [
      withColumns(s, (c) => {
        c.microbatch[0] = c.microbatch[1]; // F of micro-batch 0 missing, F of 1 twice
      }),
      withColumns(s, (c) => {
        c.microbatch[0] = s.microbatches; // out of range
      }),
      withColumns(s, (c) => {
        c.kind[firstB] = OpKind.BW; // its W now runs after a full backward
      }),
      withColumns(s, (c) => {
        c.kind[firstW] = OpKind.F; // a W missing, an F doubled
      }),
    ];
    for (const order of broken) {
      const general = simulateGeneral(order, config);
      expect(general.ok).toBe(false);
      expect(simulatePlain(order, config)).toBeNull();
      // simulate() falls back to the general walk, which says what is wrong
      const r = simulate(order, config);
      expect(r.ok).toBe(false);
      if (!r.ok && !general.ok) expect(r.error.message).toBe(general.error.message);
    }
  });

  it('declines negative costs, leaving them to the general walk', () => {
    const config = configOf({
      schedule: '1f1b',
      halfDevices: 1,
      mFactor: 1,
      forward: Array(8).fill(-1),
      backwardInput: Array(8).fill(1),
      backwardWeight: Array(8).fill(1),
      p2p: 0,
      seed: 1,
    });
    const s = SCHEDULES['1f1b'].generate(config);
    expect(simulatePlain(s, config)).toBeNull();
    expect(simulate(s, config)).toEqual(simulateGeneral(s, config));
  });
});
