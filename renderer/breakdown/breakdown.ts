import { IDLE_CAUSE_INFO, IDLE_CAUSES, type IdleCause } from '../../core/metrics/idle-causes';
import { METRIC_DEFINITIONS } from '../../core/metrics/definitions';
import type { Metrics } from '../../core/metrics/metrics';
import type { Ms } from '../../core/model/units';

/**
 * Where each device's iteration goes: its compute stream's busy time, then its idle time split by
 * cause (core/metrics/idle-causes.ts). Fill and drain share one segment (both are the pipeline's
 * ends, with the same fix: more micro-batches); the rest are one cause each. A device's segments
 * sum to the makespan exactly: busy + idle = makespan, and the causes sum to the idle time.
 */
export interface Segment {
  key: 'compute' | 'exposedComm' | 'p2p' | 'fillDrain' | 'dependency' | 'memory' | 'tail';
  label: string;
  /** The idle causes it sums (none for compute). */
  causes: readonly IdleCause[];
  definition: string;
}

export const SEGMENTS: readonly Segment[] = [
  { key: 'compute', label: 'compute', causes: [], definition: METRIC_DEFINITIONS.busy.definition },
  {
    key: 'exposedComm',
    label: 'exposed comm',
    causes: ['exposedComm'],
    definition: `Idle, ${IDLE_CAUSE_INFO.exposedComm.definition}`,
  },
  { key: 'p2p', label: 'P2P', causes: ['p2p'], definition: `Idle, ${IDLE_CAUSE_INFO.p2p.definition}` },
  {
    key: 'fillDrain',
    label: 'fill / drain',
    causes: ['fill', 'drain'],
    definition: `Idle at the pipeline's ends. Fill: ${IDLE_CAUSE_INFO.fill.definition} Drain: ${IDLE_CAUSE_INFO.drain.definition}`,
  },
  {
    key: 'dependency',
    label: 'dependency',
    causes: ['dependency'],
    definition: `Idle, ${IDLE_CAUSE_INFO.dependency.definition}`,
  },
  {
    key: 'memory',
    label: 'memory',
    causes: ['memory'],
    definition: `Idle, ${IDLE_CAUSE_INFO.memory.definition}`,
  },
  { key: 'tail', label: 'tail', causes: ['tail'], definition: `Idle, ${IDLE_CAUSE_INFO.tail.definition}` },
];

const CAUSE_INDEX = new Map(IDLE_CAUSES.map((c, k) => [c, k]));

/** Device d's time per segment (ms), in SEGMENTS order. */
export function deviceBreakdown(m: Metrics, d: number): Float64Array {
  const out = new Float64Array(SEGMENTS.length);
  const C = IDLE_CAUSES.length;
  SEGMENTS.forEach((s, k) => {
    if (s.key === 'compute') out[k] = m.busy[d];
    else for (const c of s.causes) out[k] += m.idleByCause.byDevice[d * C + (CAUSE_INDEX.get(c) as number)];
  });
  return out;
}

/** Segments that are non-zero on some device of some of the schedules (the legend lists only these). */
export function segmentsPresent(metrics: readonly Metrics[]): Segment[] {
  return SEGMENTS.filter((_, k) =>
    metrics.some((m) => {
      for (let d = 0; d < m.devices; d++) if (deviceBreakdown(m, d)[k] > 0) return true;
      return false;
    }),
  );
}

/**
 * Left edges and widths (px) of a bar's segments on a scale of `pxPerMs`: each edge is its
 * cumulative time rounded to a pixel, so the widths sum to the rounded total (the makespan, within
 * half a pixel) however many segments are rounded.
 */
export function segmentPixels(ms: ArrayLike<Ms>, pxPerMs: number): { x: number; width: number }[] {
  const out: { x: number; width: number }[] = [];
  let cum = 0;
  let left = 0;
  for (let k = 0; k < ms.length; k++) {
    cum += ms[k];
    const right = Math.round(cum * pxPerMs);
    out.push({ x: left, width: right - left });
    left = right;
  }
  return out;
}
