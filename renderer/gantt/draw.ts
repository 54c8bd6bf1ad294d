import type { GanttLayout } from '../../core/layout/gantt-layout';
import { CATEGORIES, CHART_COLORS, type Theme } from '../../core/layout/palette';
import type { Ms } from '../../core/model/units';
import { Stream } from '../../core/sim/timeline';
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
  let pendingCol = Number.NEGATIVE_INFINITY;
  let pendingEnd = 0;
  let pendingCat = 0;
  let pendingLongest = -1;
  const flush = () => {
    if (pendingLongest >= 0) out.push(pendingCat, pendingCol, y, Math.max(1, pendingEnd - pendingCol), h);
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
      out.push(category[b], x0, y, x1 - x0, h);
      if (labels) {
        const text = String(microbatch[b]);
        if (labelFits(text, x1 - x0))
          labels.push({ x: (x0 + x1) / 2, y: y + h / 2, text, category: category[b] });
      }
      continue;
    }
    const col = Math.floor(x0);
    if (pendingLongest >= 0 && col < pendingEnd) {
      if (x1 > pendingEnd) pendingEnd = Math.ceil(x1);
      if (w > pendingLongest) {
        pendingLongest = w;
        pendingCat = category[b];
      }
      continue;
    }
    flush();
    pendingCol = col;
    pendingEnd = Math.max(col + 1, Math.ceil(x1));
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

function fillBuckets(
  ctx: CanvasRenderingContext2D,
  buckets: RectBuckets,
  styleOf: (g: number) => string | CanvasPattern,
) {
  for (let g = 0; g < buckets.count.length; g++) {
    const n = buckets.count[g];
    if (n === 0) continue;
    const d = buckets.data[g];
    ctx.fillStyle = styleOf(g);
    ctx.beginPath();
    for (let i = 0; i < n * 4; i += 4) ctx.rect(d[i], d[i + 1], d[i + 2], d[i + 3]);
    ctx.fill();
  }
}

const hatchCache = new Map<string, CanvasPattern | string>();

/** Diagonal hatch for bubbles; a plain fill where patterns are unavailable. */
function bubbleStyle(ctx: CanvasRenderingContext2D, theme: Theme): CanvasPattern | string {
  const colors = CHART_COLORS[theme];
  const key = `${theme}`;
  const cached = hatchCache.get(key);
  if (cached) return cached;
  let style: CanvasPattern | string = colors.bubbleFill;
  if (typeof document !== 'undefined') {
    const tile = document.createElement('canvas');
    tile.width = 8;
    tile.height = 8;
    const t = tile.getContext('2d');
    if (t) {
      t.fillStyle = colors.bubbleFill;
      t.fillRect(0, 0, 8, 8);
      t.strokeStyle = colors.bubbleHatch;
      t.lineWidth = 1.2;
      t.beginPath();
      t.moveTo(-2, 10);
      t.lineTo(10, -2);
      t.moveTo(-2, 2);
      t.lineTo(2, -2);
      t.moveTo(6, 10);
      t.lineTo(10, 6);
      t.stroke();
      style = ctx.createPattern(tile, 'repeat') ?? style;
    }
  }
  hatchCache.set(key, style);
  return style;
}

export interface DrawStats {
  barsVisited: number;
  rects: number;
  labels: number;
}

/** Reused between frames so a frame allocates (almost) nothing. */
const barBuckets = new RectBuckets(CATEGORIES.length);
const bubbleBuckets = new RectBuckets(1);

/**
 * Draws the base layer: bubbles, bars (culled, level of detail, batched by colour), micro-batch
 * labels and pair outlines, for lanes whose rows intersect [scrollTop, scrollTop + height).
 */
export function drawChart(
  ctx: CanvasRenderingContext2D,
  layout: GanttLayout,
  index: LayoutIndex,
  x: XMap,
  scrollTop: number,
  height: number,
  theme: Theme,
): DrawStats {
  const colors = CHART_COLORS[theme];
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, x.width, height);
  barBuckets.clear();
  bubbleBuckets.clear();
  const labels: Label[] = [];
  let barsVisited = 0;

  // Vertical grid lines and lane separators come first so bars sit on top.
  ctx.fillStyle = colors.laneSeparator;
  ctx.beginPath();
  for (const block of layout.blocks) {
    const yEnd = block.y + block.height - scrollTop;
    if (yEnd < 0 || block.y - scrollTop > height) continue;
    ctx.rect(0, Math.round(yEnd) - 0.5, x.width, 1);
  }
  for (let k = 0; k < layout.lanes.length; k++) {
    const lane = layout.lanes[k];
    const y = lane.y - scrollTop;
    if (y + lane.height < 0 || y > height) continue;
    if (lane.stream === 0 && k > 0 && layout.lanes[k - 1].timeline === lane.timeline)
      ctx.rect(0, Math.round(y) - 0.5, x.width, 0.5);
    const [by, bh] = barBox(y, lane.height, lane.stream);
    if (lane.stream === Stream.COMPUTE)
      collectLaneIntervals(layout.bubbles, index.bubbleStart, k, x, by, bh, bubbleBuckets, 0);
    barsVisited += collectLaneBars(layout, index, k, x, by, bh, barBuckets, labels);
  }
  ctx.fill();

  const hatch = bubbleStyle(ctx, theme);
  fillBuckets(ctx, bubbleBuckets, () => hatch);
  fillBuckets(ctx, barBuckets, (g) => CATEGORIES[g][theme].fill);

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
