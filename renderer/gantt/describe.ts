import type { GanttLayout } from '../../core/layout/gantt-layout';
import type { IdleLayout } from '../../core/layout/idle-layout';
import { IDLE_CAUSE_INFO, IDLE_CAUSES, idleIntervalText } from '../../core/metrics/idle-causes';
import { CATEGORIES, P2P_CATEGORY } from '../../core/layout/palette';
import { OpKind, opKindName } from '../../core/model/ops';
import { deviceOfOp as deviceOfScheduleOp } from '../../core/model/schedule';
import type { Ms } from '../../core/model/units';
import type { Timeline } from '../../core/sim/timeline';
import type { IdleColumns } from './draw';

/** Milliseconds with precision that suits the magnitude: 1234.5 ms, 12.35 ms, 1.235 ms, 0.0123 ms. */
export function formatMs(v: Ms): string {
  const a = Math.abs(v);
  let s: string;
  if (a === 0) s = '0';
  else if (a >= 1000) s = v.toFixed(1);
  else if (a >= 10) s = v.toFixed(2);
  else if (a >= 1) s = v.toFixed(3);
  else s = v.toPrecision(3);
  return `${s} ms`;
}

/** "F mb 3, stage 2 (device 1)" */
export function opName(t: Timeline, op: number): string {
  const s = t.schedule;
  return `${opKindName(s.kind[op])} mb ${s.microbatch[op]}, stage ${s.stage[op]} (device ${deviceOfOp(t, op)})`;
}

/** The device that runs op `op` of the timeline's schedule. */
export function deviceOfOp(t: Timeline, op: number): number {
  return deviceOfScheduleOp(t.schedule, op);
}

export interface TooltipRow {
  label: string;
  value: string;
}

/** What the tooltip shows for bar `bar` of the layout (a whole op, a part of one, or a P2P transfer). */
export function describeBar(
  layout: GanttLayout,
  timelines: Timeline[],
  bar: number,
): { title: string; rows: TooltipRow[] } {
  const lane = layout.lanes[layout.bars.lane[bar]];
  const t = timelines[lane.timeline];
  const s = t.schedule;
  const op = layout.bars.op[bar];
  const category = layout.bars.category[bar];
  const kind = opKindName(s.kind[op]);
  const start = layout.bars.start[bar];
  const end = layout.bars.end[bar];
  const rows: TooltipRow[] = [];
  let title: string;
  if (category === P2P_CATEGORY) {
    title = `P2P transfer after ${kind}`;
  } else if (category === s.kind[op]) {
    title = CATEGORIES[category].label;
  } else {
    title = `${CATEGORIES[category].label}, part of ${kind}`;
    rows.push({ label: 'part', value: CATEGORIES[category].key });
  }
  rows.push(
    { label: 'micro-batch', value: String(s.microbatch[op]) },
    { label: 'stage', value: String(s.stage[op]) },
    { label: 'chunk', value: String(s.chunk[op]) },
    { label: 'device', value: String(lane.device) },
    { label: 'start', value: formatMs(start) },
    { label: 'end', value: formatMs(end) },
    { label: 'duration', value: formatMs(end - start) },
  );
  if (category !== s.kind[op] && category !== P2P_CATEGORY) {
    rows.push({ label: 'whole op', value: `${formatMs(t.start[op])} – ${formatMs(t.end[op])}` });
  }
  const waited = t.waitedFor[op];
  rows.push({
    label: 'waited for',
    value:
      waited < 0
        ? 'nothing: started when its stream was free'
        : `${opName(t, waited)}, done at ${formatMs(t.end[waited])}`,
  });
  if (s.pair[op] >= 0) rows.push({ label: 'overlapped pair', value: `#${s.pair[op]}` });
  if (timelines.length > 1) rows.unshift({ label: 'schedule', value: s.name });
  return { title, rows };
}

/** Dependency arrows of one micro-batch: [fromOp, toOp] pairs, end of `from` to start of `to`. */
export function microbatchPath(t: Timeline, microbatch: number): [number, number][] {
  const s = t.schedule;
  // Ops of the micro-batch by (group, stage): group 0 forward, 1 backward (B or BW), 2 weights.
  const forward = new Map<number, number>();
  const backward = new Map<number, number>();
  const weight = new Map<number, number>();
  for (let i = 0; i < s.count; i++) {
    if (s.microbatch[i] !== microbatch) continue;
    const k = s.kind[i];
    const map = k === OpKind.F ? forward : k === OpKind.W ? weight : backward;
    if (!map.has(s.stage[i])) map.set(s.stage[i], i);
  }
  const arrows: [number, number][] = [];
  const last = s.stages - 1;
  for (let st = 0; st < last; st++) {
    const a = forward.get(st);
    const b = forward.get(st + 1);
    if (a !== undefined && b !== undefined) arrows.push([a, b]);
  }
  const turnF = forward.get(last);
  const turnB = backward.get(last);
  if (turnF !== undefined && turnB !== undefined) arrows.push([turnF, turnB]);
  for (let st = last; st > 0; st--) {
    const a = backward.get(st);
    const b = backward.get(st - 1);
    if (a !== undefined && b !== undefined) arrows.push([a, b]);
  }
  for (const [st, w] of weight) {
    const b = backward.get(st);
    if (b !== undefined) arrows.push([b, w]);
  }
  return arrows;
}

/**
 * What the tooltip shows for idle interval k of the chart: its cause, when it is, what it waited
 * for and what would shrink it (with causes), or only when it is (without).
 */
export function describeIdle(
  layout: GanttLayout,
  timelines: Timeline[],
  idle: IdleColumns,
  k: number,
): { title: string; rows: TooltipRow[] } {
  const lane = layout.lanes[idle.lane[k]];
  const rows: TooltipRow[] = [];
  if (timelines.length > 1) rows.push({ label: 'schedule', value: timelines[lane.timeline].schedule.name });
  rows.push(
    { label: 'device', value: String(lane.device) },
    { label: 'from', value: formatMs(idle.start[k]) },
    { label: 'to', value: formatMs(idle.end[k]) },
    { label: 'duration', value: formatMs(idle.end[k] - idle.start[k]) },
  );
  const layer = idle as Partial<IdleLayout>;
  if (!idle.cause || !layer.intervals || !layer.ref) return { title: 'Idle (compute stream)', rows };
  const cause = IDLE_CAUSES[idle.cause[k]];
  const info = IDLE_CAUSE_INFO[cause];
  const t = timelines[lane.timeline];
  const text = idleIntervalText(t, layer.intervals[lane.timeline], layer.ref[k]);
  rows.push(
    { label: 'why', value: text.slice(text.indexOf(':') + 1).trim() },
    { label: 'cause', value: info.definition },
    { label: 'to shrink it', value: info.remedy },
  );
  return { title: `Idle: ${info.label}`, rows };
}
