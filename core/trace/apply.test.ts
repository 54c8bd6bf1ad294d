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
