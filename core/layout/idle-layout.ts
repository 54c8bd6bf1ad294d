import { type IdleIntervals, idleIntervals } from '../metrics/idle-causes';
import { Stream, type Timeline } from '../sim/timeline';
import type { GanttLayout, IntervalColumns } from './gantt-layout';

/**
 * The idle intervals of a layout's compute lanes with their causes (core/metrics/idle-causes.ts),
 * for tinting them by cause. Sorted by lane, then start.
 */
export interface IdleLayout extends IntervalColumns {
  /** IdleCauseId of each interval. */
  cause: Uint8Array;
  /** Its index in `intervals[timeline of its lane]` (what idleIntervalText describes). */
  ref: Int32Array;
  /** Per timeline of the layout, its idle intervals with what each waited for. */
  intervals: IdleIntervals[];
}

/**
 * Places each timeline's idle intervals on the layout's compute lanes: the same gaps as the
 * layout's bubbles (the compute stream's idle time from 0 to the timeline's makespan), split where
 * their cause changes. Devices the layout leaves out are skipped.
 */
export function layoutIdle(layout: GanttLayout, timelines: readonly Timeline[]): IdleLayout {
  const intervals = timelines.map((t) => idleIntervals(t));
  let count = 0;
  for (const lane of layout.lanes) {
    if (lane.stream !== Stream.COMPUTE) continue;
    const iv = intervals[lane.timeline];
    count += iv.deviceStart[lane.device + 1] - iv.deviceStart[lane.device];
  }
  const out: IdleLayout = {
    count,
    lane: new Int32Array(count),
    start: new Float64Array(count),
    end: new Float64Array(count),
    cause: new Uint8Array(count),
    ref: new Int32Array(count),
    intervals,
  };
  let at = 0;
  layout.lanes.forEach((lane, k) => {
    if (lane.stream !== Stream.COMPUTE) return;
    const iv = intervals[lane.timeline];
    for (let i = iv.deviceStart[lane.device]; i < iv.deviceStart[lane.device + 1]; i++) {
      out.lane[at] = k;
      out.start[at] = iv.start[i];
      out.end[at] = iv.end[i];
      out.cause[at] = iv.cause[i];
      out.ref[at] = i;
      at++;
    }
  });
  return out;
}
