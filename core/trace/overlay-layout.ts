import {
  type BarColumns,
  type GanttLayout,
  type IntervalColumns,
  type Lane,
  type LayoutBlock,
  layoutGantt,
} from '../layout/gantt-layout';
import { P2P_CATEGORY, categoryOfPart } from '../layout/palette';
import { PAIR_ORDER_ENTRIES } from '../model/costs';
import { entryPart } from '../sim/parts-plan';
import { PART_NAMES, Stream, type Timeline } from '../sim/timeline';
import { zeroParts } from './parts';
import type { MeasuredTimeline } from './measured-timeline';

/**
 * A plan and a run on one time axis: the planned lanes of one device (compute, and communication
 * when the plan uses it) in block 0, the measured streams of one rank in block 1, both starting at
 * 0. It is a GanttLayout, so the Gantt chart's drawing code draws it as it draws a schedule.
 *
 * Measured ops take the colour of the part their annotation maps to; ops of no part are drawn in
 * MEASURED_OTHER_CATEGORY (grey). A measured lane's bar `op` is the op's index in the
 * MeasuredTimeline; its `microbatch` is -1. Measured compute streams show their idle gaps as
 * bubbles, from 0 to the end of the measured window, as planned compute lanes do.
 */

/** Category of measured ops whose annotation maps to no part: the palette's neutral grey. */
export const MEASURED_OTHER_CATEGORY = P2P_CATEGORY;

export interface OverlayLayoutOptions {
  rowHeight?: number;
  /** Height of each block's header, px (default 22). */
  blockHeader?: number;
}

/** Block indices of the overlay layout. */
export const PLANNED_BLOCK = 0;
export const MEASURED_BLOCK = 1;

/** Palette category of each PAIR_ORDER_ENTRIES index, as the simulator draws that part. */
const ENTRY_CATEGORY = PAIR_ORDER_ENTRIES.map((e) =>
  categoryOfPart(PART_NAMES.indexOf(entryPart(e, zeroParts()).part)),
);

export function overlayLayout(
  planned: Timeline | null,
  device: number,
  measured: MeasuredTimeline,
  options: OverlayLayoutOptions = {},
): GanttLayout {
  const rowHeight = options.rowHeight ?? 24;
  const commHeight = Math.round(rowHeight * 0.6);
  const headerHeight = options.blockHeader ?? 22;
  const blockGap = 10;
  const lanes: Lane[] = [];
  const blocks: LayoutBlock[] = [];
  type Bar = { lane: number; start: number; end: number; category: number; op: number; mb: number };
  const bars: Bar[] = [];
  const pairs: Bar[] = [];
  const bubbles: Bar[] = [];
  let y = 0;

  // Block 0: the planned device, taken from the whole schedule's layout.
  const blockY = y;
  y += headerHeight;
  if (planned && device < planned.schedule.devices) {
    const full = layoutGantt([planned], { rowHeight, commHeight });
    const remap = new Map<number, number>();
    full.lanes.forEach((lane, k) => {
      if (lane.device !== device) return;
      remap.set(k, lanes.length);
      lanes.push({ ...lane, y: y, timeline: PLANNED_BLOCK });
      y += lane.height;
    });
    const take = (
      c: IntervalColumns,
      into: Bar[],
      category?: Uint8Array,
      op?: Int32Array,
      mb?: Int32Array,
    ) => {
      for (let i = 0; i < c.count; i++) {
        const lane = remap.get(c.lane[i]);
        if (lane === undefined) continue;
        into.push({
          lane,
          start: c.start[i],
          end: c.end[i],
          category: category ? category[i] : 0,
          op: op ? op[i] : -1,
          mb: mb ? mb[i] : -1,
        });
      }
    };
    take(full.bars, bars, full.bars.category, full.bars.op, full.bars.microbatch);
    take(full.pairs, pairs);
    take(full.bubbles, bubbles);
  }
  blocks.push({
    timeline: PLANNED_BLOCK,
    y: blockY,
    headerHeight,
    height: y - blockY,
    firstLane: 0,
    laneCount: lanes.length,
    devices: 1,
    makespan: planned?.makespan ?? 0,
  });

  // Block 1: the measured streams of the rank.
  y += blockGap;
  const measuredY = y;
  y += headerHeight;
  const firstMeasured = lanes.length;
  for (const st of measured.streams) {
    const compute = st.role === 'compute';
    lanes.push({
      device: measured.device,
      stream: compute ? Stream.COMPUTE : Stream.COMM,
      label: `stream ${st.id}`,
      y,
      height: compute ? rowHeight : commHeight,
      timeline: MEASURED_BLOCK,
    });
    y += compute ? rowHeight : commHeight;
  }
  for (let i = 0; i < measured.count; i++) {
    const e = measured.entry[i];
    bars.push({
      lane: firstMeasured + measured.stream[i],
      start: measured.start[i],
      end: measured.end[i],
      category: e >= 0 ? ENTRY_CATEGORY[e] : MEASURED_OTHER_CATEGORY,
      op: i,
      mb: -1,
    });
  }
  measured.streams.forEach((st, k) => {
    if (st.role !== 'compute') return;
    const lane = firstMeasured + k;
    let busyUntil = 0;
    const gap = (from: number, to: number) => {
      if (to > from) bubbles.push({ lane, start: from, end: to, category: 0, op: -1, mb: -1 });
    };
    // The timeline's columns are sorted by stream, then start.
    for (let i = 0; i < measured.count; i++) {
      if (measured.stream[i] !== k) continue;
      gap(busyUntil, measured.start[i]);
      if (measured.end[i] > busyUntil) busyUntil = measured.end[i];
    }
    gap(busyUntil, measured.makespan);
  });
  blocks.push({
    timeline: MEASURED_BLOCK,
    y: measuredY,
    headerHeight,
    height: y - measuredY,
    firstLane: firstMeasured,
    laneCount: lanes.length - firstMeasured,
    devices: 1,
    makespan: measured.makespan,
  });

  const byLane = (a: Bar, b: Bar) => a.lane - b.lane || a.start - b.start;
  bars.sort(byLane);
  pairs.sort(byLane);
  bubbles.sort(byLane);
  const laneStart = new Int32Array(lanes.length + 1);
  for (const b of bars) laneStart[b.lane + 1]++;
  for (let k = 0; k < lanes.length; k++) laneStart[k + 1] += laneStart[k];
  const columns: BarColumns = {
    count: bars.length,
    lane: Int32Array.from(bars, (b) => b.lane),
    start: Float64Array.from(bars, (b) => b.start),
    end: Float64Array.from(bars, (b) => b.end),
    category: Uint8Array.from(bars, (b) => b.category),
    op: Int32Array.from(bars, (b) => b.op),
    microbatch: Int32Array.from(bars, (b) => b.mb),
  };
  const intervals = (list: Bar[]): IntervalColumns => ({
    count: list.length,
    lane: Int32Array.from(list, (b) => b.lane),
    start: Float64Array.from(list, (b) => b.start),
    end: Float64Array.from(list, (b) => b.end),
  });
  return {
    lanes,
    blocks,
    height: y,
    makespan: Math.max(planned?.makespan ?? 0, measured.makespan),
    bars: columns,
    laneStart,
    pairs: intervals(pairs),
    bubbles: intervals(bubbles),
  };
}
