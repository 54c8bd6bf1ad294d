import { CATEGORIES, CHART_COLORS } from '../../core/layout/palette';
import type { ChartState } from './chart-state';
import { deviceOfOp } from './describe';
import { barBox, RectBuckets, type XMap } from './draw';
import { visibleBars } from './spatial-index';

/** Reused between frames so a frame allocates (almost) nothing. */
const selectionBuckets = new RectBuckets(CATEGORIES.length);

/** Length of an arrow head's sides, px, and its half-angle, radians. */
const HEAD = 6;
const HEAD_ANGLE = 0.45;

/** Hover outline, and the selected micro-batch's bars and dependency arrows over a dimmed chart. */
export function drawOverlay(ctx: CanvasRenderingContext2D, s: ChartState, x: XMap): void {
  const { layout, scrollTop, viewHeight: height, theme, hover } = s;
  const colors = CHART_COLORS[theme];
  ctx.clearRect(0, 0, x.width, height);
  const toX = (t: number) => (t - x.t0) * x.pxPerMs;
  if (s.selectedMicrobatch !== null) {
    ctx.fillStyle = colors.dimOverlay;
    ctx.fillRect(0, 0, x.width, height);
    drawSelectedBars(ctx, s, x, toX);
    drawArrows(ctx, s, x, toX);
  }
  if (hover && hover.bar < layout.bars.count) {
    const b = hover.bar;
    const lane = layout.lanes[layout.bars.lane[b]];
    const [by, bh] = barBox(lane.y - scrollTop, lane.height, lane.stream);
    const x0 = toX(layout.bars.start[b]);
    const x1 = toX(layout.bars.end[b]);
    ctx.strokeStyle = colors.hoverOutline;
    ctx.lineWidth = 2;
    ctx.strokeRect(x0 - 1, by - 1, Math.max(1, x1 - x0) + 2, bh + 2);
  }
}

/** The selected micro-batch's visible bars in their colours, outlined. */
function drawSelectedBars(
  ctx: CanvasRenderingContext2D,
  s: ChartState,
  x: XMap,
  toX: (t: number) => number,
): void {
  const { layout, index, scrollTop, viewHeight: height, theme } = s;
  selectionBuckets.clear();
  for (let k = 0; k < layout.lanes.length; k++) {
    const lane = layout.lanes[k];
    const y = lane.y - scrollTop;
    if (y + lane.height < 0 || y > height) continue;
    const [by, bh] = barBox(y, lane.height, lane.stream);
    const [from, to] = visibleBars(layout, index, k, x.t0, x.t1);
    for (let b = from; b < to; b++) {
      if (layout.bars.microbatch[b] !== s.selectedMicrobatch) continue;
      const x0 = Math.max(-2, toX(layout.bars.start[b]));
      const x1 = Math.min(x.width + 2, toX(layout.bars.end[b]));
      selectionBuckets.push(layout.bars.category[b], x0, by, Math.max(1, x1 - x0), bh);
    }
  }
  ctx.strokeStyle = CHART_COLORS[theme].highlight;
  ctx.lineWidth = 1.5;
  for (let g = 0; g < selectionBuckets.count.length; g++) {
    const n = selectionBuckets.count[g];
    if (!n) continue;
    const d = selectionBuckets.data[g];
    ctx.fillStyle = CATEGORIES[g][theme].fill;
    ctx.beginPath();
    for (let i = 0; i < n * 4; i += 4) ctx.rect(d[i], d[i + 1], d[i + 2], d[i + 3]);
    ctx.fill();
    ctx.stroke();
  }
}

/** Dependency arrows: end of the op depended on -> start of the op that needed it. */
function drawArrows(ctx: CanvasRenderingContext2D, s: ChartState, x: XMap, toX: (t: number) => number): void {
  const { layout, index, scrollTop, tls } = s;
  const highlight = CHART_COLORS[s.theme].highlight;
  ctx.strokeStyle = highlight;
  ctx.fillStyle = highlight;
  ctx.lineWidth = 1.5;
  s.paths.forEach((arrows, ti) => {
    const t = tls[ti];
    const laneOf = index.computeLane[ti];
    for (const [a, b] of arrows) {
      const la = layout.lanes[laneOf[deviceOfOp(t, a)]];
      const lb = layout.lanes[laneOf[deviceOfOp(t, b)]];
      const xa = toX(t.end[a]);
      const xb = toX(t.start[b]);
      if ((xa < 0 && xb < 0) || (xa > x.width && xb > x.width)) continue;
      const ya = la.y + la.height / 2 - scrollTop;
      const yb = lb.y + lb.height / 2 - scrollTop;
      ctx.beginPath();
      if (la === lb) {
        // Same device (the turn at the last stage, B -> W): an arc over the lane.
        const top = la.y - scrollTop - 2;
        ctx.moveTo(xa, ya);
        ctx.bezierCurveTo(xa, top, xb, top, xb, yb);
      } else {
        ctx.moveTo(xa, ya);
        ctx.lineTo(xb, yb);
      }
      ctx.stroke();
      const angle = la === lb ? Math.PI / 2 : Math.atan2(yb - ya, xb - xa);
      ctx.beginPath();
      ctx.moveTo(xb, yb);
      ctx.lineTo(xb - HEAD * Math.cos(angle - HEAD_ANGLE), yb - HEAD * Math.sin(angle - HEAD_ANGLE));
      ctx.lineTo(xb - HEAD * Math.cos(angle + HEAD_ANGLE), yb - HEAD * Math.sin(angle + HEAD_ANGLE));
      ctx.closePath();
      ctx.fill();
    }
  });
}
