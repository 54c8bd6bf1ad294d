import { describe, expect, it } from 'vitest';
import { type ScheduleConfig, uniformConfig } from '../model/config';
import { OpKind } from '../model/ops';
import type { Schedule } from '../model/schedule';
import { SCHEDULES } from '../schedules/index';
import { SimScratch, type WalkStats } from './sim-options';
import { simulate, simulateGeneral } from './simulate';
import { simulatePlain } from './simulate-plain';
import { simulateReference } from './simulate-reference';
import { timelineDiff } from './timeline-diff.test-helper';

// The paths of the fast walk that random schedules rarely reach, and what it declines. (Its
// timelines on random schedules and custom orders are held to the reference simulator in
// simulate-reference.test.ts.)

function withColumns(
  s: Schedule,
  edit: (c: { kind: Uint8Array; microbatch: Int32Array; pair: Int32Array }) => void,
) {
  const c = { kind: s.kind.slice(), microbatch: s.microbatch.slice(), pair: s.pair.slice() };
  edit(c);
  return { ...s, ...c };
}

describe('simulatePlain (the fast walk)', () => {
  it('gives the reference timeline when the sweeps stall and wake lists take over', () => {
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
        forward: costs(1),
        backwardInput: costs(1.5),
        backwardWeight: costs(0.5),
        p2p,
        activationBudget: null,
        groupSize: null,
        pairing: 'off',
      };
      const s = SCHEDULES[name].generate(config);
      const reference = simulateReference(s, config);
      const stats: WalkStats = { walk: 'general', sweeps: 0, wakeLists: false };
      const fast = simulatePlain(s, config, { stats });
      expect(stats.walk).toBe('plain');
      expect(stats.wakeLists, `${name} P=${P} m=${m} reaches the wake lists`).toBe(true);
      expect(reference.ok && fast !== null).toBe(true);
      if (reference.ok && fast) expect(timelineDiff(fast, reference.timeline), name).toEqual([]);
    }
  });

  it('declines orders with an op missing, doubled, out of range, or a W after a full backward', () => {
    const config = uniformConfig(4, 16, 1, 1, 1, { p2p: 0.1 });
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
      expect(simulateReference(order, config).ok).toBe(false);
      expect(simulatePlain(order, config)).toBeNull();
      // simulate() falls back to the general walk, which says what is wrong
      const r = simulate(order, config);
      expect(r.ok).toBe(false);
      if (!r.ok && !general.ok) expect(r.error.message).toBe(general.error.message);
    }
  });

  it('declines negative costs, leaving them to the general walk', () => {
    const config = uniformConfig(2, 4, -1, 1, 1);
    const s = SCHEDULES['1f1b'].generate(config);
    expect(simulatePlain(s, config)).toBeNull();
    expect(simulate(s, config)).toEqual(simulateGeneral(s, config));
  });

  it('reports which walk ran, and takes the same timeline with or without a reused scratch', () => {
    const config = uniformConfig(4, 16, 1, 2, 0.5, { p2p: 0.25 });
    const stats: WalkStats = { walk: 'general', sweeps: 0, wakeLists: false };
    const scratch = new SimScratch();
    for (const name of ['1f1b', 'dualpipe', 'zb-h1'] as const) {
      const s = SCHEDULES[name].generate(config);
      const alone = simulate(s, config);
      const lent = simulate(s, config, { scratch, stats });
      expect(stats.walk, name).toBe('plain');
      expect(stats.sweeps, name).toBeGreaterThan(0);
      expect(alone.ok && lent.ok).toBe(true);
      if (alone.ok && lent.ok) expect(timelineDiff(lent.timeline, alone.timeline), name).toEqual([]);
      simulate(s, { ...config, p2pOccupiesComm: true }, { scratch, stats });
      expect(stats).toEqual({ walk: 'general', sweeps: 0, wakeLists: false });
    }
  });
});
