import { NO_PAIR } from '../model/ops';
import { opDevices, type Schedule } from '../model/schedule';
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
  /** COMPUTE, or COMM for a communication lane and a P2P link lane. */
  stream: Stream;
  label: string;
  /** Top edge, px from the top of the chart. */
  y: number;
  height: number;
  /** Index of the timeline (block) the lane belongs to. */
  timeline: number;
  /** A thin lane of P2P transfers only (sent by this device), when they do not occupy the comm stream. */
  link?: boolean;
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
  /**
   * 1 for a bar of a chunk whose forward pass runs from the last device towards device 0
   * (DualPipe's second direction, the way back of a V), in schedules that run both ways; else 0.
   * Absent in layouts built elsewhere (all 0).
   */
  variant?: Uint8Array;
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

/** How tall the rows are: 'normal' for one schedule, 'compact' to fit several on one screen. */
export type ChartDensity = 'normal' | 'compact';

/** Lane and block heights of each density, px. */
export const ROW_HEIGHTS: Record<
  ChartDensity,
  { compute: number; comm: number; link: number; blockHeader: number; blockGap: number }
> = {
  // compact: 15 px a device with comm and P2P link lanes, so the Schedule view's two schedules of
  // 16 devices fit a 1600x1000 screen under their headline figures, and Compare's three the
  // screen's height (the comm lane stays tall enough to see whether it runs under compute).
  normal: { compute: 24, comm: 14, link: 8, blockHeader: 22, blockGap: 10 },
  compact: { compute: 9, comm: 4, link: 2, blockHeader: 18, blockGap: 6 },
};

export interface GanttLayoutOptions {
  /** Lane heights preset (default 'normal'); rowHeight / commHeight override it. */
  density?: ChartDensity;
  /** Height of a compute lane, px (default 24). */
  rowHeight?: number;
  /** Height of a communication lane, px (default 60% of rowHeight). */
  commHeight?: number;
  /** Height of a P2P link lane, px (default: the density's). */
  linkHeight?: number;
  /**
   * Give every device a communication lane. When false or absent, a timeline gets comm lanes only
   * when it has parts on the communication stream, or transfers that take time on it (p2pOnComm).
   */
  showComm?: boolean;
  /**
   * Whether a timeline's P2P transfers occupy the sending device's communication stream (the
   * scenario's p2p.occupiesComm), one value for all timelines or one per timeline. Transfers that
   * take time are drawn on the sender's comm lane when they do, else on a thin link lane under
   * each device. Absent: on the comm lane when showComm gives one, else on a link lane.
   */
  p2pOnComm?: boolean | readonly (boolean | undefined)[];
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

/**
 * The timeline's transfers in the order of the ops that sent them (a counting sort by sender), so
 * each sender's transfers come in start order: a sender's ops end in order and its transfers
 * leave when they end (or, on the comm stream, in that order behind each other).
 */
function transfersBySender(t: Timeline): Int32Array {
  const tr = t.transfers;
  const first = new Int32Array(t.schedule.count + 1);
  for (let k = 0; k < tr.count; k++) first[tr.fromOp[k] + 1]++;
  for (let i = 0; i < t.schedule.count; i++) first[i + 1] += first[i];
  const order = new Int32Array(tr.count);
  for (let k = 0; k < tr.count; k++) order[first[tr.fromOp[k]]++] = k;
  return order;
}

/** Whether some P2P transfer of the timeline takes time. */
function transfersTakeTime(t: Timeline): boolean {
  const tr = t.transfers;
  for (let k = 0; k < tr.count; k++) if (tr.end[k] > tr.start[k]) return true;
  return false;
}

/**
 * Per chunk, 1 when its forward pass travels from the last device towards device 0 (its stage
 * falls as the device rises), in a schedule where other chunks travel the other way; null when
 * every chunk runs the same way (then nothing is marked).
 */
export function reverseChunks(t: Timeline): Uint8Array | null {
  const s = t.schedule;
  if (s.devices < 2 || s.chunksPerDevice < 2) return null;
  const first = new Int32Array(s.chunksPerDevice).fill(-1);
  const last = new Int32Array(s.chunksPerDevice).fill(-1);
  const dl = s.devices - 1;
  for (let i = s.deviceStart[0]; i < s.deviceStart[1]; i++)
    if (first[s.chunk[i]] < 0) first[s.chunk[i]] = s.stage[i];
  for (let i = s.deviceStart[dl]; i < s.deviceStart[dl + 1]; i++)
    if (last[s.chunk[i]] < 0) last[s.chunk[i]] = s.stage[i];
  const reverse = new Uint8Array(s.chunksPerDevice);
  let down = false;
  let up = false;
  for (let c = 0; c < s.chunksPerDevice; c++) {
    if (first[c] < 0 || last[c] < 0) continue;
    if (last[c] < first[c]) {
      reverse[c] = 1;
      up = true;
    } else down = true;
  }
  return up && down ? reverse : null;
}

/** The lanes and blocks of a layout, without its bars (cheap: no pass over the ops beyond a few checks). */
export interface LanePlan {
  lanes: Lane[];
  blocks: LayoutBlock[];
  height: number;
  /** Per timeline: laneBase[ti][d] is device d's compute lane (-1: not laid out). */
  laneBase: Int32Array[];
  withComm: boolean[];
  withLink: boolean[];
  /** Per timeline: whether its transfers are drawn (on the comm or the link lanes). */
  drawTransfers: boolean[];
}

/** Plans the lanes of layoutGantt: which devices get comm and link lanes, and where each lane goes. */
export function planLanes(timelines: readonly Timeline[], options: GanttLayoutOptions = {}): LanePlan {
  const preset = ROW_HEIGHTS[options.density ?? 'normal'];
  const rowHeight = options.rowHeight ?? preset.compute;
  const commHeight =
    options.commHeight ?? (options.rowHeight === undefined ? preset.comm : Math.round(rowHeight * 0.6));
  const linkHeight = options.linkHeight ?? preset.link;
  const headerHeight = options.blockHeader ?? (timelines.length > 1 ? preset.blockHeader : 0);
  const blockGap = options.blockGap ?? preset.blockGap;
  assert(rowHeight > 0 && commHeight > 0 && linkHeight > 0, 'lane heights must be positive');
  const onCommOf = (ti: number): boolean | undefined => {
    const v = options.p2pOnComm;
    return Array.isArray(v) ? v[ti] : (v as boolean | undefined);
  };

  // laneBase[ti][d]: compute lane of device d (-1: not laid out); its comm lane follows it when the
  // timeline has comm lanes, then its link lane when it has link lanes.
  const plan: LanePlan = {
    lanes: [],
    blocks: [],
    height: 0,
    laneBase: [],
    withComm: [],
    withLink: [],
    drawTransfers: [],
  };
  const { lanes, blocks } = plan;
  let y = 0;
  timelines.forEach((t, ti) => {
    if (ti > 0) y += blockGap;
    const p2pParts = hasP2pParts(t);
    const timed = !p2pParts && transfersTakeTime(t);
    const onComm = onCommOf(ti) ?? options.showComm === true;
    const comm = options.showComm === true || hasCommParts(t) || (timed && onComm);
    const link = timed && !onComm;
    plan.withComm.push(comm);
    plan.withLink.push(link);
    plan.drawTransfers.push(timed || (comm && !p2pParts));
    const first = lanes.length;
    const base = new Int32Array(t.schedule.devices).fill(-1);
    plan.laneBase.push(base);
    const blockY = y;
    y += headerHeight;
    for (let d = 0; d < t.schedule.devices; d++) {
      if (options.devices && !options.devices.includes(d)) continue;
      base[d] = lanes.length;
      const lane = (stream: Stream, label: string, height: number, isLink: boolean) => {
        lanes.push({ device: d, stream, label, y, height, timeline: ti, ...(isLink ? { link: true } : {}) });
        y += height;
      };
      lane(Stream.COMPUTE, `Device ${d}`, rowHeight, false);
      if (comm) lane(Stream.COMM, `Device ${d} comm`, commHeight, false);
      if (link) lane(Stream.COMM, `Device ${d} P2P`, linkHeight, true);
    }
    blocks.push({
      timeline: ti,
      y: blockY,
      headerHeight,
      height: y - blockY,
      firstLane: first,
      laneCount: lanes.length - first,
      devices: t.schedule.devices,
      makespan: t.makespan,
    });
  });
  plan.height = y;
  return plan;
}

export function layoutGantt(timelines: Timeline[], options: GanttLayoutOptions = {}): GanttLayout {
  const { lanes, blocks, laneBase, withComm, drawTransfers, height: y } = planLanes(timelines, options);
  let makespan = 0;
  for (const t of timelines) makespan = Math.max(makespan, t.makespan);
  /** The lane of (timeline, device, stream), -1 when the device is not laid out. */
  const laneOf = (ti: number, device: number, stream: number): number => {
    const base = laneBase[ti][device];
    return base < 0 || stream === Stream.COMPUTE ? base : base + 1;
  };

  // Bars: a counting sort by lane, then each lane sorted by start (already true for ops, for parts
  // in stream order and for transfers in their senders' order, so this is normally a linear check
  // or a short insertion sort). The ops of a timeline of whole ops (plain) are one bar each, a
  // device's ops in order on its compute lane: those are copied a device at a time (a million-op
  // timeline's bars in a few block copies). The other bars (the ops of timelines with parts that
  // are drawn whole, parts, transfers) are first gathered in the order they come, with their
  // lanes, in plain loops, then moved to their lanes' places.
  const plain = timelines.map((t) => !t.parts);
  const bySender = timelines.map((t, ti) => (drawTransfers[ti] ? transfersBySender(t) : null));
  const laneStart = new Int32Array(lanes.length + 1);
  let capacity = 0;
  timelines.forEach((t, ti) => {
    if (!plain[ti]) capacity += t.schedule.count;
    if (t.parts) capacity += t.parts.count;
    if (bySender[ti]) capacity += t.transfers.count;
  });
  const loose = barColumns(capacity);
  loose.count = 0;
  const reverseOf = timelines.map((t) => reverseChunks(t));
  timelines.forEach((t, ti) => {
    const s = t.schedule;
    const base = laneBase[ti];
    const reverse = reverseOf[ti];
    const parts = t.parts;
    const order = bySender[ti];
    if (plain[ti]) {
      base.forEach((lane, d) => {
        if (lane >= 0) laneStart[lane + 1] += s.deviceStart[d + 1] - s.deviceStart[d];
      });
      if (!order) return;
    }
    const device = opDevices(s);
    if (parts) {
      const byParts = new Uint8Array(s.count);
      for (let p = 0; p < parts.count; p++) byParts[parts.op[p]] = 1;
      for (let i = 0; i < s.count; i++) {
        const lane = base[device[i]];
        if (byParts[i] || lane < 0) continue;
        put(loose, lane, t.start[i], t.end[i], categoryOfOpKind(s.kind[i]), i, s, reverse);
      }
      const comm = withComm[ti];
      for (let p = 0; p < parts.count; p++) {
        const op = parts.op[p];
        const lane = base[device[op]];
        if (lane < 0) continue;
        const onComm = comm && parts.stream[p] !== Stream.COMPUTE;
        put(
          loose,
          onComm ? lane + 1 : lane,
          parts.start[p],
          parts.end[p],
          categoryOfPart(parts.part[p]),
          op,
          s,
          reverse,
        );
      }
    }
    if (order) {
      const tr = t.transfers;
      for (let j = 0; j < order.length; j++) {
        const k = order[j];
        const op = tr.fromOp[k];
        const lane = base[device[op]];
        if (!(tr.end[k] > tr.start[k]) || lane < 0) continue;
        put(loose, lane + 1, tr.start[k], tr.end[k], P2P_CATEGORY, op, s, reverse);
      }
    }
  });
  for (let b = 0; b < loose.count; b++) laneStart[loose.lane[b] + 1]++;
  for (let k = 0; k < lanes.length; k++) laneStart[k + 1] += laneStart[k];
  const count = laneStart[lanes.length];
  const bars = barColumns(count);
  const variant = bars.variant as Uint8Array;
  const cursor = laneStart.slice(0, lanes.length);
  // The gathered bars, in their lanes in the order they came (plain timelines' ops come after, in
  // their own lanes).
  for (let b = 0; b < loose.count; b++) {
    const at = cursor[loose.lane[b]]++;
    bars.lane[at] = loose.lane[b];
    bars.start[at] = loose.start[b];
    bars.end[at] = loose.end[b];
    bars.category[at] = loose.category[b];
    bars.op[at] = loose.op[b];
    bars.microbatch[at] = loose.microbatch[b];
    variant[at] = (loose.variant as Uint8Array)[b];
    if (loose.end[b] > makespan) makespan = loose.end[b];
  }
  timelines.forEach((t, ti) => {
    if (!plain[ti]) return;
    const s = t.schedule;
    const reverse = reverseOf[ti];
    laneBase[ti].forEach((lane, d) => {
      if (lane < 0) return;
      const from = s.deviceStart[d];
      const to = s.deviceStart[d + 1];
      const at = cursor[lane];
      cursor[lane] += to - from;
      bars.lane.fill(lane, at, at + to - from);
      bars.start.set(t.start.subarray(from, to), at);
      bars.end.set(t.end.subarray(from, to), at);
      // Category ids of op kinds are the OpKind values (palette.ts).
      bars.category.set(s.kind.subarray(from, to), at);
      bars.microbatch.set(s.microbatch.subarray(from, to), at);
      for (let i = from; i < to; i++) bars.op[at + i - from] = i;
      if (reverse) for (let i = from; i < to; i++) variant[at + i - from] = reverse[s.chunk[i]];
    });
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
      const lane = laneOf(ti, d, Stream.COMPUTE);
      if (lane < 0) continue;
      const end = s.deviceStart[d + 1];
      for (let i = s.deviceStart[d]; i + 1 < end; i++) {
        if (s.pair[i] === NO_PAIR || s.pair[i + 1] !== s.pair[i]) continue;
        const at = pairs.count++;
        pairs.lane[at] = lane;
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

/** Bar columns for `capacity` bars (count = capacity). */
function barColumns(capacity: number): BarColumns {
  return {
    ...intervals(capacity),
    category: new Uint8Array(capacity),
    op: new Int32Array(capacity),
    microbatch: new Int32Array(capacity),
    variant: new Uint8Array(capacity),
  };
}

/** Appends a bar of op `op` of schedule `s` (its micro-batch, and its direction from `reverse`). */
function put(
  c: BarColumns,
  lane: number,
  start: number,
  end: number,
  category: number,
  op: number,
  s: Schedule,
  reverse: Uint8Array | null,
): void {
  const at = c.count++;
  c.lane[at] = lane;
  c.start[at] = start;
  c.end[at] = end;
  c.category[at] = category;
  c.op[at] = op;
  c.microbatch[at] = s.microbatch[op];
  if (reverse) (c.variant as Uint8Array)[at] = reverse[s.chunk[op]];
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

/**
 * Sorts bars [from, to) by start (ties: by end, then as they were), in place. The bars of a lane
 * come nearly sorted (the parts of two overlapped ops interleave a few places apart), so an
 * insertion sort of their indices takes about one pass; a lane that needs more moves than a few
 * per bar is sorted with a comparator instead.
 */
function sortLaneByStart(bars: BarColumns, from: number, to: number): void {
  const { start, end } = bars;
  // The first bar that goes strictly before the one ahead of it (starts earlier, or as early and
  // ends earlier); none: the lane is sorted. (Comparisons written out: this runs before the
  // optimizing compiler has seen it, where a call per comparison costs.)
  let i0 = from + 1;
  while (i0 < to && !(start[i0] < start[i0 - 1] || (start[i0] === start[i0 - 1] && end[i0] < end[i0 - 1])))
    i0++;
  if (i0 >= to) return;
  const n = to - from;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = from + i;
  let moves = 0;
  const limit = 16 * n;
  for (let i = i0 - from; i < n && moves <= limit; i++) {
    const x = order[i];
    const xs = start[x];
    const xe = end[x];
    let j = i - 1;
    for (; j >= 0; j--) {
      const y = order[j];
      if (!(xs < start[y] || (xs === start[y] && xe < end[y]))) break;
      order[j + 1] = y;
    }
    order[j + 1] = x;
    moves += i - 1 - j;
  }
  if (moves > limit) order.sort((x, y) => start[x] - start[y] || end[x] - end[y] || x - y);
  permute(start, order, from, new Float64Array(n));
  permute(end, order, from, new Float64Array(n));
  permute(bars.category, order, from, new Uint8Array(n));
  permute(bars.op, order, from, new Int32Array(n));
  permute(bars.microbatch, order, from, new Int32Array(n));
  if (bars.variant) permute(bars.variant, order, from, new Uint8Array(n));
}

/** column[from + i] = old column[order[i]] for every i (`scratch` holds the gathered values). */
function permute<T extends Float64Array | Int32Array | Uint8Array>(
  column: T,
  order: Int32Array,
  from: number,
  scratch: T,
): void {
  for (let i = 0; i < order.length; i++) scratch[i] = column[order[i]];
  column.set(scratch, from);
}

/** One device's rows in a layout: its compute lane and the comm and link lanes under it. */
export interface DeviceRow {
  /** Index of the timeline (block) and the device in it. */
  timeline: number;
  device: number;
  /** Top of the compute lane and height of all the device's lanes together, px. */
  y: number;
  height: number;
  computeY: number;
  computeHeight: number;
}

/** The device rows of a layout, in lane order (what a column beside the chart aligns with). */
export function deviceRows(layout: GanttLayout): DeviceRow[] {
  const rows: DeviceRow[] = [];
  for (const lane of layout.lanes) {
    if (lane.stream === Stream.COMPUTE) {
      rows.push({
        timeline: lane.timeline,
        device: lane.device,
        y: lane.y,
        height: lane.height,
        computeY: lane.y,
        computeHeight: lane.height,
      });
    } else {
      const row = rows[rows.length - 1];
      assert(row && row.device === lane.device, 'a comm lane follows its compute lane');
      row.height = lane.y + lane.height - row.y;
    }
  }
  return rows;
}
