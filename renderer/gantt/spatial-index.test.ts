import { describe, expect, it } from 'vitest';
import { layoutGantt } from '../../core/layout/gantt-layout';
import { buildTimeline } from '../../core/layout/test-timelines';
import { OpKind } from '../../core/model/ops';
import { Stream } from '../../core/sim/timeline';
import { buildIndex, hitTest, laneAtY, visibleBars, visibleIntervals } from './spatial-index';

const { F, B } = OpKind;

// One device: F0 [0,1] F1 [1,2] gap B0 [4,6] B1 [6,8]; comm lane with one long transfer [0.5, 7] and a short one.
function fixture() {
  const t = buildTimeline(
    [
      [
        { kind: F, mb: 0, start: 0, end: 1 },
        { kind: F, mb: 1, start: 1, end: 2 },
        { kind: B, mb: 0, start: 4, end: 6 },
        { kind: B, mb: 1, start: 6, end: 8 },
      ],
    ],
    {
      parts: [
        { op: 0, name: 'attention', stream: Stream.COMPUTE, start: 0, end: 1 },
        { op: 0, name: 'dispatch', stream: Stream.COMM, start: 0.5, end: 7 },
        { op: 1, name: 'attention', stream: Stream.COMPUTE, start: 1, end: 2 },
        { op: 1, name: 'dispatch', stream: Stream.COMM, start: 2, end: 2.5 },
      ],
    },
  );
  const layout = layoutGantt([t], { rowHeight: 20, commHeight: 10 });
  return { layout, index: buildIndex(layout) };
}

describe('culling and hit-testing', () => {
  it('finds exactly the bars that intersect a time range', () => {
    const { layout, index } = fixture();
    const ids = (r: [number, number]) => Array.from(layout.bars.start.subarray(r[0], r[1]));
    expect(ids(visibleBars(layout, index, 0, 1.5, 4.5))).toEqual([1, 4]);
    expect(ids(visibleBars(layout, index, 0, 2.5, 3.5))).toEqual([]);
    expect(ids(visibleBars(layout, index, 0, 8.5, 9))).toEqual([]);
  });

  it('keeps a long bar that started before the range visible even when a later one ended before it', () => {
    const { layout, index } = fixture();
    // Comm lane: [0.5, 7] and [2, 2.5]; at [3, 4] only the long one is visible, but the culled range
    // may include the short one (it lies between): the range must contain the long one.
    const [from, to] = visibleBars(layout, index, 1, 3, 4);
    const starts = Array.from(layout.bars.start.subarray(from, to));
    expect(starts).toContain(0.5);
  });

  it('culls bubbles by their ends', () => {
    const { layout, index } = fixture();
    const [from, to] = visibleIntervals(layout.bubbles, index.bubbleStart, 0, 3, 3.5);
    expect(to - from).toBe(1);
    expect([layout.bubbles.start[from], layout.bubbles.end[from]]).toEqual([2, 4]);
  });

  it('maps a y coordinate to its lane, and the gap below the last lane to none', () => {
    const { index } = fixture();
    expect(laneAtY(index, 0)).toBe(0);
    expect(laneAtY(index, 19.9)).toBe(0);
    expect(laneAtY(index, 20)).toBe(1);
    expect(laneAtY(index, 29.9)).toBe(1);
    expect(laneAtY(index, 30)).toBe(-1);
    expect(laneAtY(index, -1)).toBe(-1);
  });

  it('hits the bar under the pointer, a near one within the slack, and nothing in a wide gap', () => {
    const { layout, index } = fixture();
    const hit = (t: number, slack = 0.01) => {
      const b = hitTest(layout, index, 0, t, slack);
      return b < 0 ? null : [layout.bars.start[b], layout.bars.end[b]];
    };
    expect(hit(0.5)).toEqual([0, 1]);
    expect(hit(5)).toEqual([4, 6]);
    expect(hit(3)).toBeNull();
    expect(hit(3.8, 0.25)).toEqual([4, 6]);
    // On a shared edge, the later bar wins (it starts there).
    expect(hit(6)).toEqual([6, 8]);
  });
});
