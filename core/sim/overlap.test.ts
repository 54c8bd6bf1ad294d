import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { loadScenario } from '../format/scenario-file';
import { groupByDevice, intersectionLength } from '../metrics/intervals';
import { DEFAULT_PAIR_ORDER } from '../model/costs';
import { NO_PAIR, OpKind } from '../model/ops';
import { type ChunkParts, defaultScenario, type Scenario } from '../model/scenario';
import { opDevices, ScheduleBuilder } from '../model/schedule';
import { simulate } from './simulate';
import { PART_NAMES, Stream, type Timeline } from './timeline';

const simpleParts: ChunkParts = {
  forward: { attention: 2, dispatch: 1, mlp: 2, combine: 1 },
  backward: { combine: 1, mlpInput: 2, mlpWeight: 1, dispatch: 1, attentionInput: 2, attentionWeight: 1 },
};

function oneDevice(ops: [number, number, number?][], microbatches = 2) {
  const b = new ScheduleBuilder({
    name: 'custom',
    devices: 1,
    microbatches,
    chunksPerDevice: 1,
    stages: 1,
    chunkShare: 1,
    paramMultiplier: 1,
  });
  for (const [kind, mb, pair] of ops) b.push(0, kind as OpKind, mb, 0, 0, pair ?? NO_PAIR);
  return b.build();
}

function input(parts: ChunkParts, reserved = 0) {
  const one = new Float64Array(1).fill(1);
  return {
    forward: one,
    backwardInput: one,
    backwardWeight: one,
    p2p: 0,
    parts,
    smSplit: { total: 132, reserved },
  };
}

/** Parts of op `op` as [name, start, end], in the order the simulator issued them. */
function partsOf(t: Timeline, op: number): [string, number, number][] {
  const p = t.parts!;
  const out: [string, number, number][] = [];
  for (let k = 0; k < p.count; k++)
    if (p.op[k] === op) out.push([PART_NAMES[p.part[k]], p.start[k], p.end[k]]);
  return out;
}

describe('chunks built from parts', () => {
  it('a chunk alone runs its parts in dependency order and idles compute during its own communication', () => {
    const s = oneDevice(
      [
        [OpKind.F, 0],
        [OpKind.BW, 0],
      ],
      1,
    );
    const r = simulate(s, input(simpleParts));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(partsOf(r.timeline, 0)).toEqual([
      ['attention', 0, 2],
      ['dispatch', 2, 3],
      ['mlp', 3, 5],
      ['combine', 5, 6],
    ]);
    // backward alone: the MLP weight-grad runs beside dispatch(B)
    expect(partsOf(r.timeline, 1)).toEqual([
      ['combine-backward', 6, 7],
      ['mlp-input-grad', 7, 9],
      ['mlp-weight-grad', 9, 10],
      ['dispatch-backward', 9, 10],
      ['attention-input-grad', 10, 12],
      ['attention-weight-grad', 12, 13],
    ]);
    expect(r.timeline.makespan).toBe(13);
  });

  it('an overlapped pair interleaves both chunks on two streams (hand-worked, default order)', () => {
    // F0 alone [0, 6]; pair (F1, BW0) is issued when BW0's input (F0) is ready at 6; BW1 alone.
    const s = oneDevice([
      [OpKind.F, 0],
      [OpKind.F, 1, 0],
      [OpKind.BW, 0, 0],
      [OpKind.BW, 1],
    ]);
    const r = simulate(s, input(simpleParts));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const t = r.timeline;
    expect(partsOf(t, 1)).toEqual([
      ['attention', 6, 8],
      ['dispatch', 8, 9],
      ['mlp', 11, 13],
      ['combine', 13, 14],
    ]);
    expect(partsOf(t, 2)).toEqual([
      ['combine-backward', 6, 7],
      ['mlp-input-grad', 8, 10],
      ['dispatch-backward', 10, 11],
      ['mlp-weight-grad', 10, 11],
      ['attention-input-grad', 13, 15],
      ['attention-weight-grad', 15, 16],
    ]);
    // BW1 needs F1 (ends 14); comm is free at 14, compute at 16
    expect(partsOf(t, 3)[0]).toEqual(['combine-backward', 14, 15]);
    expect(t.makespan).toBe(22);
  });

  it('reports the pair time saved against its chunks back to back (6 + 7 alone, 10 paired)', () => {
    const s: Scenario = {
      ...defaultScenario(),
      schedule: 'dualpipe',
      devices: 2,
      microbatches: 4,
      parts: simpleParts,
    };
    const r = analyze(s);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.analysis.metrics.comm.pairIsolated).toEqual({ pair: 10, alone: 13, saved: 3 });
  });

  it('SM split slows compute parts by exactly total / (total - reserved) and leaves communication alone', () => {
    const s = oneDevice(
      [
        [OpKind.F, 0],
        [OpKind.BW, 0],
      ],
      1,
    );
    const r = simulate(s, input(simpleParts, 20));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const k = 132 / 112;
    const f = partsOf(r.timeline, 0).map(([name, a, b]) => [name, b - a]);
    expect(f[0][1]).toBeCloseTo(2 * k, 12);
    expect(f[1][1]).toBeCloseTo(1, 12);
    expect(f[2][1]).toBeCloseTo(2 * k, 12);
    expect(f[3][1]).toBeCloseTo(1, 12);
  });

  it('all-to-all sizes over a bandwidth replace the dispatch/combine times (bytes / GB/s)', () => {
    const s = oneDevice(
      [
        [OpKind.F, 0],
        [OpKind.BW, 0],
      ],
      1,
    );
    // 3e6 bytes at 1.5 GB/s = 3e6 / 1.5e6 bytes per ms = 2 ms
    const parts: ChunkParts = {
      ...simpleParts,
      commBytes: { forward: { dispatch: 3e6, combine: 1.5e6 }, backward: { dispatch: 0, combine: 4.5e6 } },
      commBandwidth: 1.5,
    };
    const r = simulate(s, input(parts));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const span = (op: number, name: string) => {
      const p = partsOf(r.timeline, op).find((x) => x[0] === name);
      return p ? p[2] - p[1] : 0;
    };
    expect(span(0, 'dispatch')).toBeCloseTo(2, 12);
    expect(span(0, 'combine')).toBeCloseTo(1, 12);
    expect(span(1, 'combine-backward')).toBeCloseTo(3, 12);
    expect(span(1, 'dispatch-backward')).toBe(0); // 0 bytes: the part is absent
  });

  it('asks for the bandwidth when all-to-all sizes are given without one', () => {
    const r = analyze({
      ...defaultScenario(),
      parts: {
        ...simpleParts,
        commBytes: { forward: { dispatch: 1, combine: 1 }, backward: { dispatch: 1, combine: 1 } },
      },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual(['parts.commBandwidth']);
  });

  it('rejects a pair order that would make a stream wait for itself, naming the parts', () => {
    const order = [...DEFAULT_PAIR_ORDER];
    // mlp(F) listed before attention(F) on the compute stream: mlp(F) needs dispatch(F), which needs attention(F)
    const a = order.indexOf('attention(F)');
    const m = order.indexOf('mlp(F)');
    [order[a], order[m]] = [order[m], order[a]];
    const r = analyze({ ...defaultScenario(), parts: { ...simpleParts, pairOrder: order } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0].path).toBe('parts.pairOrder');
    expect(r.errors[0].message).toMatch(/"mlp\(F\)" waits for "dispatch\(F\)"/);
  });

  it('a P2P transfer that occupies the comm stream appears as a p2p part on the sender', () => {
    const s: Scenario = {
      ...defaultScenario(),
      schedule: '1f1b',
      devices: 2,
      microbatches: 2,
      parts: simpleParts,
      p2p: { time: 0.5, occupiesComm: true },
    };
    const r = analyze(s);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const t = r.analysis.timeline;
    const p = t.parts!;
    const p2p = PART_NAMES.indexOf('p2p');
    let n = 0;
    for (let k = 0; k < p.count; k++)
      if (p.part[k] === p2p) {
        n++;
        expect(p.stream[k]).toBe(Stream.COMM);
        expect(p.end[k] - p.start[k]).toBe(0.5);
      }
    expect(n).toBe(t.transfers.count);
  });
});

describe('the DeepSeek-V3 example', () => {
  const loaded = loadScenario(
    readFileSync(new URL('../../examples/deepseek-v3.json', import.meta.url), 'utf8'),
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const scenario = loaded.scenario;

  it('describes 16 devices, DualPipe, 20/132 SMs and computation : communication near 1:1', () => {
    expect(scenario.devices).toBe(16);
    expect(scenario.schedule).toBe('dualpipe');
    expect(scenario.smSplit).toEqual({ total: 132, reserved: 20 });
    const r = analyze(scenario);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const ratio = r.analysis.metrics.comm.commToComputeRatio!;
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.2);
  });

  it('its steady-state pairs hide at least 90% of their all-to-all time', () => {
    const r = analyze(scenario);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const t = r.analysis.timeline;
    const s = t.schedule;
    const p = t.parts!;
    const opDevice = opDevices(s);
    const compute = groupByDevice(
      s.devices,
      p.count,
      (k) => opDevice[p.op[k]],
      (k) => p.start[k],
      (k) => p.end[k],
      (k) => p.stream[k] === Stream.COMPUTE,
    );
    const pairComm = groupByDevice(
      s.devices,
      p.count,
      (k) => opDevice[p.op[k]],
      (k) => p.start[k],
      (k) => p.end[k],
      (k) => p.stream[k] === Stream.COMM && s.pair[p.op[k]] !== NO_PAIR && PART_NAMES[p.part[k]] !== 'p2p',
    );
    let comm = 0;
    let hidden = 0;
    for (let d = 0; d < s.devices; d++) {
      for (let k = pairComm.deviceStart[d]; k < pairComm.deviceStart[d + 1]; k++)
        comm += pairComm.end[k] - pairComm.start[k];
      hidden += intersectionLength(compute, pairComm, d);
    }
    expect(comm).toBeGreaterThan(0);
    expect(hidden / comm).toBeGreaterThanOrEqual(0.9);
  });

  it('the same scenario under plain 1F1B exposes most of its all-to-all time', () => {
    const r = analyze(scenario, '1f1b');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const c = r.analysis.metrics.comm;
    expect(c.totalExposed / c.totalComm).toBeGreaterThan(0.5);
  });

  it("issues one pair's parts in the profile-data order, and each stream starts them in that order", () => {
    const r = analyze(scenario);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const t = r.analysis.timeline;
    const s = t.schedule;
    const p = t.parts!;
    // a steady-state pair on device 0: its F and its full backward
    let first = -1;
    for (let i = s.deviceStart[0] + 20; i < s.deviceStart[1] && first < 0; i++)
      if (s.pair[i] !== NO_PAIR && s.pair[i + 1] === s.pair[i] && s.kind[i + 1] === OpKind.BW) first = i;
    expect(first).toBeGreaterThanOrEqual(0);
    const fOp = s.kind[first] === OpKind.F ? first : first + 1;
    const label = (k: number) => {
      const name = PART_NAMES[p.part[k]];
      const role = p.op[k] === fOp ? 'F' : 'B';
      const map: Record<string, string> = {
        attention: 'attention(F)',
        dispatch: 'dispatch(F)',
        mlp: 'mlp(F)',
        combine: 'combine(F)',
        'combine-backward': 'combine(B)',
        'mlp-input-grad': 'mlp-input-grad(B)',
        'mlp-weight-grad': 'mlp-weight-grad(B)',
        'dispatch-backward': 'dispatch(B)',
        'attention-input-grad': 'attention-input-grad(B)',
        'attention-weight-grad': 'attention-weight-grad(B)',
      };
      expect(map[name].endsWith(`(${role})`)).toBe(true);
      return map[name];
    };
    const ks: number[] = [];
    for (let k = 0; k < p.count; k++)
      if ((p.op[k] === first || p.op[k] === first + 1) && PART_NAMES[p.part[k]] !== 'p2p') ks.push(k);
    expect(ks.map(label)).toEqual([...DEFAULT_PAIR_ORDER]);
    // start times: sorted by start (ties in issue order), each stream keeps the profile's order
    const byStart = [...ks].sort((a, b) => p.start[a] - p.start[b] || a - b);
    for (const stream of [Stream.COMPUTE, Stream.COMM]) {
      const got = byStart.filter((k) => p.stream[k] === stream).map(label);
      const want = DEFAULT_PAIR_ORDER.filter(
        (e) => (stream === Stream.COMM) === /^(combine|dispatch)/.test(e),
      );
      expect(got).toEqual(want);
    }
    // across streams the starts follow the profile up to attention(B); combine(F) may start as soon
    // as MLP(F) ends (it needs nothing else), so it begins beside attention(B), before attention-W
    expect(byStart.map(label).slice(0, 8)).toEqual(DEFAULT_PAIR_ORDER.slice(0, 8));
  });
});
