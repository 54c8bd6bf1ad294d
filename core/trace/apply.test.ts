import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { loadScenario, saveScenario } from '../format/scenario-file';
import { DEFAULT_PAIR_ORDER, PAIR_ORDER_ENTRIES, type PairOrderEntry } from '../model/costs';
import { type Scenario, defaultScenario } from '../model/scenario';
import { PART_NAMES } from '../sim/timeline';
import { withMeasuredParts } from './apply';
import { defaultTraceMapping } from './mapping';
import { type MeasuredParts, setPart, zeroParts } from './parts';

/** Measured chunk times (ms): entry i takes 1 + i/10. */
function measuredAll(): MeasuredParts {
  const parts = zeroParts();
  PAIR_ORDER_ENTRIES.forEach((e, i) => {
    setPart(parts, e, 1 + i / 10);
  });
  return {
    parts,
    measured: [...PAIR_ORDER_ENTRIES],
    sources: [],
    pairOrder: [...DEFAULT_PAIR_ORDER],
    warnings: [],
  };
}

const from = { files: ['rank0.json.gz'], date: '2025-02-25T05:34:39.470Z', mapping: defaultTraceMapping() };

/** The simulator's name for each part entry's part. */
const SIM_PART: Record<PairOrderEntry, string> = {
  'attention(F)': 'attention',
  'dispatch(F)': 'dispatch',
  'mlp(F)': 'mlp',
  'combine(F)': 'combine',
  'combine(B)': 'combine-backward',
  'mlp-input-grad(B)': 'mlp-input-grad',
  'mlp-weight-grad(B)': 'mlp-weight-grad',
  'dispatch(B)': 'dispatch-backward',
  'attention-input-grad(B)': 'attention-input-grad',
  'attention-weight-grad(B)': 'attention-weight-grad',
};

function base(schedule: Scenario['schedule'], reserved: number): Scenario {
  return { ...defaultScenario(), schedule, devices: 4, microbatches: 8, smSplit: { total: 132, reserved } };
}

describe('writing measured parts into a scenario', () => {
  it.each([
    ['dualpipe', 1],
    ['zb-v', 0.5],
    ['1f1b', 1],
  ] as const)(
    'makes the simulated %s parts last exactly the measured chunk times (chunkShare %s, SMs reserved)',
    (schedule, share) => {
      const { scenario, notes } = withMeasuredParts(base(schedule, 20), measuredAll(), from);
      const slowdown = 132 / 112;
      expect(scenario.parts!.forward.attention).toBeCloseTo(1.1 / share / slowdown, 12); // attention(F) is entry 1
      expect(scenario.parts!.forward.dispatch).toBeCloseTo(1.3 / share, 12); // communication: no SM slowdown
      expect(scenario.parts!.pairOrder).toEqual([...DEFAULT_PAIR_ORDER]);
      expect(notes.some((n) => n.includes('SM slowdown'))).toBe(true);
      const a = analyze(scenario);
      if (!a.ok) throw new Error(JSON.stringify(a.errors));
      const p = a.analysis.timeline.parts!;
      PAIR_ORDER_ENTRIES.forEach((e, i) => {
        const k = Array.from(p.part).findIndex((x) => PART_NAMES[x] === SIM_PART[e]);
        expect([e, p.end[k] - p.start[k]]).toEqual([e, expect.closeTo(1 + i / 10, 9)]);
      });
    },
  );

  it('keeps the base values of parts the trace does not measure, and drops byte-based communication', () => {
    const b = base('dualpipe', 0);
    b.parts = {
      ...zeroParts(),
      forward: { attention: 9, dispatch: 9, mlp: 9, combine: 9 },
      commBytes: { forward: { dispatch: 1e6, combine: 1e6 }, backward: { dispatch: 1e6, combine: 1e6 } },
      commBandwidth: 50,
    };
    const m = measuredAll();
    m.measured = ['dispatch(F)'];
    m.pairOrder = null;
    const { scenario, notes } = withMeasuredParts(b, m, from);
    expect(scenario.parts!.forward).toEqual({ attention: 9, dispatch: 1.3, mlp: 9, combine: 9 });
    expect(scenario.parts!.commBytes).toBeUndefined();
    expect(scenario.parts!.pairOrder).toBeUndefined();
    expect(notes).toContain(
      'parts.commBytes and parts.commBandwidth were dropped: the measured dispatch/combine times replace them',
    );
  });

  it('marks the parts as measured, with the trace files and date, and the mark survives saving', () => {
    const { scenario } = withMeasuredParts(base('dualpipe', 0), measuredAll(), from);
    const loaded = loadScenario(saveScenario(scenario));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    // a field of the format now: no "unknown field" warning, nothing left in extra
    expect(loaded.warnings).toEqual([]);
    expect(loaded.scenario.extra).toBeUndefined();
    expect(loaded.scenario.measuredParts).toEqual({
      files: ['rank0.json.gz'],
      date: '2025-02-25T05:34:39.470Z',
      parts: [...PAIR_ORDER_ENTRIES],
      pairOrder: true,
      chunkShare: 1,
      smSlowdown: 1,
      mapping: { format: 'pipescope-trace-map', version: 1 },
    });
    expect(loaded.scenario.parts).toEqual(scenario.parts);
  });
});

/** A rank's measured parts: only attention(F) and mlp(F), with the given times (ms). */
function rankParts(attention: number, mlp: number): MeasuredParts {
  const parts = zeroParts();
  setPart(parts, 'attention(F)', attention);
  setPart(parts, 'mlp(F)', mlp);
  return { parts, measured: ['attention(F)', 'mlp(F)'], sources: [], pairOrder: null, warnings: [] };
}

/** DualPipe (chunk share 1), no SMs reserved (slowdown 1): measured times go in unchanged. */
function uniformBase(): Scenario {
  const b = base('dualpipe', 0);
  b.parts = { ...zeroParts(), forward: { attention: 1, dispatch: 0.25, mlp: 1.5, combine: 0.25 } };
  return b;
}

/** The simulated time of one part on one device (every op of it lasts the same). */
function simulatedPart(s: Scenario, device: number, part: string): number {
  const a = analyze(s);
  if (!a.ok) throw new Error(JSON.stringify(a.errors));
  const { parts, schedule } = a.analysis.timeline;
  const lo = schedule.deviceStart[device];
  const hi = schedule.deviceStart[device + 1];
  const k = Array.from(parts!.part).findIndex(
    (x, i) => PART_NAMES[x] === part && parts!.op[i] >= lo && parts!.op[i] < hi,
  );
  return parts!.end[k] - parts!.start[k];
}

describe('measured parts of several ranks, one per planned device', () => {
  it('writes each rank’s times to its device as per-device arrays; a device without a rank keeps its value', () => {
    const ranks = [
      { rank: 0, parts: rankParts(2, 3) },
      { rank: 2, parts: rankParts(5, 7) },
    ];
    // The summary's mean (3.5, 5) must not be what is written.
    const { scenario, notes } = withMeasuredParts(uniformBase(), rankParts(3.5, 5), from, ranks);
    expect(scenario.parts!.forward).toEqual({
      attention: [2, 1, 5, 1],
      dispatch: 0.25,
      mlp: [3, 1.5, 7, 1.5],
      combine: 0.25,
    });
    expect(scenario.measuredParts!.parts).toEqual(['attention(F)', 'mlp(F)']);
    expect(scenario.measuredParts!.devices).toEqual([0, 2]);
    expect(notes).toContain(
      'measured per device: rank 0 -> device 0, rank 2 -> device 2; the other 2 devices kept their times',
    );
    expect(simulatedPart(scenario, 2, 'attention')).toBeCloseTo(5, 9);
    expect(simulatedPart(scenario, 1, 'attention')).toBeCloseTo(1, 9);
    expect(simulatedPart(scenario, 0, 'mlp')).toBeCloseTo(3, 9);
  });

  it('divides each device’s time by the chunk share and, for compute, the SM slowdown', () => {
    const b = { ...uniformBase(), schedule: 'zb-v' as const, smSplit: { total: 132, reserved: 20 } };
    const ranks = [
      { rank: 0, parts: rankParts(2, 3) },
      { rank: 1, parts: rankParts(4, 6) },
    ];
    const { scenario } = withMeasuredParts(b, rankParts(3, 4.5), from, ranks);
    // zb-v: chunk share 1/2; slowdown 132/112.
    const k = 2 / (132 / 112);
    const attention = scenario.parts!.forward.attention as number[];
    expect(attention.map((x) => Math.round(x * 1e9) / 1e9)).toEqual(
      [2 * k, 4 * k, 1, 1].map((x) => Math.round(x * 1e9) / 1e9),
    );
  });

  it('with one rank and uniform parts, writes its times for every device as before', () => {
    const { scenario, notes } = withMeasuredParts(uniformBase(), rankParts(2, 3), from, [
      { rank: 1, parts: rankParts(2, 3) },
    ]);
    expect(scenario.parts!.forward).toEqual({ attention: 2, dispatch: 0.25, mlp: 3, combine: 0.25 });
    expect(scenario.measuredParts!.devices).toBeUndefined();
    expect(notes).toContain(
      "one rank measured and the base's parts are the same on every device: its times are written for all 4 devices",
    );
  });

  it('with one rank and parts that already differ between devices, writes its device only', () => {
    const b = uniformBase();
    b.parts!.forward.attention = [1, 1, 2, 2];
    const { scenario } = withMeasuredParts(b, rankParts(4, 6), from, [{ rank: 1, parts: rankParts(4, 6) }]);
    expect(scenario.parts!.forward.attention).toEqual([1, 4, 2, 2]);
    expect(scenario.parts!.forward.mlp).toEqual([1.5, 6, 1.5, 1.5]);
    expect(scenario.measuredParts!.devices).toEqual([1]);
  });

  it('averages two entries of the same rank and leaves out ranks beyond the planned devices', () => {
    const ranks = [
      { rank: 0, parts: rankParts(2, 3) },
      { rank: 0, parts: rankParts(4, 5) },
      { rank: 3, parts: rankParts(6, 8) },
      { rank: 9, parts: rankParts(100, 100) },
      { rank: 1, parts: null },
    ];
    const { scenario, notes } = withMeasuredParts(uniformBase(), rankParts(1, 1), from, ranks);
    expect(scenario.parts!.forward.attention).toEqual([3, 1, 1, 6]);
    expect(scenario.parts!.forward.mlp).toEqual([4, 1.5, 1.5, 8]);
    expect(notes).toContain('rank 9 is not a planned device (the scenario has 4), so left out');
  });

  it('keeps the measured devices through saving and loading', () => {
    const ranks = [
      { rank: 0, parts: rankParts(2, 3) },
      { rank: 3, parts: rankParts(6, 8) },
    ];
    const { scenario } = withMeasuredParts(uniformBase(), rankParts(4, 5.5), from, ranks);
    const loaded = loadScenario(saveScenario(scenario));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.warnings).toEqual([]);
    expect(loaded.scenario.measuredParts!.devices).toEqual([0, 3]);
    expect(loaded.scenario.parts).toEqual(scenario.parts);
  });
});
