import { describe, expect, it } from 'vitest';
import { OpKind } from '../model/ops';
import { Stream } from '../sim/timeline';
import { deviceRows, type GanttLayout, layoutGantt, reverseChunks, ROW_HEIGHTS } from './gantt-layout';
import { CATEGORIES, categoryOfPart, P2P_CATEGORY } from './palette';
import { uniformConfig } from '../model/config';
import { SCHEDULES } from '../schedules';
import { simulate } from '../sim/simulate';
import { buildTimeline, type TestPart } from './test-timelines';

const { F, B, W } = OpKind;

/** Bars of one lane as readable tuples [categoryKey, start, end, microbatch]. */
function laneBars(layout: GanttLayout, lane: number): [string, number, number, number][] {
  const out: [string, number, number, number][] = [];
  for (let b = layout.laneStart[lane]; b < layout.laneStart[lane + 1]; b++) {
    expect(layout.bars.lane[b]).toBe(lane);
    out.push([
      CATEGORIES[layout.bars.category[b]].key,
      layout.bars.start[b],
      layout.bars.end[b],
      layout.bars.microbatch[b],
    ]);
  }
  return out;
}

function intervalsOf(c: GanttLayout['bubbles']): [number, number, number][] {
  return Array.from({ length: c.count }, (_, i) => [c.lane[i], c.start[i], c.end[i]]);
}

// Two devices, two micro-batches, times chosen by hand:
// device 0: F0 [0,1] F1 [1,2] .. idle .. B0 [5,7] B1 [7,9]
// device 1: idle [0,1] F0 [1,2] B0 [2,4] F1 [4,5] B1 [5,7] idle [7,9]
const twoDevices = () =>
  buildTimeline([
    [
      { kind: F, mb: 0, start: 0, end: 1 },
      { kind: F, mb: 1, start: 1, end: 2 },
      { kind: B, mb: 0, start: 5, end: 7 },
      { kind: B, mb: 1, start: 7, end: 9 },
    ],
    [
      { kind: F, mb: 0, start: 1, end: 2 },
      { kind: B, mb: 0, start: 2, end: 4 },
      { kind: F, mb: 1, start: 4, end: 5 },
      { kind: B, mb: 1, start: 5, end: 7 },
    ],
  ]);

/** twoDevices() with F0's activation sent [1, 1.5] and B0's gradient (op 5) sent from 4 to `secondEnd`. */
function twoDevicesSending(secondEnd: number) {
  const t = twoDevices();
  t.transfers = {
    count: 2,
    fromOp: Int32Array.of(0, 5),
    toOp: Int32Array.of(4, 2),
    start: Float64Array.of(1, 4),
    end: Float64Array.of(1.5, secondEnd),
  };
  return t;
}

/** Device 1's bars of twoDevices(), as laneBars gives them. */
const DEVICE_1_BARS = [
  ['F', 1, 2, 0],
  ['B', 2, 4, 0],
  ['F', 4, 5, 1],
  ['B', 5, 7, 1],
];

describe('layoutGantt', () => {
  it('gives each device one compute lane, stacked by rowHeight, when nothing runs on the comm stream', () => {
    const layout = layoutGantt([twoDevices()], { rowHeight: 20 });
    expect(layout.lanes.map((l) => [l.device, l.stream, l.y, l.height])).toEqual([
      [0, Stream.COMPUTE, 0, 20],
      [1, Stream.COMPUTE, 20, 20],
    ]);
    expect(layout.height).toBe(40);
    expect(layout.makespan).toBe(9);
  });

  it('draws every op as one bar on its device lane, in start order, coloured by kind', () => {
    const layout = layoutGantt([twoDevices()]);
    expect(layout.bars.count).toBe(8);
    expect(laneBars(layout, 0)).toEqual([
      ['F', 0, 1, 0],
      ['F', 1, 2, 1],
      ['B', 5, 7, 0],
      ['B', 7, 9, 1],
    ]);
    expect(laneBars(layout, 1)).toEqual(DEVICE_1_BARS);
    // bar.op points back into the schedule: device 1's ops are indices 4..7.
    expect(Array.from(layout.bars.op.subarray(4, 8))).toEqual([4, 5, 6, 7]);
  });

  it('marks idle gaps between 0 and the makespan as bubbles on compute lanes', () => {
    const layout = layoutGantt([twoDevices()]);
    expect(intervalsOf(layout.bubbles)).toEqual([
      [0, 2, 5],
      [1, 0, 1],
      [1, 7, 9],
    ]);
  });

  it('adds a comm lane under every device when showComm is set, and draws P2P transfers on the sender', () => {
    const t = twoDevicesSending(4); // the second transfer is instantaneous: nothing to draw
    const layout = layoutGantt([t], { showComm: true, rowHeight: 20, commHeight: 10 });
    expect(layout.lanes.map((l) => [l.device, l.stream, l.y, l.height])).toEqual([
      [0, Stream.COMPUTE, 0, 20],
      [0, Stream.COMM, 20, 10],
      [1, Stream.COMPUTE, 30, 20],
      [1, Stream.COMM, 50, 10],
    ]);
    expect(laneBars(layout, 1)).toEqual([['P2P', 1, 1.5, 0]]);
    expect(laneBars(layout, 3)).toEqual([]);
    // Bubbles stay on compute lanes only.
    expect(new Set(Array.from(layout.bubbles.lane))).toEqual(new Set([0, 2]));
  });

  it('draws a chunk with parts as one bar per part on its stream lane, and the idle compute stream as bubble', () => {
    // One F split into attention -> dispatch -> mlp -> combine, then a plain B.
    const t = buildTimeline(
      [
        [
          { kind: F, mb: 3, start: 0, end: 6 },
          { kind: B, mb: 3, start: 6, end: 8 },
        ],
      ],
      {
        parts: [
          // Given out of order on purpose: the layout sorts each lane by start.
          { op: 0, name: 'mlp', stream: Stream.COMPUTE, start: 3, end: 5 },
          { op: 0, name: 'attention', stream: Stream.COMPUTE, start: 0, end: 2 },
          { op: 0, name: 'combine', stream: Stream.COMM, start: 5, end: 6 },
          { op: 0, name: 'dispatch', stream: Stream.COMM, start: 2, end: 3 },
        ],
      },
    );
    const layout = layoutGantt([t]);
    expect(layout.lanes.map((l) => l.stream)).toEqual([Stream.COMPUTE, Stream.COMM]);
    expect(laneBars(layout, 0)).toEqual([
      ['attention', 0, 2, 3],
      ['mlp', 3, 5, 3],
      ['B', 6, 8, 3],
    ]);
    expect(laneBars(layout, 1)).toEqual([
      ['dispatch', 2, 3, 3],
      ['combine', 5, 6, 3],
    ]);
    expect(intervalsOf(layout.bubbles)).toEqual([
      [0, 2, 3],
      [0, 5, 6],
    ]);
  });

  it('sorts a lane of parts given in any order by start, then end, ties kept in the order given', () => {
    // Plain reference: every part of the one compute lane, as [name, start, end], sorted by a
    // comparator the test writes itself (stable: Array.prototype.sort is).
    const expectSorted = (parts: TestPart[]) => {
      const t = buildTimeline([[{ kind: F, mb: 0, start: 0, end: 1000 }]], { parts });
      const want = parts
        .map((p) => [p.name, p.start, p.end, 0] as [string, number, number, number])
        .sort((a, b) => a[1] - b[1] || a[2] - b[2]);
      expect(laneBars(layoutGantt([t]), 0)).toEqual(want);
    };
    const names = ['attention', 'mlp', 'mlp-input-grad', 'attention-weight-grad'] as const;
    const part = (i: number, start: number, end: number): TestPart => ({
      op: 0,
      name: names[i % names.length],
      stream: Stream.COMPUTE,
      start,
      end,
    });
    // Nearly sorted, as two overlapped ops' parts interleave: each pair of neighbours swapped.
    expectSorted(Array.from({ length: 40 }, (_, i) => part(i, i ^ 1, (i ^ 1) + 1)));
    // Ties: the same start sorts by end; the same start and end keep the order given.
    expectSorted([part(0, 2, 5), part(1, 2, 3), part(2, 1, 2), part(3, 2, 3), part(4, 2, 3), part(5, 0, 9)]);
    // Given backwards (far more moves than a few per bar: the comparator sort's path), with ties.
    expectSorted(Array.from({ length: 300 }, (_, i) => part(i, Math.floor((300 - i) / 2), 400 - i)));
  });

  it('does not draw transfers twice when the simulator already placed them as p2p parts', () => {
    const t = buildTimeline(
      [[{ kind: F, mb: 0, start: 0, end: 1 }], [{ kind: F, mb: 0, start: 2, end: 3 }]],
      {
        parts: [
          { op: 0, name: 'attention', stream: Stream.COMPUTE, start: 0, end: 1 },
          { op: 0, name: 'p2p', stream: Stream.COMM, start: 1, end: 2 },
          { op: 1, name: 'attention', stream: Stream.COMPUTE, start: 2, end: 3 },
        ],
        transfers: [{ fromOp: 0, toOp: 1, start: 1, end: 2 }],
      },
    );
    const layout = layoutGantt([t]);
    expect(laneBars(layout, 1)).toEqual([['P2P', 1, 2, 0]]);
    expect(categoryOfPart(10)).toBe(P2P_CATEGORY);
  });

  it('outlines consecutive ops with the same pair number as one overlapped pair', () => {
    const t = buildTimeline([
      [
        { kind: F, mb: 0, start: 0, end: 1 },
        { kind: F, mb: 1, pair: 7, start: 1, end: 3 },
        { kind: B, mb: 0, pair: 7, start: 1.5, end: 4 },
        { kind: W, mb: 0, start: 4, end: 5 },
        { kind: F, mb: 2, pair: 8, start: 5, end: 6 },
        { kind: B, mb: 1, pair: 8, start: 6, end: 7 },
      ],
    ]);
    const layout = layoutGantt([t]);
    expect(intervalsOf(layout.pairs)).toEqual([
      [0, 1, 4],
      [0, 5, 7],
    ]);
    // Overlapping bars of a pair still leave no bubble.
    expect(layout.bubbles.count).toBe(0);
  });

  it('stacks several timelines in labelled blocks on one time axis, each with bubbles up to its own makespan', () => {
    const long = twoDevices(); // makespan 9
    const short = buildTimeline([
      [{ kind: F, mb: 0, start: 0, end: 2 }],
      [{ kind: F, mb: 0, start: 1, end: 3 }],
    ]);
    const layout = layoutGantt([long, short], { rowHeight: 20, blockHeader: 16, blockGap: 4 });
    expect(layout.blocks.map((b) => [b.y, b.headerHeight, b.height, b.firstLane, b.laneCount])).toEqual([
      [0, 16, 56, 0, 2],
      [60, 16, 56, 2, 2],
    ]);
    expect(layout.lanes.map((l) => [l.timeline, l.device, l.y])).toEqual([
      [0, 0, 16],
      [0, 1, 36],
      [1, 0, 76],
      [1, 1, 96],
    ]);
    expect(layout.height).toBe(116);
    expect(layout.makespan).toBe(9);
    // The short timeline ends at 3: device 0 idles [2,3], device 1 idles [0,1], nothing after 3.
    expect(intervalsOf(layout.bubbles).filter(([lane]) => lane >= 2)).toEqual([
      [2, 2, 3],
      [3, 0, 1],
    ]);
  });

  it('reserves a header per block by default only when timelines are compared', () => {
    expect(layoutGantt([twoDevices()]).blocks[0].headerHeight).toBe(0);
    expect(layoutGantt([twoDevices(), twoDevices()]).blocks[1].headerHeight).toBeGreaterThan(0);
  });

  it('lays out nothing for no timelines', () => {
    const layout = layoutGantt([]);
    expect(layout.lanes).toEqual([]);
    expect(layout.bars.count).toBe(0);
    expect(Array.from(layout.laneStart)).toEqual([0]);
  });

  it('keeps bars sorted by lane then start for a large generated timeline', () => {
    const devices = 8;
    const perDevice = 5000;
    const ops = Array.from({ length: devices }, (_, d) =>
      Array.from({ length: perDevice }, (_, i) => ({
        kind: (i % 3) as OpKind,
        mb: i,
        start: d + i * 2,
        end: d + i * 2 + 1,
      })),
    );
    const layout = layoutGantt([buildTimeline(ops)]);
    expect(layout.bars.count).toBe(devices * perDevice);
    for (let b = 1; b < layout.bars.count; b++) {
      const sameLane = layout.bars.lane[b] === layout.bars.lane[b - 1];
      expect(layout.bars.lane[b] >= layout.bars.lane[b - 1]).toBe(true);
      if (sameLane && !(layout.bars.start[b] >= layout.bars.start[b - 1]))
        throw new Error(`unsorted at ${b}`);
    }
    // Every device idles 1 ms between consecutive ops, plus its first d ms, plus the tail to the makespan.
    const makespan = devices - 1 + perDevice * 2 - 1;
    let idle = 0;
    for (let i = 0; i < layout.bubbles.count; i++) idle += layout.bubbles.end[i] - layout.bubbles.start[i];
    expect(idle).toBeCloseTo(devices * makespan - devices * perDevice, 6);
  });

  it('draws transfers that take time on a thin link lane under each device when they do not occupy the comm stream', () => {
    const t = twoDevicesSending(4.25);
    const layout = layoutGantt([t], { rowHeight: 20, linkHeight: 6 });
    expect(layout.lanes.map((l) => [l.device, l.stream, l.y, l.height, l.link === true])).toEqual([
      [0, Stream.COMPUTE, 0, 20, false],
      [0, Stream.COMM, 20, 6, true],
      [1, Stream.COMPUTE, 26, 20, false],
      [1, Stream.COMM, 46, 6, true],
    ]);
    // Each on its sender's link lane: F0 of device 0, B0 of device 1 (op 5).
    expect(laneBars(layout, 1)).toEqual([['P2P', 1, 1.5, 0]]);
    expect(laneBars(layout, 3)).toEqual([['P2P', 4, 4.25, 0]]);
    // Occupying the comm stream, they go on a comm lane instead; taking no time, nowhere.
    const onComm = layoutGantt([t], { p2pOnComm: true });
    expect(onComm.lanes.map((l) => [l.stream, l.link === true])).toEqual([
      [Stream.COMPUTE, false],
      [Stream.COMM, false],
      [Stream.COMPUTE, false],
      [Stream.COMM, false],
    ]);
    expect(laneBars(onComm, 1)).toEqual([['P2P', 1, 1.5, 0]]);
    expect(layoutGantt([twoDevices()]).lanes).toHaveLength(2);
  });

  it('lays out only the devices asked for, with their bars, pairs and bubbles', () => {
    const layout = layoutGantt([twoDevices()], { devices: [1], rowHeight: 20 });
    expect(layout.lanes.map((l) => [l.device, l.y])).toEqual([[1, 0]]);
    expect(laneBars(layout, 0)).toEqual(DEVICE_1_BARS);
    expect(intervalsOf(layout.bubbles)).toEqual([
      [0, 0, 1],
      [0, 7, 9],
    ]);
  });

  it('compact rows are the compact preset’s heights', () => {
    const layout = layoutGantt([twoDevices()], { density: 'compact' });
    expect(layout.lanes.map((l) => l.height)).toEqual([
      ROW_HEIGHTS.compact.compute,
      ROW_HEIGHTS.compact.compute,
    ]);
    expect(layout.height).toBe(2 * ROW_HEIGHTS.compact.compute);
  });

  it('gives each device row the span of its compute, comm and link lanes', () => {
    const t = twoDevices();
    t.transfers = {
      count: 1,
      fromOp: Int32Array.of(0),
      toOp: Int32Array.of(4),
      start: Float64Array.of(1),
      end: Float64Array.of(2),
    };
    const layout = layoutGantt([twoDevices(), t], {
      rowHeight: 20,
      linkHeight: 5,
      blockHeader: 10,
      blockGap: 4,
    });
    // Block 0: header 0..10, rows 10..50; gap; block 1: header 54..64, device 0 at 64 (20 + 5), device 1 at 89.
    expect(deviceRows(layout)).toEqual([
      { timeline: 0, device: 0, y: 10, height: 20, computeY: 10, computeHeight: 20 },
      { timeline: 0, device: 1, y: 30, height: 20, computeY: 30, computeHeight: 20 },
      { timeline: 1, device: 0, y: 64, height: 25, computeY: 64, computeHeight: 20 },
      { timeline: 1, device: 1, y: 89, height: 25, computeY: 89, computeHeight: 20 },
    ]);
  });
});

describe('reverseChunks', () => {
  const run = (name: keyof typeof SCHEDULES, devices: number, m: number) => {
    const r = simulate(
      SCHEDULES[name].generate(uniformConfig(devices, m, 1, 1, 1)),
      uniformConfig(devices, m, 1, 1, 1),
    );
    if (!r.ok) throw new Error(r.error.message);
    return r.timeline;
  };

  it('marks DualPipe’s direction 1 (stage P-1-d) and a V’s chunk 1 (stage 2P-1-d) as running upwards', () => {
    expect(Array.from(reverseChunks(run('dualpipe', 4, 8)) ?? [])).toEqual([0, 1]);
    expect(Array.from(reverseChunks(run('zb-v', 4, 8)) ?? [])).toEqual([0, 1]);
  });

  it('marks nothing where every chunk runs from device 0 down (1F1B, interleaved)', () => {
    expect(reverseChunks(run('1f1b', 4, 8))).toBeNull();
    expect(reverseChunks(run('interleaved-1f1b', 4, 8))).toBeNull();
  });

  it('sets the variant of every bar of DualPipe’s direction 1, and of no other', () => {
    const t = run('dualpipe', 4, 8);
    const layout = layoutGantt([t]);
    for (let b = 0; b < layout.bars.count; b++)
      expect([b, layout.bars.variant?.[b]]).toEqual([b, t.schedule.chunk[layout.bars.op[b]]]);
  });
});
