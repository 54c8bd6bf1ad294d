import type { GanttLayout } from '../../core/layout/gantt-layout';
import { CATEGORIES, CHART_COLORS, type Theme } from '../../core/layout/palette';
import type { Ms } from '../../core/model/units';
import { Stream } from '../../core/sim/timeline';
import { type PixelBuffer, pixelOf } from './pixel-buffer';
import { type LayoutIndex, visibleBars, visibleIntervals } from './spatial-index';
import type { Viewport } from './viewport';

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

export interface Label {
  x: number;
  y: number;
  text: string;
  category: number;
}

/** Horizontal mapping: x = (t - t0) * pxPerMs, for a plot `width` CSS px wide. */
export interface XMap {
  t0: Ms;
  t1: Ms;
  pxPerMs: number;
  width: number;
}

export function xMap(v: Viewport, width: number): XMap {
  return { t0: v.t0, t1: v.t1, pxPerMs: width / (v.t1 - v.t0), width };
}

/** Label width estimate for a micro-batch number at the 10px label font (digit about 6px, plus padding). */
export function labelFits(text: string, barWidth: number): boolean {
  return barWidth >= text.length * 6.2 + 6;
}

/**
 * Collects the visible bars of one lane into colour buckets, at most about one rect per pixel column:
 * bars at least 1 px wide are drawn as they are; narrower ones that start in the same pixel column
 * merge into one 1-px-wide rect coloured like the longest of them (level of detail, as Perfetto does).
 * Returns the number of bars looked at.
 */
export function collectLaneBars(
  layout: GanttLayout,
  index: LayoutIndex,
  lane: number,
  x: XMap,
  y: number,
  h: number,
  out: RectBuckets,
  labels: Label[] | null,
): number {
  const [from, to] = visibleBars(layout, index, lane, x.t0, x.t1);
  const { start, end, category, microbatch } = layout.bars;
  const k = x.pxPerMs;
  const left = -2;
  const right = x.width + 2;
  // Sub-pixel bars starting in the same pixel column become one 1-px rect (the column's colour is
  // that of its longest bar).
  let pendingCol = Number.NEGATIVE_INFINITY;
  let pendingCat = 0;
  let pendingLongest = -1;
  const flush = () => {
    if (pendingLongest >= 0) out.push(pendingCat, pendingCol, y, 1, h);
    pendingLongest = -1;
  };
  for (let b = from; b < to; b++) {
    let x0 = (start[b] - x.t0) * k;
    let x1 = (end[b] - x.t0) * k;
    const w = x1 - x0;
    if (w >= 1) {
      flush();
      if (x0 < left) x0 = left;
      if (x1 > right) x1 = right;
      // A 1-px seam at the right end keeps back-to-back ops apart once they are wide enough.
      out.push(category[b], x0, y, x1 - x0 >= 4 ? x1 - x0 - 1 : x1 - x0, h);
      // A bar of no micro-batch (-1: a measured kernel under a plan) carries no label.
      if (labels && microbatch[b] >= 0) {
        const text = String(microbatch[b]);
        if (labelFits(text, x1 - x0))
          labels.push({ x: (x0 + x1) / 2, y: y + h / 2, text, category: category[b] });
      }
      continue;
    }
    const col = Math.floor(x0);
    if (col === pendingCol && pendingLongest >= 0) {
      if (w > pendingLongest) {
        pendingLongest = w;
        pendingCat = category[b];
      }
      continue;
    }
    flush();
    pendingCol = col;
    pendingCat = category[b];
    pendingLongest = w;
  }
  flush();
  return to - from;
}

/** Collects intervals (bubbles) of one lane, merging sub-pixel ones per pixel column into group 0. */
export function collectLaneIntervals(
  c: GanttLayout['bubbles'],
  offsets: Int32Array,
  lane: number,
  x: XMap,
  y: number,
  h: number,
  out: RectBuckets,
  group: number,
): void {
  const [from, to] = visibleIntervals(c, offsets, lane, x.t0, x.t1);
  let runStart = Number.NEGATIVE_INFINITY;
  let runEnd = Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) {
    const x0 = Math.max(-2, (c.start[i] - x.t0) * x.pxPerMs);
    const x1 = Math.min(x.width + 2, (c.end[i] - x.t0) * x.pxPerMs);
    if (x0 <= runEnd + 0.5) {
      if (x1 > runEnd) runEnd = x1;
      continue;
    }
    if (runEnd - runStart >= 0.5) out.push(group, runStart, y, Math.max(1, runEnd - runStart), h);
    runStart = x0;
    runEnd = x1;
  }
  if (runEnd - runStart >= 0.5) out.push(group, runStart, y, Math.max(1, runEnd - runStart), h);
}

/** Vertical extent of bars inside a lane (a little inset so neighbouring lanes stay apart). */
export function barBox(laneY: number, laneHeight: number, stream: number): [number, number] {
  const inset = stream === Stream.COMPUTE ? 2 : 1.5;
  return [laneY + inset, laneHeight - 2 * inset];
}

function rasterBuckets(buf: PixelBuffer, buckets: RectBuckets, colorOf: (g: number) => number): void {
  for (let g = 0; g < buckets.count.length; g++) {
    const n = buckets.count[g];
    if (n === 0) continue;
    const d = buckets.data[g];
    const color = colorOf(g);
    for (let i = 0; i < n * 4; i += 4) buf.fillRect(d[i], d[i + 1], d[i + 2], d[i + 3], color);
  }
}

export interface DrawStats {
  barsVisited: number;
  rects: number;
  labels: number;
}

/** Reused between frames so a frame allocates (almost) nothing. */
const barBuckets = new RectBuckets(CATEGORIES.length);
const bubbleBuckets = new RectBuckets(1);

const pixelCache = new Map<string, number>();
function px(hex: string): number {
  let v = pixelCache.get(hex);
  if (v === undefined) pixelCache.set(hex, (v = pixelOf(hex)));
  return v;
}

/**
 * Draws the base layer: bubbles, bars (culled, level of detail, batched by colour), lane
 * separators, pair outlines and micro-batch labels, for lanes whose rows intersect
 * [scrollTop, scrollTop + height). Bars and bubbles are rasterised into `buf` (the canvas's size in
 * device pixels) and put on the canvas in one call; outlines and text are drawn on top as vectors.
 */
export function drawChart(
  ctx: CanvasRenderingContext2D,
  buf: PixelBuffer,
  layout: GanttLayout,
  index: LayoutIndex,
  x: XMap,
  scrollTop: number,
  height: number,
  theme: Theme,
): DrawStats {
  const colors = CHART_COLORS[theme];
  buf.clear(px(colors.background));
  barBuckets.clear();
  bubbleBuckets.clear();
  const labels: Label[] = [];
  let barsVisited = 0;
  const separator = px(colors.laneSeparator);
  for (const block of layout.blocks) {
    const yEnd = block.y + block.height - scrollTop;
    if (yEnd >= 0 && block.y - scrollTop <= height) buf.fillRect(0, yEnd - 1, x.width, 1, separator);
  }
  const grid = px(colors.grid);
  for (let k = 0; k < layout.lanes.length; k++) {
    const lane = layout.lanes[k];
    const y = lane.y - scrollTop;
    if (y + lane.height < 0 || y > height) continue;
    if (lane.stream === Stream.COMPUTE && k > 0 && layout.lanes[k - 1].timeline === lane.timeline)
      buf.fillRect(0, y, x.width, 1 / buf.dpr, grid);
    const [by, bh] = barBox(y, lane.height, lane.stream);
    if (lane.stream === Stream.COMPUTE)
      collectLaneIntervals(layout.bubbles, index.bubbleStart, k, x, by, bh, bubbleBuckets, 0);
    barsVisited += collectLaneBars(layout, index, k, x, by, bh, barBuckets, labels);
  }
  const bubbleFill = px(colors.bubbleFill);
  const bubbleHatch = px(colors.bubbleHatch);
  const n = bubbleBuckets.count[0];
  const d = bubbleBuckets.data[0];
  for (let i = 0; i < n * 4; i += 4)
    buf.hatchRect(d[i], d[i + 1], d[i + 2], d[i + 3], bubbleFill, bubbleHatch);
  rasterBuckets(buf, barBuckets, (g) => px(CATEGORIES[g][theme].fill));
  ctx.putImageData(buf.image, 0, 0);
  // Pair outlines.
  ctx.strokeStyle = colors.pairOutline;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
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
      ctx.rect(x0 + 0.75, y + 0.75, x1 - x0 - 1.5, lane.height - 1.5);
    }
  }
  ctx.stroke();

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
  return { barsVisited, rects: barBuckets.total() + bubbleBuckets.total(), labels: labels.length };
}
