import { CATEGORIES, CHART_COLORS, IDLE_STYLES, P2P_CATEGORY } from '../layout/palette';
import {
  FONT,
  FONT_SIZE,
  forEachBarOfLane,
  forEachMicrobatchLabel,
  forEachTransferStretch,
  forEachVisible,
  MIN_BAR_PX,
  MIN_BUBBLE_PX,
  type PicturePlan,
  type PictureText,
  TITLE_Y,
} from './picture';

/**
 * The few calls of a 2D canvas context the painter makes: a browser's CanvasRenderingContext2D
 * (or OffscreenCanvasRenderingContext2D) has them all. Declared here so that core stays free of the
 * DOM's types.
 */
export interface Canvas2D {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  font: string;
  textAlign: string;
  textBaseline: string;
  save(): void;
  restore(): void;
  scale(x: number, y: number): void;
  beginPath(): void;
  rect(x: number, y: number, w: number, h: number): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  clip(): void;
  fill(): void;
  stroke(): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  strokeRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
}

type Rect = [number, number, number, number];

/** How a set of rectangles is hatched: the SVG's patterns (a tile turned by 45 degrees). */
interface Hatch {
  /** Fill under the lines (none: the lines over what is there). */
  fill?: string;
  stroke: string;
  lineWidth: number;
  /** Distance between the lines, px (the pattern's tile). */
  spacing: number;
}

/** The idle hatch of a cause (6 px tile, 2 px lines), as the SVG's idle-hatch-N pattern. */
function idleHatch(plan: PicturePlan, cause: number): Hatch {
  const h = IDLE_STYLES[cause][plan.theme];
  return { fill: h.fill, stroke: h.hatch, lineWidth: 2, spacing: 6 };
}

/** The second direction's stripes (4 px tile, black at 30%), as the SVG's reverse-stripes pattern. */
const STRIPES: Hatch = { stroke: 'rgba(0, 0, 0, 0.3)', lineWidth: 1.2, spacing: 4 };

/**
 * Paints the picture of `analyses` that renderSvg writes (the same plan: picture.ts) on a canvas
 * at `scale` device pixels per picture pixel; the canvas must be plan.width x plan.height times
 * `scale`. Far cheaper than rasterising the SVG text (a browser parses and lays out every element
 * of a 500 KB SVG first): the PNG export of the DeepSeek-V3 example paints in tens of ms.
 */
export function paintPicture(ctx: Canvas2D, plan: PicturePlan, scale = 1): void {
  const { theme, width, height, layout, plotLeft, plotWidth, chartTop, chartBottom } = plan;
  const colors = CHART_COLORS[theme];
  ctx.save();
  ctx.scale(scale, scale);
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'alphabetic';

  text(ctx, { x: plotLeft, y: TITLE_Y, text: plan.title, bold: true, size: 18 }, colors.text);

  for (const item of plan.legend) {
    const sw = item.swatch;
    if (sw.kind === 'fill') {
      ctx.fillStyle = sw.color;
      ctx.fillRect(item.x, item.y, 12, 12);
    } else if (sw.kind === 'hatch') {
      hatch(ctx, [[item.x, item.y, 12, 12]], idleHatch(plan, sw.cause));
    } else if (sw.kind === 'stripes') {
      ctx.fillStyle = sw.under;
      ctx.fillRect(item.x, item.y, 12, 12);
      hatch(ctx, [[item.x, item.y, 12, 12]], STRIPES);
    } else {
      ctx.strokeStyle = sw.color;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(item.x, item.y, 12, 12);
    }
    text(ctx, { x: item.x + 17, y: item.y + 10, text: item.label }, colors.text);
  }

  // Grid, axis and ticks.
  ctx.strokeStyle = colors.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const t of plan.ticks) {
    ctx.moveTo(t.x, chartTop);
    ctx.lineTo(t.x, chartBottom);
  }
  ctx.stroke();
  ctx.strokeStyle = colors.text;
  ctx.beginPath();
  ctx.moveTo(plotLeft, chartBottom);
  ctx.lineTo(plotLeft + plotWidth, chartBottom);
  for (const t of plan.ticks) {
    ctx.moveTo(t.x, chartBottom);
    ctx.lineTo(t.x, chartBottom + 5);
  }
  ctx.stroke();
  for (const t of plan.ticks)
    text(ctx, { x: t.x, y: chartBottom + 18, text: t.label, anchor: 'middle' }, colors.text);
  text(
    ctx,
    { x: plotLeft + plotWidth / 2, y: chartBottom + 36, text: 'time (ms)', anchor: 'middle' },
    colors.text,
  );
  if (plan.caption) text(ctx, plan.caption, colors.text);

  for (const t of plan.laneLabels) text(ctx, t, colors.text);
  ctx.strokeStyle = colors.laneSeparator;
  ctx.lineWidth = 0.5;
  ctx.beginPath();
  for (const lane of layout.lanes) {
    ctx.moveTo(plotLeft, chartTop + lane.y + lane.height);
    ctx.lineTo(plotLeft + plotWidth, chartTop + lane.y + lane.height);
  }
  ctx.stroke();

  // Idle time: per look (cause), filled, then hatched through one clip of all of its intervals.
  const idle = plan.idle;
  const byLook = new Map(plan.idleLooks.map((cause) => [IDLE_STYLES[cause].legend, [] as Rect[]]));
  forEachVisible(plan, idle.start, idle.end, 0, idle.count, MIN_BUBBLE_PX, true, (x, w, k) => {
    const lane = layout.lanes[idle.lane[k]];
    byLook.get(IDLE_STYLES[idle.cause[k]].legend)?.push([x, chartTop + lane.y, w, lane.height]);
  });
  for (const cause of plan.idleLooks)
    hatch(ctx, byLook.get(IDLE_STYLES[cause].legend) ?? [], idleHatch(plan, cause));

  // Bars: one fill colour at a time (changing it is what costs), then the second direction's
  // stripes over them, then the P2P transfers as merged stretches, as the SVG's layers are.
  const { bars, lanes } = layout;
  const rects = CATEGORIES.map(() => [] as number[]);
  const striped: Rect[] = [];
  for (let k = 0; k < lanes.length; k++) {
    const lane = lanes[k];
    const y = chartTop + lane.y;
    forEachBarOfLane(plan, k, (x, w, b) => {
      if (bars.category[b] === P2P_CATEGORY) return;
      rects[bars.category[b]].push(x, y, w, lane.height);
      if (bars.variant?.[b]) striped.push([x, y, w, lane.height]);
    });
  }
  for (const c of CATEGORIES) {
    const r = rects[c.id];
    if (r.length === 0) continue;
    ctx.fillStyle = c[theme].fill;
    for (let i = 0; i < r.length; i += 4) ctx.fillRect(r[i], r[i + 1], r[i + 2], r[i + 3]);
  }
  hatch(ctx, striped, STRIPES);
  ctx.fillStyle = CATEGORIES[P2P_CATEGORY][theme].fill;
  lanes.forEach((lane, k) => {
    forEachTransferStretch(plan, k, (x, w) => ctx.fillRect(x, chartTop + lane.y, w, lane.height));
  });

  // Overlapped pairs.
  const pc = layout.pairs;
  ctx.strokeStyle = colors.pairOutline;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  forEachVisible(plan, pc.start, pc.end, 0, pc.count, MIN_BAR_PX, false, (x, w, k) => {
    const lane = layout.lanes[pc.lane[k]];
    ctx.rect(x, chartTop + lane.y + 1, w, lane.height - 2);
  });
  ctx.stroke();

  ctx.textAlign = 'center';
  let font = '';
  forEachMicrobatchLabel(plan, (x, y, mb, color, fontSize) => {
    const f = `${fontSize}px ${FONT}`;
    if (f !== font) ctx.font = font = f;
    ctx.fillStyle = color;
    ctx.fillText(String(mb), x, y);
  });

  for (const t of plan.table) text(ctx, t, colors.text);
  ctx.restore();
}

function text(ctx: Canvas2D, t: PictureText, fallbackColor: string): void {
  ctx.font = `${t.bold ? 'bold ' : ''}${t.size ?? FONT_SIZE}px ${FONT}`;
  ctx.fillStyle = t.color ?? fallbackColor;
  ctx.textAlign = t.anchor === 'middle' ? 'center' : (t.anchor ?? 'start');
  ctx.fillText(t.text, t.x, t.y);
}

/**
 * Fills rectangles (when the hatch has a fill) and strokes its 45-degree lines across them: the
 * lines x + y = c (the SVG pattern's vertical stroke turned by 45 degrees) every `spacing` px
 * measured across them, on one grid for the whole picture as the SVG's userSpaceOnUse pattern is,
 * each cut to its rectangle by arithmetic. (Clipping to a path of thousands of rectangles instead
 * made the canvas rasterise a mask of the whole chart per look: the PNG took 2.5 times as long.)
 */
function hatch(ctx: Canvas2D, rects: Rect[], look: Hatch): void {
  if (rects.length === 0) return;
  if (look.fill) {
    ctx.fillStyle = look.fill;
    for (const [x, y, w, h] of rects) ctx.fillRect(x, y, w, h);
  }
  ctx.strokeStyle = look.stroke;
  ctx.lineWidth = look.lineWidth;
  ctx.beginPath();
  const step = look.spacing * Math.SQRT2;
  for (const [x, y, w, h] of rects) {
    const x1 = x + w;
    const y1 = y + h;
    for (let c = Math.ceil((x + y) / step) * step; c <= x1 + y1; c += step) {
      // Where x + y = c crosses the rectangle: x from max(x, c - y1) to min(x1, c - y).
      const a = Math.max(x, c - y1);
      const b = Math.min(x1, c - y);
      if (b <= a) continue;
      ctx.moveTo(a, c - a);
      ctx.lineTo(b, c - b);
    }
  }
  ctx.stroke();
}
