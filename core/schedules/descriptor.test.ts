import { describe, expect, it } from 'vitest';
import { estimateOps } from '../format/limits';
import { uniformConfig } from '../model/config';
import { peakInFlight } from './order-memory';
import { getSchedule, scheduleNames } from './registry';

const at = (name: string) => {
  const gen = getSchedule(name);
  if (!gen) throw new Error(`${name} is not registered`);
  return gen;
};

describe('schedule descriptors', () => {
  // Stages a micro-batch passes on P = 4 devices with v = 3 in the scenario, worked by hand from
  // each placement: one stage per device; v per device interleaved; a V folds 2P stages; DualPipe
  // runs two P-stage copies, so each micro-batch still passes P stages.
  const P = 4;
  const v = 3;
  const m = 8;
  const expected: [name: string, stages: number, opsPerStage: number][] = [
    ['gpipe', 4, 2],
    ['1f1b', 4, 2],
    ['interleaved-1f1b', 12, 2],
    ['looped-bfs', 12, 2],
    ['zb-h1', 4, 3],
    ['zb-h2', 4, 3],
    ['interleaved-zb', 12, 3],
    ['zb-v', 8, 3],
    ['zb-v-half', 8, 3],
    ['zb-v-min', 8, 3],
    ['dualpipe', 4, 3],
    ['dualpipev', 8, 3],
    // a custom order holds v stages per device, its backwards split or not
    ['custom', 12, 3],
  ];

  it.each(expected)(
    '%s passes %i stages on 4 devices, and its op estimate counts %i ops per stage',
    (name, stages, perStage) => {
      expect(at(name).stages(P, v)).toBe(stages);
      expect(estimateOps(name, P, m, v)).toBe(m * stages * perStage);
    },
  );

  it('has a hand-worked row for every registered schedule', () => {
    expect(expected.map(([name]) => name)).toEqual(scheduleNames());
  });

  it('sizes a name the registry does not know like a one-stage-per-device schedule with split backwards', () => {
    expect(estimateOps('zb-h3', 4, 8, 3)).toBe(8 * 4 * 3);
  });

  it('takes v from the scenario only where the schedule interleaves; the others fix their chunks', () => {
    expect(at('interleaved-1f1b').chunksPerDevice(5)).toBe(5);
    expect(at('interleaved-1f1b').shape(4, 8, 5).chunkShare).toBe(1 / 5);
    for (const [name, perDevice, share] of [
      ['1f1b', 1, 1],
      ['zb-v', 2, 0.5],
      ['dualpipe', 2, 1],
      ['dualpipev', 2, 0.5],
    ] as const) {
      expect(at(name).chunksPerDevice(5)).toBe(perDevice);
      expect(at(name).shape(4, 8, 5).chunkShare).toBe(share);
    }
  });
});

describe('memory notes agree with the generated orders', () => {
  // The literature's activations in flight per device (chunk activations), written out by hand:
  // GPipe m; 1F1B and ZB-H1 P - s; ZB-H2 2(P - s) - 1; ZB-V 2P; Megatron's interleaved warm-up
  // (P - s - 1) x 2 + (v - 1) x P plus one; DualPipe PP + 1 = P + 1; DualPipeV PP + 1 = 2P + 1;
  // Looped BFS all v m; PyTorch's interleaved ZB warm-up (v - 1)G + P - 1 - s plus one (G = P when
  // m is a multiple of P); V-Half 2 floor((P + 2)/2) and V-Min 2 floor((P + 4)/3) (the paper's
  // (P+2)//2 and (P+4)//3 micro-batches, in half-share chunks).
  const cases: [
    name: string,
    P: number,
    m: number,
    v: number,
    peak: (P: number, m: number, v: number, s: number) => number,
  ][] = [
    ['gpipe', 4, 8, 2, (_P, m) => m],
    ['1f1b', 5, 10, 2, (P, _m, _v, s) => P - s],
    ['interleaved-1f1b', 4, 16, 3, (P, _m, v, s) => (P - s - 1) * 2 + (v - 1) * P + 1],
    ['looped-bfs', 4, 6, 3, (_P, m, v) => v * m],
    ['zb-h1', 5, 10, 2, (P, _m, _v, s) => P - s],
    ['zb-h2', 4, 16, 2, (P, _m, _v, s) => 2 * (P - s) - 1],
    ['interleaved-zb', 4, 16, 2, (P, _m, v, s) => (v - 1) * P + P - s],
    ['zb-v', 4, 16, 2, (P) => 2 * P],
    ['zb-v-half', 4, 12, 2, (P) => 2 * Math.floor((P + 2) / 2)],
    ['zb-v-min', 6, 18, 2, (P) => 2 * Math.floor((P + 4) / 3)],
    ['dualpipe', 6, 24, 2, (P) => P + 1],
    ['dualpipev', 4, 16, 2, (P) => 2 * P + 1],
  ];

  it('has a row for every registered schedule the literature gives a figure for', () => {
    expect(cases.map(([name]) => name)).toEqual(scheduleNames().filter((n) => at(n).memory !== null));
  });

  it.each(cases)('%s', (name, P, m, v, peak) => {
    const gen = at(name);
    expect(gen.memory).not.toBeNull();
    const config = uniformConfig(P, m, 1, 1, 1, { chunks: v });
    expect(gen.check(config)).toEqual([]);
    const expectedPeaks = Array.from({ length: P }, (_, s) => peak(P, m, v, s));
    expect(Array.from(peakInFlight(gen.generate(config)))).toEqual(expectedPeaks);
  });
});
