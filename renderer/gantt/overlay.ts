import { CATEGORIES, CHART_COLORS, type Theme } from '../../core/layout/palette';
import { PathSegmentKind } from '../../core/metrics/critical-path';
import type { ChartState } from './chart-state';
import { deviceOfOp } from './describe';
import { barBox, RectBuckets, type XMap } from './draw';
import { visibleBars } from './spatial-index';

/** Reused between frames so a frame allocates (almost) nothing. */
const selectionBuckets = new RectBuckets(CATEGORIES.length);

/** Length of an arrow head's sides, px, and its half-angle, radians. */
const HEAD = 6;
const HEAD_ANGLE = 0.45;

/**
 * Hover outline, the critical path (when its toggle is on) and the selected micro-batch's bars
 * and dependency arrows, over a dimmed chart.
 */
/** Whether the overlay has nothing to show: no selection, critical path or hover. */
export function overlayBlank(s: ChartState): boolean {
  const { hover } = s;
  return (
    s.selectedMicrobatch === null &&
    !s.criticalPath &&
    !(hover && hover.idle >= 0 && hover.idle < s.idle.count) &&
    !(hover && hover.bar >= 0 && hover.bar < s.layout.bars.count)
  );
}

export function drawOverlay(ctx: CanvasRenderingContext2D, s: ChartState, x: XMap): void {
  const { layout, scrollTop, viewHeight: height, theme, hover } = s;
  const colors = CHART_COLORS[theme];
  ctx.clearRect(0, 0, x.width, height);
  const toX = (t: number) => (t - x.t0) * x.pxPerMs;
  if (s.selectedMicrobatch !== null || s.criticalPath) {
    ctx.fillStyle = colors.dimOverlay;
    ctx.fillRect(0, 0, x.width, height);
  }
  if (s.criticalPath) drawCriticalPath(ctx, s, x, toX);
  if (s.selectedMicrobatch !== null) {
    drawSelectedBars(ctx, s, x, toX);
    drawArrows(ctx, s, x, toX);
  }
  if (hover && hover.idle >= 0 && hover.idle < s.idle.count) {
    const lane = layout.lanes[s.idle.lane[hover.idle]];
    const [by, bh] = barBox(lane.y - scrollTop, lane.height, lane.stream);
    const x0 = toX(s.idle.start[hover.idle]);
    const x1 = toX(s.idle.end[hover.idle]);
    ctx.strokeStyle = colors.hoverOutline;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([3, 2]);
    ctx.strokeRect(x0, by - 0.5, Math.max(1, x1 - x0), bh + 1);
    ctx.setLineDash([]);
  }
  if (hover && hover.bar >= 0 && hover.bar < layout.bars.count) {
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
  fillAndOutline(ctx, selectionBuckets, theme);
}

/** Each bucket's rects in its category's colour, outlined in the current stroke style. */
function fillAndOutline(ctx: CanvasRenderingContext2D, buckets: RectBuckets, theme: Theme): void {
  for (let g = 0; g < buckets.count.length; g++) {
    const n = buckets.count[g];
    if (!n) continue;
    const d = buckets.data[g];
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

/** Segments closer than this (px) on one lane are outlined as one: at a million ops the path is dense. */
const PATH_MERGE_PX = 1;

/**
 * The critical path: its compute and communication stretches in their colours, outlined in the
 * highlight colour; each transfer on it a line from the sender's lane to the receiver's; a
 * transfer's wait behind its sender's communication stream dashed.
 */
function drawCriticalPath(
  ctx: CanvasRenderingContext2D,
  s: ChartState,
  x: XMap,
  toX: (t: number) => number,
): void {
  const path = s.criticalPath;
  if (!path) return;
  const { layout, scrollTop, viewHeight: height, theme } = s;
  const highlight = CHART_COLORS[theme].highlight;
  const rects = selectionBuckets;
  rects.clear();
  const links: number[] = [];
  const waits: number[] = [];
  for (let ti = 0; ti + 1 < path.timelineStart.length; ti++) {
    const lo = path.timelineStart[ti];
    const hi = path.timelineStart[ti + 1];
    // Segments are contiguous in time: the first visible one by binary search on the ends.
    let a = lo;
    let b = hi;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (path.end[m] < x.t0) a = m + 1;
      else b = m;
    }
    let runLane = -1;
    let runCat = -1;
    let runX0 = 0;
    let runX1 = Number.NEGATIVE_INFINITY;
    const flushRun = () => {
      if (runLane < 0) return;
      const lane = layout.lanes[runLane];
      const [by, bh] = barBox(lane.y - scrollTop, lane.height, lane.stream);
      if (by + bh >= 0 && by <= height) rects.push(runCat, runX0, by, Math.max(1, runX1 - runX0), bh);
      runLane = -1;
    };
    for (let k = a; k < hi && path.start[k] <= x.t1; k++) {
      const x0 = Math.max(-2, toX(path.start[k]));
      const x1 = Math.min(x.width + 2, toX(path.end[k]));
      const kind = path.kind[k];
      if (kind === PathSegmentKind.P2P || kind === PathSegmentKind.WAIT) {
        const from = path.lane[k];
        const to = path.toLane[k];
        if (from < 0 || to < 0) continue;
        const ya = layout.lanes[from].y + layout.lanes[from].height / 2 - scrollTop;
        const yb = layout.lanes[to].y + layout.lanes[to].height / 2 - scrollTop;
        (kind === PathSegmentKind.P2P ? links : waits).push(
          x0,
          ya,
          x1,
          kind === PathSegmentKind.P2P ? yb : ya,
        );
        continue;
      }
      const lane = path.lane[k];
      if (lane < 0) continue;
      // Merged with the run before on its lane when they touch and it is the same kind, or too
      // narrow to tell apart anyway.
      const narrow = x1 - x0 < 2;
      if (lane === runLane && x0 <= runX1 + PATH_MERGE_PX && (path.category[k] === runCat || narrow)) {
        runX1 = Math.max(runX1, x1);
        continue;
      }
      flushRun();
      runLane = lane;
      runCat = path.category[k];
      runX0 = x0;
      runX1 = x1;
    }
    flushRun();
  }
  ctx.strokeStyle = highlight;
  ctx.lineWidth = 2;
  fillAndOutline(ctx, rects, theme);
  ctx.beginPath();
  for (let i = 0; i < links.length; i += 4) {
    ctx.moveTo(links[i], links[i + 1]);
    ctx.lineTo(links[i + 2], links[i + 3]);
  }
  ctx.stroke();
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  for (let i = 0; i < waits.length; i += 4) {
    ctx.moveTo(waits[i], waits[i + 1]);
    ctx.lineTo(waits[i + 2], waits[i + 3]);
  }
  ctx.stroke();
  ctx.setLineDash([]);
}
