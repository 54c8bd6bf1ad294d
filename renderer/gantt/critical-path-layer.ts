import type { GanttLayout } from '../../core/layout/gantt-layout';
import { categoryOfOpKind, categoryOfPart, P2P_CATEGORY } from '../../core/layout/palette';
import { type CriticalPath, PathSegmentKind } from '../../core/metrics/critical-path';
import { deviceOfOp } from '../../core/model/schedule';
import { Stream, type Timeline } from '../../core/sim/timeline';

/**
 * The critical paths of a chart's timelines placed on its lanes, for the overlay to outline:
 * segments in time order within each timeline (timelines one after another), each with the lane
 * it is drawn on and, for a transfer or a wait for one, the lane of the op that received it.
 */
export interface CriticalPathLayer {
  count: number;
  kind: Uint8Array;
  start: Float64Array;
  end: Float64Array;
  /** Compute and comm segments: their lane; P2P and WAIT: the sender's compute lane. -1: not laid out. */
  lane: Int32Array;
  /** P2P and WAIT: the receiver's compute lane; else the same as lane. */
  toLane: Int32Array;
  /** Bar category of compute and comm segments (their colour); P2P_CATEGORY for the others. */
  category: Uint8Array;
  /** Segments of timeline k: [timelineStart[k], timelineStart[k + 1]). */
  timelineStart: Int32Array;
}

/** Places each timeline's critical path (null: none) on the layout's lanes. */
export function criticalPathLayer(
  layout: GanttLayout,
  timelines: readonly Timeline[],
  paths: readonly (CriticalPath | null)[],
): CriticalPathLayer {
  // lanes[ti][d * 2 + 0/1]: compute / comm lane of device d (-1 when absent).
  const lanesOf = timelines.map((t) => new Int32Array(t.schedule.devices * 2).fill(-1));
  layout.lanes.forEach((lane, k) => {
    const map = lanesOf[lane.timeline];
    if (lane.stream === Stream.COMPUTE) map[lane.device * 2] = k;
    else if (!lane.link) map[lane.device * 2 + 1] = k;
  });
  let count = 0;
  for (const p of paths) count += p?.segments.count ?? 0;
  const out: CriticalPathLayer = {
    count,
    kind: new Uint8Array(count),
    start: new Float64Array(count),
    end: new Float64Array(count),
    lane: new Int32Array(count),
    toLane: new Int32Array(count),
    category: new Uint8Array(count),
    timelineStart: new Int32Array(timelines.length + 1),
  };
  let at = 0;
  timelines.forEach((t, ti) => {
    out.timelineStart[ti] = at;
    const seg = paths[ti]?.segments;
    if (!seg) return;
    const s = t.schedule;
    const map = lanesOf[ti];
    const computeLane = (op: number) => map[deviceOfOp(s, op) * 2];
    for (let k = 0; k < seg.count; k++, at++) {
      const kind = seg.kind[k];
      const op = seg.op[k];
      const ref = seg.ref[k];
      out.kind[at] = kind;
      out.start[at] = seg.start[k];
      out.end[at] = seg.end[k];
      if (kind === PathSegmentKind.P2P || kind === PathSegmentKind.WAIT) {
        out.lane[at] = op >= 0 ? computeLane(op) : -1;
        out.toLane[at] = ref >= 0 ? computeLane(ref) : out.lane[at];
        out.category[at] = P2P_CATEGORY;
        continue;
      }
      let lane = computeLane(op);
      let category = categoryOfOpKind(s.kind[op]);
      if (ref >= 0 && t.parts) {
        category = categoryOfPart(t.parts.part[ref]);
        const comm = map[deviceOfOp(s, op) * 2 + 1];
        if (t.parts.stream[ref] === Stream.COMM && comm >= 0) lane = comm;
      }
      out.lane[at] = lane;
      out.toLane[at] = lane;
      out.category[at] = category;
    }
  });
  out.timelineStart[timelines.length] = at;
  return out;
}
