import type { Ms } from '../../core/model/units';

/** The visible time range of the chart, ms of device time. */
export interface Viewport {
  t0: Ms;
  t1: Ms;
}

/** Margin on each side of the fitted view, as a share of the makespan: the first and last ops clear the edges. */
const FIT_MARGIN = 0.01;

/**
 * Narrowest range one can zoom into, as a share of the makespan. A hundred-thousandth still shows a
 * single op of a million-op timeline across most of the plot (16 devices: 62,500 ops a device);
 * deeper zoom only magnifies floating-point noise.
 */
const MIN_SPAN_SHARE = 1e-5;

/** Narrowest range in absolute terms: 1 µs, the finest detail any cost in a scenario is given in. */
const MIN_SPAN_MS = 1e-3;

/** The whole timeline with a small margin on each side, so the first and last ops are not on the edge. */
export function fitViewport(makespan: Ms): Viewport {
  const span = makespan > 0 ? makespan : 1;
  const margin = span * FIT_MARGIN;
  return { t0: -margin, t1: span + margin };
}

/** Narrowest range one can zoom into for a timeline of this makespan. */
export function minSpan(makespan: Ms): Ms {
  return Math.max(MIN_SPAN_MS, (makespan > 0 ? makespan : 1) * MIN_SPAN_SHARE);
}

/**
 * Keeps a range within the data: at most the fitted range (the makespan and its margins), at least
 * minSpan wide, and wholly inside the fitted range (a range that pokes out is moved back in).
 */
export function clampViewport(v: Viewport, makespan: Ms): Viewport {
  const fit = fitViewport(makespan);
  const fitSpan = fit.t1 - fit.t0;
  let span = v.t1 - v.t0;
  if (!Number.isFinite(span) || span <= 0 || !Number.isFinite(v.t0)) return fit;
  if (span >= fitSpan) return fit;
  span = Math.max(span, Math.min(minSpan(makespan), fitSpan));
  const mid = (v.t0 + v.t1) / 2;
  let t0 = mid - span / 2;
  if (t0 < fit.t0) t0 = fit.t0;
  if (t0 + span > fit.t1) t0 = fit.t1 - span;
  return { t0, t1: t0 + span };
}

/** Zooms by `factor` (> 1 zooms in) keeping time `anchor` at the same screen position, within the limits. */
export function zoomAround(v: Viewport, factor: number, anchor: Ms, makespan: Ms): Viewport {
  const span = v.t1 - v.t0;
  const fit = fitViewport(makespan);
  const next = Math.min(Math.max(span / factor, minSpan(makespan)), fit.t1 - fit.t0);
  const t0 = anchor - ((anchor - v.t0) * next) / span;
  return clampViewport({ t0, t1: t0 + next }, makespan);
}

/** Moves the view by dt ms (positive: later times come into view), stopping at the data's margins. */
export function panBy(v: Viewport, dt: Ms, makespan: Ms): Viewport {
  const span = v.t1 - v.t0;
  const fit = fitViewport(makespan);
  if (span >= fit.t1 - fit.t0) return clampViewport(v, makespan);
  // Clamp the start rather than the middle, so panning at an edge never changes the span.
  const t0 = Math.min(Math.max(v.t0 + dt, fit.t0), fit.t1 - span);
  return { t0, t1: t0 + span };
}

/** Wheel delta (pixels, lines or pages) in pixels. */
export function wheelPixels(delta: number, deltaMode: number, pagePx: number): number {
  if (deltaMode === 1) return delta * 16;
  if (deltaMode === 2) return delta * pagePx;
  return delta;
}

/**
 * Zoom factor for a vertical wheel step: 100 px of wheel zoom in by about 1.5x. A trackpad pinch
 * arrives as Ctrl+wheel with small deltas, so it zooms smoothly by the same rule.
 */
export function wheelZoomFactor(deltaYPx: number): number {
  return Math.exp(-deltaYPx * 0.004);
}
