import { describe, expect, it } from 'vitest';
import { scenarioToConfig } from '../model/costs';
import { type Scenario, defaultScenario } from '../model/scenario';
import { allSchedules } from '../schedules/registry';
import { hasPairs } from '../sim/pairing';
import { linearScaler, scaleToMicrobatches } from './scaling';
import { choiceAt, inShard, pairsOnItsOwn, resolveSpace } from './space';
import { deepSeekScenario } from './tune.test-helper';

const base: Scenario = { ...defaultScenario(), devices: 4, microbatches: 8 };

function space(request: Parameters<typeof resolveSpace>[1], s: Scenario = base) {
  const r = resolveSpace(s, request, linearScaler);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.space;
}

describe('the search space', () => {
  it('sweeps each axis only where the schedule reads it', () => {
    const s = space({
      schedules: ['1f1b', 'interleaved-1f1b', 'looped-bfs', 'zb-h2', 'dualpipe'],
      microbatches: [8, 16],
      chunks: [1, 2, 3],
      pairing: ['off', 'on'],
      activationBudget: [4, null],
    });
    const by = Object.fromEntries(s.schedules.map((a) => [a.schedule, a]));
    expect(by['1f1b']).toMatchObject({
      chunks: [2],
      pairing: ['off', 'steady-state'],
      activationBudget: [null],
      count: 4,
    });
    // Megatron's interleaved schedule takes v >= 2 and pairs as combined 1F1B
    expect(by['interleaved-1f1b']).toMatchObject({
      chunks: [2, 3],
      pairing: ['off', 'combined-1f1b'],
      count: 8,
    });
    expect(by['looped-bfs']).toMatchObject({ chunks: [1, 2, 3], count: 12 });
    expect(by['zb-h2']).toMatchObject({ activationBudget: [4, null], count: 8 });
    expect(by.dualpipe).toMatchObject({ pairing: ['off'], count: 2 });
    expect(s.size).toBe(4 + 8 + 12 + 8 + 2);
    expect(s.notes.join('\n')).toMatch(/dualpipe: pairs forwards with backwards on its own/);
  });

  it('gives every index its own configuration', () => {
    const s = space({
      schedules: ['gpipe', 'interleaved-1f1b', 'zb-h2'],
      microbatches: [4, 8],
      chunks: [2, 4],
    });
    const seen = new Set<string>();
    for (let i = 0; i < s.size; i++) seen.add(JSON.stringify(choiceAt(s, i)));
    expect(seen.size).toBe(s.size);
  });

  it('defaults to every generated schedule, m0 times 1/4 .. 4, pairing off and on, the scenario SM split', () => {
    const s = space({});
    expect(s.request.schedules).toEqual(
      allSchedules()
        .filter((d) => d.placement !== 'order')
        .map((d) => d.name),
    );
    expect(s.request.schedules).not.toContain('custom');
    expect(s.request.microbatches).toEqual([2, 4, 8, 16, 32]);
    expect(s.request.pairing).toEqual(['off', 'on']);
    expect(s.request.smReserved).toEqual([0]);
    expect(s.request.activationBudget).toEqual([4, 6, null]);
  });

  it('sweeps the SM split only where chunks have parts', () => {
    expect(space({ smReserved: [0, 10] }).schedules[0].smReserved).toEqual([0]);
    expect(space({ smReserved: [0, 10] }).notes.join()).toMatch(/without chunk parts/);
    expect(space({ smReserved: [0, 10] }, deepSeekScenario()).schedules[0].smReserved).toEqual([0, 10]);
  });

  it('refuses recomputation without the cost model, unknown schedules and oversized spaces', () => {
    const err = (r: Parameters<typeof resolveSpace>[1]) => {
      const x = resolveSpace(base, r, linearScaler);
      return x.ok ? [] : x.errors.map((e) => e.path);
    };
    expect(err({ recompute: ['full'] })).toEqual(['recompute']);
    expect(err({ schedules: ['nope'] })).toEqual(['schedules']);
    expect(err({ schedules: ['custom'] })).toEqual(['schedules']);
    // per (m, SM split): pairing off/on for 10 schedules, v 2..4 (interleaved-1f1b, interleaved-zb),
    // v 1..4 (looped-bfs), three budgets (zb-h2), DualPipe(V) once: 2+2+6+8+2+6+6+2+2+2+1+1 = 40;
    // times 5,000 micro-batch counts and 200 SM splits (the example has parts)
    const many = Array.from({ length: 5000 }, (_, i) => i + 1);
    const r = resolveSpace(
      deepSeekScenario(),
      { microbatches: many, smReserved: many.slice(0, 200) },
      linearScaler,
    );
    expect(r.ok ? null : r.errors[0].message).toMatch(/^40,000,000 configurations; at most 10,000,000/);
  });

  it('puts index i in shard (i mod N) + 1', () => {
    expect([0, 1, 2, 3, 4].map((i) => inShard(i, { index: 2, count: 3 }))).toEqual([
      false,
      true,
      false,
      false,
      true,
    ]);
  });

  it('treats a schedule as pairing on its own exactly when its generated order has pairs', () => {
    for (const d of allSchedules()) {
      if (d.placement === 'order') continue; // the custom order: not tuned (it has no order of its own)
      const s = { ...base, devices: 4, microbatches: 16, chunks: 2 };
      const order = d.generate(scenarioToConfig(s));
      expect(hasPairs(order), d.name).toBe(pairsOnItsOwn(d));
    }
  });
});

describe('linear scaling with the global batch fixed', () => {
  it('scales per-micro-batch times and activations by m0 / m and keeps parameters', () => {
    const s: Scenario = {
      ...base,
      costs: { forward: [2, 4, 2, 2], backwardInput: 3, backwardWeight: 1 },
      p2p: { time: 0.5, bytes: 1e6, bandwidth: 100, occupiesComm: false },
    };
    const half = scaleToMicrobatches(s, 16);
    expect(half.microbatches).toBe(16);
    expect(half.costs).toEqual({ forward: [1, 2, 1, 1], backwardInput: 1.5, backwardWeight: 0.5 });
    expect(half.p2p).toEqual({ time: 0.25, bytes: 5e5, bandwidth: 100, occupiesComm: false });
    expect(half.memory.activation).toBe(s.memory.activation / 2);
    expect(half.memory.weightGradStash).toBe(s.memory.weightGradStash / 2);
    expect(half.memory.parameters).toBe(s.memory.parameters);
    // m = m0 leaves every value as it was
    expect(scaleToMicrobatches(s, 8)).toEqual(s);
  });

  it('scales chunk parts and their all-to-all bytes, not the bandwidth or the pair order', () => {
    const s = deepSeekScenario();
    const p = {
      ...s.parts!,
      commBytes: { forward: { dispatch: 8, combine: 4 }, backward: { dispatch: 2, combine: 6 } },
      commBandwidth: 50,
    };
    const q = scaleToMicrobatches({ ...s, parts: p }, 128).parts!;
    expect(q.forward).toEqual({ attention: 0.7, dispatch: 0.7, mlp: 0.5, combine: 1.1 });
    expect(q.backward.mlpWeight).toBe(0.4);
    expect(q.commBytes).toEqual({
      forward: { dispatch: 4, combine: 2 },
      backward: { dispatch: 1, combine: 3 },
    });
    expect(q.commBandwidth).toBe(50);
  });
});
