import { CATEGORIES, CHART_COLORS, P2P_CATEGORY } from '../layout/palette';
import {
  FONT,
  FONT_SIZE,
  forEachBarOfLane,
  forEachMicrobatchLabel,
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

/** Spacing of the bubble hatch lines, px: the SVG pattern's 6 px tile turned by 45 degrees. */
const HATCH_SPACING = 6;

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
    if (item.swatch.kind === 'fill') {
      ctx.fillStyle = item.swatch.color;
      ctx.fillRect(item.x, item.y, 12, 12);
    } else if (item.swatch.kind === 'hatch') {
      hatch(ctx, plan, [[item.x, item.y, 12, 12]]);
    } else {
      ctx.strokeStyle = item.swatch.color;
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

  // Bubbles: filled, then hatched through one clip of all of them.
  const bubbles: [number, number, number, number][] = [];
  const bb = layout.bubbles;
  forEachVisible(plan, bb.start, bb.end, 0, bb.count, MIN_BUBBLE_PX, true, (x, w, k) => {
    const lane = layout.lanes[bb.lane[k]];
    bubbles.push([x, chartTop + lane.y, w, lane.height]);
  });
  hatch(ctx, plan, bubbles);

  // Bars: one fill colour at a time (changing it is what costs), ops first, then the P2P transfers
  // over them, as the SVG's layers are.
  const { bars, lanes } = layout;
  const rects = CATEGORIES.map(() => [] as number[]);
  for (let k = 0; k < lanes.length; k++) {
    const lane = lanes[k];
    const y = chartTop + lane.y;
    forEachBarOfLane(plan, k, (x, w, b) => {
      rects[bars.category[b]].push(x, y, w, lane.height);
    });
  }
  const order = [...CATEGORIES.filter((c) => c.id !== P2P_CATEGORY), CATEGORIES[P2P_CATEGORY]];
  for (const c of order) {
    const r = rects[c.id];
    if (r.length === 0) continue;
    ctx.fillStyle = c[theme].fill;
    for (let i = 0; i < r.length; i += 4) ctx.fillRect(r[i], r[i + 1], r[i + 2], r[i + 3]);
  }

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

/** Fills rectangles with the bubble colour and strokes the 45-degree hatch across them. */
function hatch(ctx: Canvas2D, plan: PicturePlan, rects: [number, number, number, number][]): void {
  if (rects.length === 0) return;
  const colors = CHART_COLORS[plan.theme];
  ctx.save();
  ctx.beginPath();
  let top = Number.POSITIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  let left = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  for (const [x, y, w, h] of rects) {
    ctx.rect(x, y, w, h);
    top = Math.min(top, y);
    bottom = Math.max(bottom, y + h);
    left = Math.min(left, x);
    right = Math.max(right, x + w);
  }
  ctx.fillStyle = colors.bubbleFill;
  ctx.fill();
  ctx.clip();
  ctx.strokeStyle = colors.bubbleHatch;
  ctx.lineWidth = 2;
  ctx.beginPath();
  // Lines x + y = c (the SVG pattern's vertical stroke turned by 45 degrees), every HATCH_SPACING
  // px measured across them, over the rectangles' bounds.
  const step = HATCH_SPACING * Math.SQRT2;
  for (let c = Math.floor((left + top) / step) * step; c <= right + bottom; c += step) {
    ctx.moveTo(c - top, top);
    ctx.lineTo(c - bottom, bottom);
  }
  ctx.stroke();
  ctx.restore();
}
