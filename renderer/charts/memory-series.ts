import type { Analysis } from '../../core/analyze';

const MAX_POINTS = 1500;
const cache = new WeakMap<Analysis, { x: number; y: number }[][]>();

/**
 * Activation bytes held per device as step-function points (time ms, bytes), from the metrics'
 * activation curve. Long curves are reduced to at most MAX_POINTS steps per device, keeping each
 * time bucket's maximum so peaks survive.
 */
export function activationSeries(a: Analysis): { x: number; y: number }[][] {
  const hit = cache.get(a);
  if (hit) return hit;
  const curve = a.metrics.memory.activationCurve;
  const makespan = a.timeline.makespan;
  const out: { x: number; y: number }[][] = [];
  for (let d = 0; d < a.schedule.devices; d++) {
    const from = curve.deviceStart[d];
    const to = curve.deviceStart[d + 1];
    const pts: { x: number; y: number }[] = [{ x: 0, y: 0 }];
    if (to - from <= MAX_POINTS) {
      for (let k = from; k < to; k++) pts.push({ x: curve.time[k], y: curve.bytes[k] });
    } else {
      const width = makespan / MAX_POINTS || 1;
      let bucket = -1;
      for (let k = from; k < to; k++) {
        const b = Math.floor(curve.time[k] / width);
        if (b !== bucket) {
          pts.push({ x: b * width, y: curve.bytes[k] });
          bucket = b;
        } else if (curve.bytes[k] > pts[pts.length - 1].y) pts[pts.length - 1].y = curve.bytes[k];
      }
    }
    pts.push({ x: makespan, y: pts[pts.length - 1].y });
    out.push(pts);
  }
  cache.set(a, out);
  return out;
}
