import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { CATEGORIES } from '../layout/palette';
import { PAIR_ORDER_ENTRIES } from '../model/costs';
import { type Scenario, defaultScenario } from '../model/scenario';
import { Stream } from '../sim/timeline';
import { defaultTraceMapping } from './mapping';
import { measuredTimeline } from './measured-timeline';
import { MEASURED_BLOCK, MEASURED_OTHER_CATEGORY, PLANNED_BLOCK, overlayLayout } from './overlay-layout';
import { compareFigures, compareParts, plannedDeviceFigures } from './plan-compare';
import { TraceBuilder, readBuilt } from './synthetic';

const MS = 1000; // the builder takes microseconds

/**
 * Device 0 (times in ms, from the trace's first op at 2):
 *   stream 7:  attn(F)'s kernel [2, 5], an unannotated kernel [6, 7], mlp(F)'s kernel [9, 12]
 *   stream 27: dispatch(F)'s DeepEP kernel [4, 6]
 * Device 1 (same file) runs one kernel, which the device-0 timeline must leave out.
 */
async function twoParts() {
  const b = new TraceBuilder();
  b.annotation('attn(F)', 0, 100);
  b.kernel('sm90_gemm', { stream: 7, launch: 10, start: 2 * MS, dur: 3 * MS });
  b.annotation('dispatch(F)', 200, 100);
  b.kernel('deep_ep::intranode::dispatch', { stream: 27, launch: 210, start: 4 * MS, dur: 2 * MS });
  b.kernel('elementwise', { stream: 7, launch: 500, start: 6 * MS, dur: 1 * MS });
  b.annotation('mlp(F)', 600, 100);
  b.kernel('sm90_gemm', { stream: 7, launch: 610, start: 9 * MS, dur: 3 * MS });
  b.kernel('other_device', { stream: 7, launch: 700, start: 1 * MS, dur: 1 * MS, device: 1 });
  return readBuilt(b);
}

const role = (s: number) => (s === 27 ? ('comm' as const) : ('compute' as const));

describe('a measured timeline', () => {
  it("holds one device's ops by stream and start, from 0, each with its annotation's part", async () => {
    const t = measuredTimeline(await twoParts(), 0, defaultTraceMapping(), role);
    expect(t.streams).toEqual([
      { id: 7, role: 'compute' },
      { id: 27, role: 'comm' },
    ]);
    expect(t.count).toBe(4);
    expect(Array.from(t.stream)).toEqual([0, 0, 0, 1]);
    expect(Array.from(t.start)).toEqual([0, 4, 7, 2]);
    expect(Array.from(t.end)).toEqual([3, 5, 10, 4]);
    const entry = (i: number) => (t.entry[i] < 0 ? null : PAIR_ORDER_ENTRIES[t.entry[i]]);
    expect([0, 1, 2, 3].map(entry)).toEqual(['attention(F)', null, 'mlp(F)', 'dispatch(F)']);
    expect(t.names[t.name[1]]).toBe('elementwise');
    expect(t.annotation[1]).toBe(-1);
    expect(t.makespan).toBe(10);
    expect(t.originMs).toBe(2);
  });
});

function plan(over: Partial<Scenario> = {}) {
  const r = analyze({ ...defaultScenario(), devices: 2, microbatches: 2, ...over });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.analysis;
}

describe('the overlay layout', () => {
  it('puts the planned device above the measured streams, both from 0, on one time axis', async () => {
    const a = plan();
    const m = measuredTimeline(await twoParts(), 0, defaultTraceMapping(), role);
    const layout = overlayLayout(a.timeline, 1, m);
    expect(layout.blocks.map((b) => [b.timeline, b.laneCount])).toEqual([
      [PLANNED_BLOCK, 1],
      [MEASURED_BLOCK, 2],
    ]);
    expect(layout.lanes.map((l) => [l.label, l.stream])).toEqual([
      ['Device 1', Stream.COMPUTE],
      ['stream 7', Stream.COMPUTE],
      ['stream 27', Stream.COMM],
    ]);
    // device 1 of 1F1B runs 2 F and 2 BW (B + W) of 1 ms each: 4 bars
    expect(layout.laneStart[1] - layout.laneStart[0]).toBe(4);
    expect(layout.makespan).toBe(Math.max(a.timeline.makespan, 10));
    // the measured bars in lane order, with the palette's part colours and grey for no part
    const bars = [...Array(layout.bars.count).keys()].filter((b) => layout.bars.lane[b] > 0);
    expect(bars.map((b) => CATEGORIES[layout.bars.category[b]].key)).toEqual([
      'attention',
      CATEGORIES[MEASURED_OTHER_CATEGORY].key,
      'mlp',
      'dispatch',
    ]);
    // stream 7's idle gaps within the measured window [0, 10]: [3, 4] and [5, 7]
    const gaps = [...Array(layout.bubbles.count).keys()].filter((k) => layout.bubbles.lane[k] === 1);
    expect(gaps.map((k) => [layout.bubbles.start[k], layout.bubbles.end[k]])).toEqual([
      [3, 4],
      [5, 7],
    ]);
  });

  it('draws the measured streams alone when there is no valid plan', async () => {
    const m = measuredTimeline(await twoParts(), 0, defaultTraceMapping(), role);
    const layout = overlayLayout(null, 0, m);
    expect(layout.blocks[0].laneCount).toBe(0);
    expect(layout.lanes).toHaveLength(2);
    expect(layout.makespan).toBe(10);
  });
});

describe('planned against measured figures', () => {
  it("gives a planned device the trace figures' definitions", () => {
    // 1F1B, 2 devices, 2 micro-batches, F = B = W = 1 ms, no communication: device 0 computes
    // 2 x (F + B + W) = 6 ms; its window runs from its first op's start to its last op's end, and
    // idle is the window minus those 6 ms.
    const a = plan();
    const f = plannedDeviceFigures(a, 0);
    expect(f.computeMs).toBe(6);
    expect(f.commMs).toBe(0);
    expect(f.overlap).toBeNull();
    const first = a.timeline.start[a.timeline.schedule.deviceStart[0]];
    const last = Math.max(...Array.from(a.timeline.end.slice(0, a.timeline.schedule.deviceStart[1])));
    expect(f.windowMs).toBe(last - first);
    expect(f.idleMs).toBe(f.windowMs - 6);
  });

  it('lists each figure with both values and measured minus planned', () => {
    const p = {
      windowMs: 10,
      computeMs: 8,
      commMs: 4,
      overlapMs: 2,
      overlap: 0.5,
      exposedCommMs: 2,
      idleMs: 0,
    };
    const m = {
      windowMs: 12,
      computeMs: 9,
      commMs: 5,
      overlapMs: 4,
      overlap: 0.8,
      exposedCommMs: 1,
      idleMs: 2,
    };
    const rows = compareFigures(p, m);
    expect(rows.map((r) => [r.id, r.difference])).toEqual([
      ['windowMs', 2],
      ['computeMs', 1],
      ['commMs', 1],
      ['overlap', 0.8 - 0.5],
      ['exposedCommMs', -1],
      ['idleMs', 2],
    ]);
    expect(compareFigures(null, m).every((r) => r.planned === null && r.difference === null)).toBe(true);
  });

  it("runs a chunk's planned parts as the simulator does: x chunk share, compute x the SM slowdown", () => {
    const parts = {
      forward: { attention: 2, dispatch: 1, mlp: 3, combine: 1 },
      backward: { combine: 1, mlpInput: 3, mlpWeight: 3, dispatch: 1, attentionInput: 2, attentionWeight: 2 },
    };
    // ZB-V: two chunks per device, each half the device's share; 12 of 132 SMs reserved
    const a = plan({
      schedule: 'zb-v',
      devices: 2,
      microbatches: 4,
      parts,
      smSplit: { total: 132, reserved: 12 },
    });
    const measured = {
      parts: { ...parts, forward: { ...parts.forward, attention: 1.5 } },
      measured: ['attention(F)'],
    };
    const rows = compareParts(a, measured);
    const attn = rows.find((r) => r.entry === 'attention(F)')!;
    expect(attn.planned).toBeCloseTo(2 * 0.5 * (132 / 120), 12);
    expect(attn.measured).toBe(1.5);
    expect(attn.difference).toBeCloseTo(1.5 - 1.1, 12);
    const dispatch = rows.find((r) => r.entry === 'dispatch(F)')!;
    expect(dispatch.planned).toBe(0.5); // communication runs on its own SMs: no slowdown
    expect(dispatch.measured).toBeNull();
  });
});
