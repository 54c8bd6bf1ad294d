import type { GanttLayout, IntervalColumns } from '../../core/layout/gantt-layout';
import type { Ms } from '../../core/model/units';
import { Stream } from '../../core/sim/timeline';

/** Lookup structures over a layout for culling and hit-testing, built once per layout in linear time. */
export interface LayoutIndex {
  /** Running maximum of bar ends within each lane (bars are sorted by start, ends need not be). */
  barMaxEnd: Float64Array;
  /** Offsets of each lane's pairs / bubbles (like layout.laneStart). */
  pairStart: Int32Array;
  bubbleStart: Int32Array;
  /** Per timeline: the compute lane of each device. */
  computeLane: Int32Array[];
  /** Lane tops, for finding the lane under a y coordinate. */
  laneTop: Float64Array;
  laneBottom: Float64Array;
}

export function laneOffsets(c: IntervalColumns, lanes: number): Int32Array {
  const start = new Int32Array(lanes + 1);
  for (let i = 0; i < c.count; i++) start[c.lane[i] + 1]++;
  for (let k = 0; k < lanes; k++) start[k + 1] += start[k];
  return start;
}

export function buildIndex(layout: GanttLayout): LayoutIndex {
  const { bars, laneStart, lanes } = layout;
  const barMaxEnd = new Float64Array(bars.count);
  for (let k = 0; k < lanes.length; k++) {
    let m = Number.NEGATIVE_INFINITY;
    for (let b = laneStart[k]; b < laneStart[k + 1]; b++) {
      if (bars.end[b] > m) m = bars.end[b];
      barMaxEnd[b] = m;
    }
  }
  const computeLane = layout.blocks.map((block) => {
    const map = new Int32Array(block.devices).fill(-1);
    for (let k = block.firstLane; k < block.firstLane + block.laneCount; k++) {
      if (lanes[k].stream === Stream.COMPUTE) map[lanes[k].device] = k;
    }
    return map;
  });
  return {
    barMaxEnd,
    pairStart: laneOffsets(layout.pairs, lanes.length),
    bubbleStart: laneOffsets(layout.bubbles, lanes.length),
    computeLane,
    laneTop: Float64Array.from(lanes, (l) => l.y),
    laneBottom: Float64Array.from(lanes, (l) => l.y + l.height),
  };
}

/** First index in [lo, hi) whose value is >= x (values ascending), else hi. */
function lowerBound(values: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in [lo, hi) whose value is > x (values ascending), else hi. */
function upperBound(values: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bars of `lane` that intersect [t0, t1]: the index range [from, to), found by binary search. */
export function visibleBars(
  layout: GanttLayout,
  index: LayoutIndex,
  lane: number,
  t0: Ms,
  t1: Ms,
): [number, number] {
  const lo = layout.laneStart[lane];
  const hi = layout.laneStart[lane + 1];
  const from = lowerBound(index.barMaxEnd, lo, hi, t0);
  const to = upperBound(layout.bars.start, from, hi, t1);
  return [from, to];
}

/** Intervals of `lane` (non-overlapping, sorted) that intersect [t0, t1]. */
export function visibleIntervals(
  c: IntervalColumns,
  offsets: Int32Array,
  lane: number,
  t0: Ms,
  t1: Ms,
): [number, number] {
  const lo = offsets[lane];
  const hi = offsets[lane + 1];
  const from = lowerBound(c.end, lo, hi, t0);
  const to = upperBound(c.start, from, hi, t1);
  return [from, to];
}

/** The lane whose vertical extent holds y (chart px), or -1 (block headers, gaps, outside). */
export function laneAtY(index: LayoutIndex, y: number): number {
  const k = upperBound(index.laneTop, 0, index.laneTop.length, y) - 1;
  if (k < 0 || y >= index.laneBottom[k]) return -1;
  return k;
}

/**
 * The bar of `lane` under time t: one that contains t (the latest-starting one when several
 * do), else the nearest within `slack` ms (so 1-px bars can be hovered), else -1.
 */
export function hitTest(layout: GanttLayout, index: LayoutIndex, lane: number, t: Ms, slack: Ms): number {
  const [from, to] = visibleBars(layout, index, lane, t - slack, t + slack);
  const { start, end } = layout.bars;
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let b = to - 1; b >= from; b--) {
    const distance = t < start[b] ? start[b] - t : t > end[b] ? t - end[b] : 0;
    if (distance < bestDistance) {
      best = b;
      bestDistance = distance;
      if (distance === 0) break;
    }
  }
  return bestDistance <= slack ? best : -1;
}
