import type { GanttLayout, IntervalColumns } from '../../core/layout/gantt-layout';
import { CATEGORIES, CHART_COLORS, IDLE_STYLES, shadeOf, type Theme } from '../../core/layout/palette';
import { Stream } from '../../core/sim/timeline';
import { type BarPixels, type Label, LaneRaster, type XMap } from './lane-raster';
import { type PixelBuffer, pixelOf } from './pixel-buffer';
import { type LayoutIndex, visibleIntervals } from './spatial-index';
import type { Viewport } from './viewport';

export { type Label, labelFits, type XMap } from './lane-raster';

/**
 * Rectangles to fill, grouped by colour so each colour is one path and one fill call.
 * Growable Float32Array per group: x, y, w, h.
 */
export class RectBuckets {
  data: Float32Array[];
  count: Int32Array;
  constructor(groups: number) {
    this.data = Array.from({ length: groups }, () => new Float32Array(256));
    this.count = new Int32Array(groups);
  }
  clear(): void {
    this.count.fill(0);
  }
  push(group: number, x: number, y: number, w: number, h: number): void {
    let d = this.data[group];
    const at = this.count[group] * 4;
    if (at + 4 > d.length) {
      const bigger = new Float32Array(d.length * 2);
      bigger.set(d);
      this.data[group] = d = bigger;
    }
    d[at] = x;
    d[at + 1] = y;
    d[at + 2] = w;
    d[at + 3] = h;
    this.count[group]++;
  }
  total(): number {
    let n = 0;
    for (let g = 0; g < this.count.length; g++) n += this.count[g];
    return n;
  }
}

export function xMap(v: Viewport, width: number): XMap {
  return { t0: v.t0, t1: v.t1, pxPerMs: width / (v.t1 - v.t0), width };
}

/** Lanes shorter than this (CSS px) carry no micro-batch labels: the 10-px digits would not fit. */
const LABEL_MIN_LANE_PX = 14;

/** Idle runs narrower than this (CSS px) are not drawn: a sliver of idle in busy time is not a bubble. */
const IDLE_MIN_PX = 0.5;

/** Vertical extent of bars inside a lane: a little inset so neighbouring lanes stay apart. */
export function barBox(laneY: number, laneHeight: number, stream: number): [number, number] {
  const inset = stream === Stream.COMPUTE ? Math.min(2, laneHeight / 10) : Math.min(1.5, laneHeight / 8);
  return [laneY + inset, laneHeight - 2 * inset];
}

/** Idle intervals with a cause each (IdleCauseId); without causes they are drawn as fill/drain. */
export interface IdleColumns extends IntervalColumns {
  cause?: Uint8Array;
}

/**
 * Draws the idle intervals of one lane as hatches, merging runs closer than half a pixel into one
 * hatched stretch in the look of the cause that takes most of its time.
 */
function rasterLaneIdle(
  buf: PixelBuffer,
  c: IdleColumns,
  offsets: Int32Array,
  lane: number,
  x: XMap,
  y: number,
  h: number,
  looks: { fill: Uint32Array; hatch: Uint32Array },
): void {
  const [from, to] = visibleIntervals(c, offsets, lane, x.t0, x.t1);
  const time = idleTime;
  let runStart = Number.NEGATIVE_INFINITY;
  let runEnd = Number.NEGATIVE_INFINITY;
  let touched = false;
  const flush = () => {
    if (!touched) return;
    touched = false;
    let cause = 0;
    for (let k = 1; k < time.length; k++) if (time[k] > time[cause]) cause = k;
    time.fill(0);
    if (runEnd - runStart >= IDLE_MIN_PX)
      buf.hatchRect(runStart, y, Math.max(1, runEnd - runStart), h, looks.fill[cause], looks.hatch[cause]);
  };
  for (let i = from; i < to; i++) {
    const x0 = Math.max(-2, (c.start[i] - x.t0) * x.pxPerMs);
    const x1 = Math.min(x.width + 2, (c.end[i] - x.t0) * x.pxPerMs);
    if (!(x0 <= runEnd + IDLE_MIN_PX)) {
      flush();
      runStart = x0;
      runEnd = x1;
    } else if (x1 > runEnd) runEnd = x1;
    time[c.cause ? c.cause[i] : 0] += c.end[i] - c.start[i];
    touched = true;
  }
  flush();
}
const idleTime = new Float64Array(IDLE_STYLES.length);

export interface DrawStats {
  barsVisited: number;
  /** Pixel columns drawn as a mix of several ops narrower than a pixel (0: every op drawn as itself). */
  mergedColumns: number;
  labels: number;
}

/** What the base layer draws: a layout, its idle intervals (with causes when known), and where. */
export interface BaseLayer {
  layout: GanttLayout;
  index: LayoutIndex;
  /** Idle intervals to hatch, sorted by lane then start, and their lane offsets. */
  idle: IdleColumns;
  idleStart: Int32Array;
  x: XMap;
  /** Chart px at the top of the canvas, and the canvas height (CSS px). */
  scrollTop: number;
  height: number;
  theme: Theme;
}

/** Reused between frames so a frame allocates (almost) nothing. */
const raster = new LaneRaster();

const pixelCache = new Map<string, number>();
function px(hex: string): number {
  let v = pixelCache.get(hex);
  if (v === undefined) pixelCache.set(hex, (v = pixelOf(hex)));
  return v;
}

const barPixels: Record<Theme, BarPixels> = {
  light: {
    fill: Uint32Array.from(CATEGORIES, (c) => pixelOf(c.light.fill)),
    shade: Uint32Array.from(CATEGORIES, (c) => pixelOf(shadeOf(c.light.fill))),
  },
  dark: {
    fill: Uint32Array.from(CATEGORIES, (c) => pixelOf(c.dark.fill)),
    shade: Uint32Array.from(CATEGORIES, (c) => pixelOf(shadeOf(c.dark.fill))),
  },
};
const idleLooks: Record<Theme, { fill: Uint32Array; hatch: Uint32Array }> = {
  light: {
    fill: Uint32Array.from(IDLE_STYLES, (s) => pixelOf(s.light.fill)),
    hatch: Uint32Array.from(IDLE_STYLES, (s) => pixelOf(s.light.hatch)),
  },
  dark: {
    fill: Uint32Array.from(IDLE_STYLES, (s) => pixelOf(s.dark.fill)),
    hatch: Uint32Array.from(IDLE_STYLES, (s) => pixelOf(s.dark.hatch)),
  },
};

/** Width of an overlapped pair's outline, CSS px. */
const PAIR_LINE_PX = 1.5;

/**
 * Draws the base layer: idle hatches (by cause), bars (culled, honest level of detail), lane
 * separators, pair outlines and micro-batch labels, for lanes whose rows intersect
 * [scrollTop, scrollTop + height). Hatches and bars are rasterised into `buf` (the canvas's size in
 * device pixels) and put on the canvas in one call; outlines and text are drawn on top as vectors.
 */
export function drawChart(ctx: CanvasRenderingContext2D, buf: PixelBuffer, p: BaseLayer): DrawStats {
  const { layout, index, x, scrollTop, height, theme } = p;
  const colors = CHART_COLORS[theme];
  buf.clear(px(colors.background));
  const labels: Label[] = [];
  let barsVisited = 0;
  const separator = px(colors.laneSeparator);
  for (const block of layout.blocks) {
    const yEnd = block.y + block.height - scrollTop;
    if (yEnd >= 0 && block.y - scrollTop <= height) buf.fillRect(0, yEnd - 1, x.width, 1, separator);
  }
  const grid = px(colors.grid);
  const dpr = buf.dpr;
  const bars = barPixels[theme];
  const looks = idleLooks[theme];
  raster.takeMerged();
  for (let k = 0; k < layout.lanes.length; k++) {
    const lane = layout.lanes[k];
    const y = lane.y - scrollTop;
    if (y + lane.height < 0 || y > height) continue;
    if (lane.stream === Stream.COMPUTE && k > 0 && layout.lanes[k - 1].timeline === lane.timeline)
      buf.fillRect(0, y, x.width, 1 / dpr, grid);
    const [by, bh] = barBox(y, lane.height, lane.stream);
    if (lane.stream === Stream.COMPUTE) rasterLaneIdle(buf, p.idle, p.idleStart, k, x, by, bh, looks);
    const withLabels = lane.height >= LABEL_MIN_LANE_PX ? labels : null;
    const y0 = Math.round(by * dpr);
    const y1 = Math.max(y0 + 1, Math.round((by + bh) * dpr));
    barsVisited += raster.raster(buf, layout, index, k, x, y0, y1, bars, withLabels);
  }
  ctx.putImageData(buf.image as ImageData, 0, 0);
  // Pair outlines: a frame PAIR_LINE_PX wide inside each pair's box, filled as four rects (the sides
  // the full height, over the ends of the top and bottom: the colour is opaque), which covers the
  // pixels a stroke of the box inset by half the line would. The canvas fills axis-aligned rects
  // far faster than it strokes a path: a frame's hundreds of outlines cost about 2 ms stroked.
  ctx.fillStyle = colors.pairOutline;
  const pairs = layout.pairs;
  for (let k = 0; k < layout.lanes.length; k++) {
    const lane = layout.lanes[k];
    if (lane.stream !== Stream.COMPUTE) continue;
    const y = lane.y - scrollTop;
    if (y + lane.height < 0 || y > height) continue;
    const [from, to] = visibleIntervals(pairs, index.pairStart, k, x.t0, x.t1);
    if (to - from > x.width / 3) continue; // too dense to read: outlines would only blur the bars
    for (let i = from; i < to; i++) {
      const x0 = Math.max(-2, (pairs.start[i] - x.t0) * x.pxPerMs);
      const x1 = Math.min(x.width + 2, (pairs.end[i] - x.t0) * x.pxPerMs);
      if (x1 - x0 < 3) continue;
      const w = x1 - x0;
      const h = lane.height;
      ctx.fillRect(x0, y, w, PAIR_LINE_PX);
      ctx.fillRect(x0, y + h - PAIR_LINE_PX, w, PAIR_LINE_PX);
      ctx.fillRect(x0, y, PAIR_LINE_PX, h);
      ctx.fillRect(x1 - PAIR_LINE_PX, y, PAIR_LINE_PX, h);
    }
  }

  // Labels last, grouped by colour.
  ctx.font = '10px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  let lastStyle = '';
  for (const l of labels) {
    const style = CATEGORIES[l.category][theme].text;
    if (style !== lastStyle) ctx.fillStyle = lastStyle = style;
    ctx.fillText(l.text, l.x, l.y + 0.5);
  }
  return { barsVisited, mergedColumns: raster.takeMerged(), labels: labels.length };
}
