import { NO_PAIR } from '../model/ops';
import { opDevices } from '../model/schedule';
import type { Ms } from '../model/units';
import { Stream, type Timeline } from '../sim/timeline';
import { assert } from '../util/assert';
import { categoryOfOpKind, categoryOfPart, P2P_CATEGORY } from './palette';

/**
 * Where everything of a Gantt chart goes, as a pure function of simulated timelines. Both the
 * interactive canvas chart and the SVG export draw from it. Vertical positions are in CSS pixels;
 * times stay in ms (the x scale belongs to whoever draws).
 */

export interface Lane {
  device: number;
  stream: Stream;
  label: string;
  /** Top edge, px from the top of the chart. */
  y: number;
  height: number;
  /** Index of the timeline (block) the lane belongs to. */
  timeline: number;
}

/** One stacked timeline: a header of `headerHeight` px at `y`, then its lanes. */
export interface LayoutBlock {
  timeline: number;
  y: number;
  headerHeight: number;
  /** Header plus lanes. */
  height: number;
  firstLane: number;
  laneCount: number;
  devices: number;
  makespan: Ms;
}

export interface IntervalColumns {
  count: number;
  lane: Int32Array;
  start: Float64Array;
  end: Float64Array;
}

export interface BarColumns extends IntervalColumns {
  /** Category id (core/layout/palette.ts). */
  category: Uint8Array;
  /** Index of the op (in its timeline's schedule) the bar shows; for a transfer, the sending op. */
  op: Int32Array;
  microbatch: Int32Array;
}

export interface GanttLayout {
  lanes: Lane[];
  blocks: LayoutBlock[];
  height: number;
  /** The longest makespan of the timelines. */
  makespan: Ms;
  /** Sorted by lane, then start. */
  bars: BarColumns;
  /** Bars of lane k: [laneStart[k], laneStart[k + 1]). Length lanes.length + 1. */
  laneStart: Int32Array;
  /** Outlines of overlapped F&B pairs, on compute lanes, sorted by lane then start. */
  pairs: IntervalColumns;
  /** Idle gaps of compute lanes between 0 and the timeline's makespan, sorted by lane then start. */
  bubbles: IntervalColumns;
}

export interface GanttLayoutOptions {
  /** Height of a compute lane, px (default 24). */
  rowHeight?: number;
  /** Height of a communication lane, px (default 60% of rowHeight). */
  commHeight?: number;
  /**
   * Give every device a communication lane. When false or absent, a timeline gets comm lanes only
   * when it has parts on the communication stream.
   */
  showComm?: boolean;
  /** Lay out only these devices (of every timeline), e.g. an export of selected devices. Absent: all. */
  devices?: readonly number[];
  /** Height of each block's header (its label), px. Default 0 for one timeline, 22 for several. */
  blockHeader?: number;
  /** Space between stacked blocks, px (default 10). */
  blockGap?: number;
}

function hasCommParts(t: Timeline): boolean {
  const parts = t.parts;
  if (!parts) return false;
  for (let i = 0; i < parts.count; i++) if (parts.stream[i] === Stream.COMM) return true;
  return false;
}

function hasP2pParts(t: Timeline): boolean {
  const parts = t.parts;
  if (!parts) return false;
  for (let i = 0; i < parts.count; i++) if (categoryOfPart(parts.part[i]) === P2P_CATEGORY) return true;
  return false;
}

export function layoutGantt(timelines: Timeline[], options: GanttLayoutOptions = {}): GanttLayout {
  const rowHeight = options.rowHeight ?? 24;
  const commHeight = options.commHeight ?? Math.round(rowHeight * 0.6);
  const headerHeight = options.blockHeader ?? (timelines.length > 1 ? 22 : 0);
  const blockGap = options.blockGap ?? 10;
  assert(rowHeight > 0 && commHeight > 0, 'lane heights must be positive');

  // Lanes and blocks.
  const lanes: Lane[] = [];
  const blocks: LayoutBlock[] = [];
  const firstLane: number[] = [];
  const withComm: boolean[] = [];
  // laneBase[ti][d]: device d's compute lane (its comm lane follows it), -1 when it is not laid out.
  const laneBase: Int32Array[] = [];
  let y = 0;
  let makespan = 0;
  timelines.forEach((t, ti) => {
    if (ti > 0) y += blockGap;
    const comm = options.showComm === true || hasCommParts(t);
    withComm.push(comm);
    firstLane.push(lanes.length);
    const base = new Int32Array(t.schedule.devices).fill(-1);
    laneBase.push(base);
    const blockY = y;
    y += headerHeight;
    for (let d = 0; d < t.schedule.devices; d++) {
      if (options.devices && !options.devices.includes(d)) continue;
      base[d] = lanes.length;
      lanes.push({
        device: d,
        stream: Stream.COMPUTE,
        label: `Device ${d}`,
        y,
        height: rowHeight,
        timeline: ti,
      });
      y += rowHeight;
      if (comm) {
        lanes.push({
          device: d,
          stream: Stream.COMM,
          label: `Device ${d} comm`,
          y,
          height: commHeight,
          timeline: ti,
        });
        y += commHeight;
      }
    }
    blocks.push({
      timeline: ti,
      y: blockY,
      headerHeight,
      height: y - blockY,
      firstLane: firstLane[ti],
      laneCount: lanes.length - firstLane[ti],
      devices: t.schedule.devices,
      makespan: t.makespan,
    });
    makespan = Math.max(makespan, t.makespan);
  });
  /** The lane of (timeline, device, stream), -1 when the device is not laid out. */
  const laneOf = (ti: number, device: number, stream: number): number => {
    const base = laneBase[ti][device];
    return base < 0 || stream === Stream.COMPUTE || !withComm[ti] ? base : base + 1;
  };

  // Bars: a counting sort by lane (pass 1 counts, pass 2 places), then each lane sorted by start
  // (already true for ops and for parts in stream order, so this is normally a linear check).
  const laneStart = new Int32Array(lanes.length + 1);
  const devicesOf: Int32Array[] = [];
  const partsOf: Uint8Array[] = []; // per op: 1 when drawn by its parts
  const drawTransfers: boolean[] = [];
  const visit = (
    laneEmit: (lane: number, start: number, end: number, category: number, op: number, mb: number) => void,
  ): void => {
    const emit = (lane: number, start: number, end: number, category: number, op: number, mb: number) => {
      if (lane >= 0) laneEmit(lane, start, end, category, op, mb);
    };
    timelines.forEach((t, ti) => {
      const s = t.schedule;
      const device = devicesOf[ti];
      const byParts = partsOf[ti];
      const parts = t.parts;
      for (let i = 0; i < s.count; i++) {
        if (byParts[i]) continue;
        emit(
          laneOf(ti, device[i], Stream.COMPUTE),
          t.start[i],
          t.end[i],
          categoryOfOpKind(s.kind[i]),
          i,
          s.microbatch[i],
        );
      }
      if (parts) {
        for (let p = 0; p < parts.count; p++) {
          const op = parts.op[p];
          const stream = withComm[ti] ? parts.stream[p] : Stream.COMPUTE;
          emit(
            laneOf(ti, device[op], stream),
            parts.start[p],
            parts.end[p],
            categoryOfPart(parts.part[p]),
            op,
            s.microbatch[op],
          );
        }
      }
      if (drawTransfers[ti]) {
        const tr = t.transfers;
        for (let k = 0; k < tr.count; k++) {
          if (!(tr.end[k] > tr.start[k])) continue;
          const op = tr.fromOp[k];
          emit(
            laneOf(ti, device[op], Stream.COMM),
            tr.start[k],
            tr.end[k],
            P2P_CATEGORY,
            op,
            s.microbatch[op],
          );
        }
      }
    });
  };
  timelines.forEach((t, ti) => {
    devicesOf.push(opDevices(t.schedule));
    const byParts = new Uint8Array(t.schedule.count);
    if (t.parts) for (let p = 0; p < t.parts.count; p++) byParts[t.parts.op[p]] = 1;
    partsOf.push(byParts);
    drawTransfers.push(withComm[ti] && !hasP2pParts(t));
  });
  visit((lane) => {
    laneStart[lane + 1]++;
  });
  for (let k = 0; k < lanes.length; k++) laneStart[k + 1] += laneStart[k];
  const count = laneStart[lanes.length];
  const bars: BarColumns = {
    count,
    lane: new Int32Array(count),
    start: new Float64Array(count),
    end: new Float64Array(count),
    category: new Uint8Array(count),
    op: new Int32Array(count),
    microbatch: new Int32Array(count),
  };
  const cursor = laneStart.slice(0, lanes.length);
  visit((lane, start, end, category, op, mb) => {
    const at = cursor[lane]++;
    bars.lane[at] = lane;
    bars.start[at] = start;
    bars.end[at] = end;
    bars.category[at] = category;
    bars.op[at] = op;
    bars.microbatch[at] = mb;
    if (end > makespan) makespan = end;
  });
  for (let k = 0; k < lanes.length; k++) sortLaneByStart(bars, laneStart[k], laneStart[k + 1]);

  // Overlapped pairs: consecutive ops of a device with the same pair number.
  let pairCount = 0;
  for (const t of timelines) pairCount += t.schedule.count;
  const pairs = intervals(Math.ceil(pairCount / 2));
  pairs.count = 0;
  timelines.forEach((t, ti) => {
    const s = t.schedule;
    for (let d = 0; d < s.devices; d++) {
      const end = s.deviceStart[d + 1];
      for (let i = s.deviceStart[d]; i + 1 < end; i++) {
        if (s.pair[i] === NO_PAIR || s.pair[i + 1] !== s.pair[i] || laneBase[ti][d] < 0) continue;
        const at = pairs.count++;
        pairs.lane[at] = laneOf(ti, d, Stream.COMPUTE);
        pairs.start[at] = Math.min(t.start[i], t.start[i + 1]);
        pairs.end[at] = Math.max(t.end[i], t.end[i + 1]);
        i++;
      }
    }
  });

  // Bubbles: gaps in the union of each compute lane's bars within [0, makespan of its timeline].
  let computeLanes = 0;
  let computeBars = 0;
  lanes.forEach((lane, k) => {
    if (lane.stream !== Stream.COMPUTE) return;
    computeLanes++;
    computeBars += laneStart[k + 1] - laneStart[k];
  });
  const bubbles = intervals(computeBars + computeLanes);
  bubbles.count = 0;
  lanes.forEach((lane, k) => {
    if (lane.stream !== Stream.COMPUTE) return;
    const until = timelines[lane.timeline].makespan;
    const eps = Math.max(1e-9, until * 1e-9);
    let busyUntil = 0;
    const addGap = (from: number, to: number): void => {
      if (to - from <= eps) return;
      const at = bubbles.count++;
      bubbles.lane[at] = k;
      bubbles.start[at] = from;
      bubbles.end[at] = to;
    };
    for (let b = laneStart[k]; b < laneStart[k + 1]; b++) {
      const start = bars.start[b];
      if (start >= until) break;
      addGap(busyUntil, start);
      if (bars.end[b] > busyUntil) busyUntil = bars.end[b];
    }
    addGap(busyUntil, until);
  });

  return {
    lanes,
    blocks,
    height: y,
    makespan,
    bars,
    laneStart,
    pairs: trim(pairs),
    bubbles: trim(bubbles),
  };
}

function intervals(capacity: number): IntervalColumns {
  return {
    count: capacity,
    lane: new Int32Array(capacity),
    start: new Float64Array(capacity),
    end: new Float64Array(capacity),
  };
}

function trim(c: IntervalColumns): IntervalColumns {
  return {
    count: c.count,
    lane: c.lane.slice(0, c.count),
    start: c.start.slice(0, c.count),
    end: c.end.slice(0, c.count),
  };
}

/** Sorts bars [from, to) by start (ties: by end), in place; linear when already sorted. */
function sortLaneByStart(bars: BarColumns, from: number, to: number): void {
  let sorted = true;
  for (let i = from + 1; i < to && sorted; i++) {
    const a = bars.start[i - 1];
    const b = bars.start[i];
    if (b < a || (b === a && bars.end[i] < bars.end[i - 1])) sorted = false;
  }
  if (sorted) return;
  const n = to - from;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = from + i;
  order.sort((x, y) => bars.start[x] - bars.start[y] || bars.end[x] - bars.end[y] || x - y);
  const start = Float64Array.from(order, (i) => bars.start[i]);
  const end = Float64Array.from(order, (i) => bars.end[i]);
  const category = Uint8Array.from(order, (i) => bars.category[i]);
  const op = Int32Array.from(order, (i) => bars.op[i]);
  const mb = Int32Array.from(order, (i) => bars.microbatch[i]);
  bars.start.set(start, from);
  bars.end.set(end, from);
  bars.category.set(category, from);
  bars.op.set(op, from);
  bars.microbatch.set(mb, from);
}
