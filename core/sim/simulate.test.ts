import { describe, expect, it } from 'vitest';
import { uniformConfig } from '../model/config';
import { NO_PAIR, OpKind } from '../model/ops';
import { type Schedule, ScheduleBuilder } from '../model/schedule';
import { gpipe } from '../schedules/gpipe';
import { oneFOneB } from '../schedules/one-f-one-b';
import { type SimInput, simulate } from './simulate';

function costs(P: number, f: number, b: number, w: number, p2p: number): SimInput {
  return {
    forward: new Float64Array(P).fill(f),
    backwardInput: new Float64Array(P).fill(b),
    backwardWeight: new Float64Array(P).fill(w),
    p2p,
  };
}

function custom(P: number, m: number, orders: [number, number, number, number?][][]): Schedule {
  const b = new ScheduleBuilder({
    name: 'custom',
    devices: P,
    microbatches: m,
    chunksPerDevice: 1,
    stages: P,
    chunkShare: 1,
    paramMultiplier: 1,
  });
  orders.forEach((ops, d) => {
    for (const [kind, mb, stage, pair] of ops) b.push(d, kind as OpKind, mb, 0, stage, pair ?? NO_PAIR);
  });
  return b.build();
}

function times(s: Schedule, start: Float64Array, end: Float64Array, d: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++) out.push([start[i], end[i]]);
  return out;
}

describe('simulate: hand-worked timings', () => {
  it('1F1B with P=2, m=2, F=1, BW=2 and P2P 0.5 ends at 10 (worked by hand)', () => {
    const s = oneFOneB.generate(uniformConfig(2, 2));
    const r = simulate(s, costs(2, 1, 1, 1, 0.5));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const t = r.timeline;
    // device 0: F0 F1 BW0 BW1; device 1: F0 BW0 F1 BW1
    expect(times(s, t.start, t.end, 0)).toEqual([
      [0, 1],
      [1, 2],
      [5, 7],
      [8, 10],
    ]);
    expect(times(s, t.start, t.end, 1)).toEqual([
      [1.5, 2.5],
      [2.5, 4.5],
      [4.5, 5.5],
      [5.5, 7.5],
    ]);
    expect(t.makespan).toBe(10);
    // four cross-device transfers: two activations, two gradients
    expect(t.transfers.count).toBe(4);
    const spans = Array.from({ length: 4 }, (_, k) => [t.transfers.start[k], t.transfers.end[k]]);
    expect(spans.sort((a, b) => a[0] - b[0])).toEqual([
      [1, 1.5],
      [2, 2.5],
      [4.5, 5],
      [7.5, 8],
    ]);
    // device 1's first forward waited for device 0's; its F1 did not (the stream was busy)
    const d1 = s.deviceStart[1];
    expect(t.waitedFor[d1]).toBe(0);
    expect(t.waitedFor[d1 + 2]).toBe(-1);
    expect(t.waitedFor[2]).toBe(d1 + 1); // device 0's BW0 waited for device 1's BW0
  });

  it('GPipe on P=3, m=2 takes (m + P - 1)(F + BW) and idles (P - 1)(F + BW) per device', () => {
    const s = gpipe.generate(uniformConfig(3, 2));
    const r = simulate(s, costs(3, 1, 1.5, 0.5, 0));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.timeline.makespan).toBe(4 * 3);
    for (let d = 0; d < 3; d++) {
      let busy = 0;
      for (const [a, b] of times(s, r.timeline.start, r.timeline.end, d)) busy += b - a;
      expect(r.timeline.makespan - busy).toBe(2 * 3);
    }
    // no transfer on the same device, and a zero-cost P2P still records who sent what
    expect(r.timeline.transfers.count).toBe(2 * 2 * 2);
  });

  it('an overlapped pair runs back to back and starts only when both inputs are ready', () => {
    // device 1 pairs BW0 (ready at 4.5) with F1 (arrives at 2 + 3 = 5): the unit starts at 5
    const s = custom(2, 2, [
      [
        [OpKind.F, 0, 0],
        [OpKind.F, 1, 0],
        [OpKind.BW, 0, 0],
        [OpKind.BW, 1, 0],
      ],
      [
        [OpKind.F, 0, 1],
        [OpKind.BW, 0, 1, 0],
        [OpKind.F, 1, 1, 0],
        [OpKind.BW, 1, 1],
      ],
    ]);
    const input = costs(2, 1, 1, 1, 3);
    input.forward[1] = 0.5;
    const r = simulate(s, input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const t = r.timeline;
    expect(times(s, t.start, t.end, 1)).toEqual([
      [4, 4.5],
      [5, 7],
      [7, 7.5],
      [7.5, 9.5],
    ]);
    expect(times(s, t.start, t.end, 0)).toEqual([
      [0, 1],
      [1, 2],
      [10, 12],
      [12.5, 14.5],
    ]);
    expect(t.makespan).toBe(14.5);
    // the pair's late input (F1 from device 0) is what the second op waited for
    expect(t.waitedFor[s.deviceStart[1] + 2]).toBe(1);
  });

  it('a custom order that cannot run reports a deadlock naming the waiting ops', () => {
    const s = custom(2, 1, [
      [
        [OpKind.BW, 0, 0],
        [OpKind.F, 0, 0],
      ],
      [
        [OpKind.F, 0, 1],
        [OpKind.BW, 0, 1],
      ],
    ]);
    const r = simulate(s, costs(2, 1, 1, 1, 0));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.waiting).toEqual([
      {
        device: 0,
        op: 0,
        kind: 'BW',
        microbatch: 0,
        stage: 0,
        needs: 'B/BW of micro-batch 0 on stage 1 (BW on device 1, which has not run)',
        waitsFor: { op: 3, device: 1 },
      },
      {
        device: 1,
        op: 2,
        kind: 'F',
        microbatch: 0,
        stage: 1,
        needs: 'F of micro-batch 0 on stage 0 (F on device 0, which has not run)',
        waitsFor: { op: 1, device: 0 },
      },
    ]);
    // device 0 waits at its BW for device 1's, which sits after device 1's F, which waits for
    // device 0's F, which sits after device 0's BW: the cycle, in PyTorch's action notation
    expect(r.error.cycle?.map((w) => w.device)).toEqual([0, 1]);
    expect(r.error.message).toContain(
      'deadlock: device 0 waits at 0B0 for 1B0 on device 1, device 1 waits at 1F0 for 0F0 on device 0, which closes the cycle',
    );
  });

  it('an order that never runs a needed op is reported, not silently accepted', () => {
    const s = custom(2, 1, [
      [[OpKind.F, 0, 0]],
      [
        [OpKind.F, 0, 1],
        [OpKind.B, 0, 1],
      ],
    ]);
    const r = simulate(s, costs(2, 1, 1, 1, 0));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.missing).toEqual([
      'B/BW of micro-batch 0 on stage 0 never runs',
      'W of micro-batch 0 on stage 1 never runs (its B is split from W)',
    ]);
    expect(r.error.waiting).toEqual([]);
  });

  it('an op that waits for an op no device runs is a deadlock that says so', () => {
    const s = custom(2, 1, [[[OpKind.BW, 0, 0]], [[OpKind.BW, 0, 1]]]);
    const r = simulate(s, costs(2, 1, 1, 1, 0));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.waiting[1].needs).toBe('F of micro-batch 0 on stage 1, which no device runs');
    // no cycle: device 0 waits on device 1, which waits for an op nobody runs
    expect(r.error.cycle?.map((w) => w.device)).toEqual([0, 1]);
    expect(r.error.message).toContain(
      'device 0 waits at 0B0 for 1B0 on device 1, device 1 waits at 1B0 for F of micro-batch 0 on stage 1, which no device runs',
    );
  });

  it('W waits for its own B, and a split B + W costs the same as BW', () => {
    const s = custom(1, 1, [
      [
        [OpKind.F, 0, 0],
        [OpKind.B, 0, 0],
        [OpKind.W, 0, 0],
      ],
    ]);
    const r = simulate(s, costs(1, 1, 2, 3, 0));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(times(s, r.timeline.start, r.timeline.end, 0)).toEqual([
      [0, 1],
      [1, 3],
      [3, 6],
    ]);
  });
});
