import type { Ms } from '../../core/model/units';

/** The visible time range of the chart, ms of device time. */
export interface Viewport {
  t0: Ms;
  t1: Ms;
}

/** The whole timeline with a small margin on each side, so the first and last ops are not on the edge. */
export function fitViewport(makespan: Ms): Viewport {
  const span = makespan > 0 ? makespan : 1;
  const margin = span * 0.01;
  return { t0: -margin, t1: span + margin };
}

/** Narrowest range one can zoom into: a millionth of the makespan (sub-microsecond at 1 s makespans). */
function minSpan(makespan: Ms): Ms {
  return Math.max(makespan, 1e-6) * 1e-6;
}

/** Keeps a range usable: positive width within [minSpan, 4 x the fitted span], and overlapping the data. */
export function clampViewport(v: Viewport, makespan: Ms): Viewport {
  const fit = fitViewport(makespan);
  const fitSpan = fit.t1 - fit.t0;
  let span = v.t1 - v.t0;
  if (!Number.isFinite(span) || span <= 0) return fit;
  span = Math.min(Math.max(span, minSpan(makespan)), fitSpan * 4);
  const mid = (v.t0 + v.t1) / 2;
  let t0 = mid - span / 2;
  // At least half of the view stays over [fit.t0, fit.t1].
  const lo = fit.t0 - span / 2;
  const hi = fit.t1 - span / 2;
  if (t0 < lo) t0 = lo;
  if (t0 > hi) t0 = hi;
  return { t0, t1: t0 + span };
}

/** Zooms by `factor` (> 1 zooms in) keeping time `anchor` at the same screen position. */
export function zoomAround(v: Viewport, factor: number, anchor: Ms, makespan: Ms): Viewport {
  const span = v.t1 - v.t0;
  const fit = fitViewport(makespan);
  const next = Math.min(Math.max(span / factor, minSpan(makespan)), (fit.t1 - fit.t0) * 4);
  const t0 = anchor - ((anchor - v.t0) * next) / span;
  return clampViewport({ t0, t1: t0 + next }, makespan);
}

/** Moves the view by dt ms (positive: later times come into view). */
export function panBy(v: Viewport, dt: Ms, makespan: Ms): Viewport {
  return clampViewport({ t0: v.t0 + dt, t1: v.t1 + dt }, makespan);
}

/** Wheel delta (pixels, lines or pages) in pixels. */
export function wheelPixels(delta: number, deltaMode: number, pagePx: number): number {
  if (deltaMode === 1) return delta * 16;
  if (deltaMode === 2) return delta * pagePx;
  return delta;
}

/** Zoom factor for a vertical wheel step: 100 px of wheel zoom in by about 1.5x. */
export function wheelZoomFactor(deltaYPx: number): number {
  return Math.exp(-deltaYPx * 0.004);
}
