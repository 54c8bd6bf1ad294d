import { opKindName } from '../model/ops';
import type { Ms } from '../model/units';
import { PART_NAMES, type Timeline } from '../sim/timeline';
import {
  CAUSE_COUNT,
  IDLE_CAUSES,
  type IdleByCause,
  type IdleCause,
  type IdleIntervals,
} from './idle-cause-ids';
import { attributeIdlePlain } from './idle-walk-plain';
import { attributeIdleGeneral } from './idle-walk';
import { deviceOfOps } from './timeline-links';

export {
  CAUSE_COUNT,
  IDLE_CAUSES,
  IdleCauseId,
  type IdleByCause,
  type IdleCause,
  type IdleIntervals,
} from './idle-cause-ids';

const CAUSES = CAUSE_COUNT;

/** What each cause means and what would shrink it: the app's legend and tooltips, the CLI and explain(). */
export const IDLE_CAUSE_INFO: Record<IdleCause, { label: string; definition: string; remedy: string }> = {
  fill: {
    label: 'Fill (warm-up)',
    definition:
      "Before the device's first backward starts: waiting for an upstream (or, at the turn, downstream) device's op while the pipeline fills.",
    remedy: 'more micro-batches, or a schedule with a shorter warm-up (ZB-V, DualPipe), would shrink it',
  },
  drain: {
    label: 'Drain (cool-down)',
    definition: "After the device's last forward ends: waiting for the last backwards to come back.",
    remedy:
      'more micro-batches, or deferring weight gradients into it (the zero-bubble schedules), would fill it',
  },
  dependency: {
    label: 'Dependency',
    definition:
      "Between the device's first backward and its last forward: waiting for another device's op to finish.",
    remedy: 'balancing the stage costs would shrink it',
  },
  p2p: {
    label: 'P2P in flight',
    definition:
      "The op it needs has finished on another device, and the transfer of its result is still in flight (or queued on the sender's communication stream).",
    remedy: 'faster links or smaller activations would shrink it',
  },
  exposedComm: {
    label: 'Exposed communication',
    definition:
      "Waiting for this device's own communication (dispatch or combine) of the running chunk or pair, or of an op of its own whose result it needs.",
    remedy:
      "overlapping it with another chunk's compute (DualPipe's F&B pairs) or faster all-to-all would hide it",
  },
  memory: {
    label: 'Memory (activation limit)',
    definition:
      'Between the first backward and the last forward: waiting for a backward while the next forward of its order (one not paired with a backward) was already there; the order holds that forward back to bound the activations in flight.',
    remedy: 'a larger activation budget (more forwards in flight, e.g. ZB-H2) would fill it',
  },
  tail: {
    label: 'Tail',
    definition: "After the device's last op ends, until the iteration's last op ends on another device.",
    remedy: 'it is the other devices finishing; balancing where the pipeline ends would shrink it',
  },
};

/** One device's idle time by cause as an object keyed like IDLE_CAUSES. */
export function causesOf(idle: IdleByCause, d: number): Record<IdleCause, Ms> {
  const out = {} as Record<IdleCause, Ms>;
  for (let c = 0; c < CAUSES; c++) out[IDLE_CAUSES[c]] = idle.byDevice[d * CAUSES + c];
  return out;
}

/** The totals over devices as an object keyed like IDLE_CAUSES. */
export function causeTotals(idle: IdleByCause): Record<IdleCause, Ms> {
  const out = {} as Record<IdleCause, Ms>;
  for (let c = 0; c < CAUSES; c++) out[IDLE_CAUSES[c]] = idle.total[c];
  return out;
}

/**
 * Every idle interval of every device's compute stream, attributed to one cause
 * (docs/simulator-and-metrics.md, "Idle time by cause"). The sums come from a fast walk for plain
 * timelines (no parts, transfers listed by receiving op, as the simulator's fast path lists them)
 * and from the general walk otherwise; the intervals themselves (for the chart) always from the
 * general walk. The two give the same sums bit for bit (a property test checks it). `hasPairs:
 * false` says no two consecutive ops of a device share a pair number (the metrics count the pairs),
 * which spares the fast walk the pair column.
 */
export function attributeIdle(
  t: Timeline,
  options: { intervals?: boolean; hasPairs?: boolean } = {},
): { byCause: IdleByCause; intervals: IdleIntervals | null } {
  if (!options.intervals && !t.parts) {
    const byCause = attributeIdlePlain(t, options.hasPairs !== false);
    if (byCause) return { byCause, intervals: null };
  }
  return attributeIdleGeneral(t, options.intervals === true);
}

/** The idle intervals of a timeline with their causes (for the chart; the metrics keep only the sums). */
export function idleIntervals(t: Timeline): IdleIntervals {
  const r = attributeIdle(t, { intervals: true });
  return r.intervals!;
}

/** An op in words: "BW of micro-batch 3 on stage 2 (device 1)". */
export function describeOp(t: Timeline, op: number): string {
  const s = t.schedule;
  return `${opKindName(s.kind[op])} of micro-batch ${s.microbatch[op]} on stage ${s.stage[op]} (device ${deviceOfOps(t)[op]})`;
}

/**
 * What the chart's tooltip says about idle interval k: its cause, its length and what it waited
 * for, e.g. "Fill (warm-up), 2 ms: waits for F of micro-batch 0 on stage 0 (device 0)".
 */
export function idleIntervalText(t: Timeline, iv: IdleIntervals, k: number): string {
  const cause = IDLE_CAUSES[iv.cause[k]];
  const head = `${IDLE_CAUSE_INFO[cause].label}, ${formatDuration(iv.end[k] - iv.start[k])}`;
  const waited = iv.waitedOp[k];
  switch (cause) {
    case 'tail':
      return `${head}: this device has finished; the iteration ends when the last op on another device does`;
    case 'p2p':
      return `${head}: ${describeOp(t, waited)} has finished; its result is still in transfer`;
    case 'exposedComm': {
      const part = iv.part[k];
      if (part >= 0 && t.parts)
        return `${head}: waits for its own ${PART_NAMES[t.parts.part[part]]} of ${describeOp(t, t.parts.op[part])}`;
      return waited >= 0
        ? `${head}: waits for the communication of ${describeOp(t, waited)}`
        : `${head}: waits for its own communication`;
    }
    case 'memory':
      return `${head}: waits for ${describeOp(t, waited)}, while ${describeOp(t, iv.heldForward[k])} could run: the order holds it back to bound activations`;
    default:
      return `${head}: waits for ${describeOp(t, waited)}`;
  }
}

function formatDuration(ms: Ms): string {
  return `${Number.parseFloat(ms.toPrecision(4))} ms`;
}
