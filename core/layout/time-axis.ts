import { ticks } from 'd3-array';
import type { Ms } from '../model/units';

/**
 * Room a time-axis label needs, in px: the axis asks for about one tick per this many pixels.
 * The same as the app's Gantt axis (renderer/gantt), so an exported SVG and the canvas it was
 * exported from show the same ticks at the same width.
 */
export const TIME_TICK_SPACING_PX = 110;

/**
 * Tick times for an axis from t0 to t1 drawn `widthPx` wide: d3's ticks (steps of 1, 2 or 5
 * times a power of ten, chosen to come closest to the requested count), the ticks the app's
 * Gantt axis draws. At least two ticks are asked for.
 */
export function timeTicks(t0: Ms, t1: Ms, widthPx: number): Ms[] {
  return ticks(t0, t1, Math.max(2, Math.floor(widthPx / TIME_TICK_SPACING_PX)));
}
