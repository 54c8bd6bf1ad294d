import type { GanttLayout } from '../../core/layout/gantt-layout';
import { CATEGORIES } from '../../core/layout/palette';
import type { PixelBuffer } from './pixel-buffer';
import { type LayoutIndex, visibleBars } from './spatial-index';

/** Horizontal mapping: x = (t - t0) * pxPerMs, for a plot `width` CSS px wide. */
export interface XMap {
  t0: number;
  t1: number;
  pxPerMs: number;
  width: number;
}

export interface Label {
  x: number;
  y: number;
  text: string;
  category: number;
}

/** Pixel colours of each bar category: its fill and its shade (seams, reverse-direction stripes). */
export interface BarPixels {
  fill: Uint32Array;
  shade: Uint32Array;
}

/** Bars at least this wide (CSS px) end in a 1-px seam of their shade, so back-to-back ops stay apart. */
const SEAM_MIN_PX = 4;
/** Width of a label's digit at the 10-px label font, px, and the room it needs beside the digits. */
const DIGIT_PX = 6.2;
const LABEL_PAD_PX = 6;
/** Least gap between two labels of one lane, px, so "20" and "44" never read as "2044". */
const LABEL_GAP_PX = 3;

/** Label width estimate for a micro-batch number at the 10px label font (digit about 6px, plus padding). */
export function labelFits(text: string, barWidth: number): boolean {
  return barWidth >= text.length * DIGIT_PX + LABEL_PAD_PX;
}

/** Least height (device px) of the work drawn in a pixel column that holds any. */
const MIN_MARK_PX = 3;

/** Keys of the column accumulators: a bar's category, doubled, plus 1 for reverse direction. */
const KEYS = CATEGORIES.length * 2;

/** What lies in one device-pixel column: time covered per key (in columns, 1 = all of it). */
class Column {
  col = 0;
  cover = new Float64Array(KEYS);
  /** The keys with cover, the first `count` of them (typed, so a frame allocates nothing). */
  keys = new Int32Array(KEYS);
  count = 0;
  total = 0;
  /** Bars narrower than a pixel in it; only such columns are drawn as a mix. */
  narrow = 0;
  bars = 0;
  add(key: number, amount: number, narrow: boolean): void {
    if (!(amount > 0)) return;
    if (this.cover[key] === 0) this.keys[this.count++] = key;
    this.cover[key] += amount;
    this.total += amount;
    this.bars++;
    if (narrow) this.narrow++;
  }
  reset(col: number): void {
    for (let i = 0; i < this.count; i++) this.cover[this.keys[i]] = 0;
    this.count = 0;
    this.total = 0;
    this.narrow = 0;
    this.bars = 0;
    this.col = col;
  }
}

/**
 * Rasterises one lane's visible bars into device pixels, honest at every zoom:
 * - a bar at least one device pixel wide is a rect (pixel-rounded ends; at least SEAM_MIN_PX CSS px
 *   wide it ends in a 1-px seam of its shade);
 * - where bars narrower than a pixel fall, each pixel column shows what is in it: its busy share of
 *   the bar height (at least 1 px), split top to bottom between the kinds in it in proportion to
 *   their time (each kind present at least 1 px when there is room), and idle only for the share
 *   of the column that is idle (a column with any work shows at least MIN_MARK_PX of it). So a
 *   column that is busy all through never shows idle, and one with forwards and backwards shows both.
 * Reverse-direction bars (layout.bars.variant) are striped with their shade. Labels go on rects
 * wide enough for their digits, never closer than LABEL_GAP_PX to the previous label of the lane.
 */
export class LaneRaster {
  private a = new Column();
  private b = new Column();
  private buf!: PixelBuffer;
  private colors!: BarPixels;
  private y0 = 0;
  private y1 = 0;
  /** Columns drawn as a mix of two bars or more since the last takeMerged(). */
  private merged = 0;
  private order = new Int32Array(KEYS);
  private heights = new Int32Array(KEYS);

  /** How many columns were drawn as a mix of several bars since the last call, and resets it. */
  takeMerged(): number {
    const m = this.merged;
    this.merged = 0;
    return m;
  }

  /**
   * Draws lane `lane` into `buf` between device rows y0 and y1. Returns the number of bars looked
   * at. `labels` collects labels (CSS px), or null for none.
   */
  raster(
    buf: PixelBuffer,
    layout: GanttLayout,
    index: LayoutIndex,
    lane: number,
    x: XMap,
    y0: number,
    y1: number,
    colors: BarPixels,
    labels: Label[] | null,
  ): number {
    this.buf = buf;
    this.colors = colors;
    this.y0 = y0;
    this.y1 = y1;
    const [from, to] = visibleBars(layout, index, lane, x.t0, x.t1);
    const { start, end, category, microbatch } = layout.bars;
    const variant = layout.bars.variant;
    const dpr = buf.dpr;
    const k = x.pxPerMs * dpr;
    const left = -2;
    const right = buf.width + 2;
    const seam = Math.max(1, Math.round(dpr));
    const labelY = (y0 + y1) / 2 / dpr;
    let labelRight = Number.NEGATIVE_INFINITY;
    this.a.reset(Number.NEGATIVE_INFINITY);
    this.b.reset(Number.NEGATIVE_INFINITY);
    for (let bar = from; bar < to; bar++) {
      let x0 = (start[bar] - x.t0) * k;
      let x1 = (end[bar] - x.t0) * k;
      if (x0 < left) x0 = left;
      if (x1 > right) x1 = right;
      const cat = category[bar];
      const key = cat * 2 + (variant ? variant[bar] : 0);
      const c0 = Math.floor(x0);
      if (x1 - x0 < 1) {
        // Narrower than a pixel: into the column(s) it covers.
        this.advanceTo(c0);
        const split = c0 + 1;
        if (x1 <= split) this.a.add(key, Math.max(x1 - x0, 0), true);
        else {
          this.a.add(key, split - x0, true);
          this.b.add(key, x1 - split, true);
        }
        // A zero-length bar still marks its column (drawn 1 px, as every op has a minimum width).
        if (!(x1 > x0)) this.a.add(key, 1e-9, true);
        continue;
      }
      // A rect. Its partial first column counts in that column's mix (drawn over the rect when the
      // column also holds narrow bars), likewise its partial last column.
      this.advanceTo(c0);
      this.a.add(key, c0 + 1 - x0, false);
      let r0 = Math.round(x0);
      let r1 = Math.round(x1);
      if (r1 <= r0) r1 = r0 + 1;
      const fill = colors.fill[cat];
      const shade = colors.shade[cat];
      const wide = (x1 - x0) / dpr >= SEAM_MIN_PX;
      const body = wide ? r1 - seam : r1;
      if (variant?.[bar]) buf.stripePx(r0, body, y0, y1, fill, shade);
      else buf.fillPx(r0, body, y0, y1, fill);
      if (wide) buf.fillPx(body, r1, y0, y1, shade);
      if (r0 < 0) r0 = 0;
      this.flush(this.a);
      const c1 = Math.floor(x1);
      this.advanceTo(c1);
      this.a.add(key, x1 - c1, false);
      if (labels && microbatch[bar] >= 0) {
        const text = String(microbatch[bar]);
        const cssW = (Math.min(r1, buf.width) - Math.max(r0, 0)) / dpr;
        const cx = (Math.max(r0, 0) + Math.min(r1, buf.width)) / 2 / dpr;
        const half = (text.length * DIGIT_PX) / 2;
        if (labelFits(text, cssW) && cx - half >= labelRight + LABEL_GAP_PX) {
          labels.push({ x: cx, y: labelY, text, category: cat });
          labelRight = cx + half;
        }
      }
    }
    this.flush(this.a);
    this.flush(this.b);
    return to - from;
  }

  /** Makes `a` the accumulator of column c (and `b` of c + 1), drawing the columns it passes. */
  private advanceTo(c: number): void {
    const { a, b } = this;
    if (a.col === c) return;
    if (b.col === c) {
      this.flush(a);
      this.a = b;
      this.b = a;
      a.reset(c + 1);
      return;
    }
    this.flush(a);
    this.flush(b);
    a.reset(c);
    b.reset(c + 1);
  }

  /**
   * Draws a column that holds narrow bars as its mix (a column of rect ends alone is left to the
   * rects), and empties it.
   */
  private flush(col: Column): void {
    if (col.narrow > 0 && col.total > 0) this.drawMix(col);
    col.reset(col.col);
  }

  private drawMix(col: Column): void {
    if (col.bars > 1) this.merged++;
    const { buf, y0, y1, colors } = this;
    const x = col.col;
    const height = y1 - y0;
    const busy = Math.min(1, col.total);
    // A column with a sliver of work still shows a mark MIN_MARK_PX tall, so a lone short op in a
    // long bubble stays visible (its share is then overstated, never its absence).
    const busyH = Math.max(Math.round(height * busy), Math.min(height, MIN_MARK_PX));
    // The kinds in palette order (an insertion sort: a column holds a handful).
    const keys = this.order;
    const n = col.count;
    for (let i = 0; i < n; i++) {
      const key = col.keys[i];
      let j = i;
      for (; j > 0 && keys[j - 1] > key; j--) keys[j] = keys[j - 1];
      keys[j] = key;
    }
    // Heights by cumulative rounding of the kinds' shares (they add up to busyH exactly); a kind
    // that rounds to nothing takes a pixel from the tallest, so every kind present shows.
    const heights = this.heights;
    let acc = 0;
    let given = 0;
    let tallest = 0;
    for (let i = 0; i < n; i++) {
      acc += col.cover[keys[i]];
      const upTo = i === n - 1 ? busyH : Math.round((busyH * acc) / col.total);
      heights[i] = upTo - given;
      given = upTo;
      if (heights[i] > heights[tallest]) tallest = i;
    }
    for (let i = 0; i < n; i++) {
      if (heights[i] > 0 || heights[tallest] <= 1) continue;
      heights[i] = 1;
      heights[tallest]--;
    }
    let y = y0;
    for (let i = 0; i < n; i++) {
      const key = keys[i];
      const h = heights[i];
      if (h <= 0) continue;
      const cat = key >> 1;
      if (key & 1) buf.stripePx(x, x + 1, y, y + h, colors.fill[cat], colors.shade[cat]);
      else buf.fillPx(x, x + 1, y, y + h, colors.fill[cat]);
      y += h;
    }
  }
}
