import { IDLE_CAUSES, type IdleCause, attributeIdle } from '../metrics/idle-causes';
import type { IntervalScratch } from '../metrics/intervals';
import { type MemoryScratch, memoryMetrics } from '../metrics/memory';
import { bubbleIdleFraction, pairCount, streamTimes } from '../metrics/metrics';
import type { Scenario } from '../model/scenario';
import type { Bytes, Ms } from '../model/units';
import type { Timeline } from '../sim/timeline';

/**
 * What the tuner keeps of one simulated configuration: the figures it ranks and shows, computed by
 * the same functions as computeMetrics (memoryMetrics, streamTimes, attributeIdle) but without the
 * rest of the metrics (critical path, steady state, pairs, analytic bubble), which cost several
 * times as much. A test holds every figure equal to the full metrics'. A configuration over a memory
 * constraint keeps only makespan and memory (its other figures are null): it is no candidate, and
 * the rest would cost about half of its evaluation.
 */
export interface TuneFigures {
  /** Iteration time (ms). */
  makespan: Ms;
  /** Largest peak memory of any device: parameters + peak activations (bytes). */
  peakMemory: Bytes;
  /** Largest peak activation memory of any device (bytes). */
  peakActivation: Bytes;
  /** Bubble (idle fraction): compute-stream idle / (P x makespan). */
  bubble: number | null;
  /** Exposed communication, mean and largest over devices (ms). */
  exposedCommMean: Ms | null;
  exposedCommMax: Ms | null;
  /**
   * The idle cause with the most time summed over devices; null also when no device idles (then
   * topIdleMs is 0) and when it was not attributed (topIdleMs null: a configuration no report lists,
   * see withTimeFigures).
   */
  topIdleCause: IdleCause | null;
  /** Its time summed over devices (ms); null when not attributed. */
  topIdleMs: Ms | null;
}

/** Makespan and the largest peaks of memory and activations over the devices. */
export function memoryFigures(
  timeline: Timeline,
  scenario: Scenario,
  scratch: MemoryScratch | null = null,
): TuneFigures {
  const P = timeline.schedule.devices;
  const memory = memoryMetrics(timeline, scenario, scratch);
  let peakMemory = 0;
  let peakActivation = 0;
  for (let d = 0; d < P; d++) {
    if (memory.peakMemoryBytes[d] > peakMemory) peakMemory = memory.peakMemoryBytes[d];
    if (memory.peakActivationBytes[d] > peakActivation) peakActivation = memory.peakActivationBytes[d];
  }
  return {
    makespan: timeline.makespan,
    peakMemory,
    peakActivation,
    bubble: null,
    exposedCommMean: null,
    exposedCommMax: null,
    topIdleCause: null,
    topIdleMs: null,
  };
}

/**
 * The figures with the bubble and exposed communication filled in, and the top idle cause when
 * `options.idle` is not false (the idle attribution is the costliest figure: the tuner attributes only configurations a
 * report could list, docs/tune.md). Without it topIdleCause and topIdleMs stay null: not attributed.
 */
export function withTimeFigures(
  figures: TuneFigures,
  timeline: Timeline,
  scenario: Scenario,
  options: { idle?: boolean; scratch?: IntervalScratch } = {},
): TuneFigures {
  const P = timeline.schedule.devices;
  const idle = options.idle !== false;
  const streams = streamTimes(timeline, scenario.p2p.occupiesComm, options.scratch ?? null);
  const withStreams = {
    ...figures,
    bubble: bubbleIdleFraction(P, timeline.makespan, streams.totalBusy),
    exposedCommMean: streams.exposedCommMean,
    exposedCommMax: streams.exposedCommMax,
  };
  return idle ? { ...withStreams, ...topIdleCause(timeline) } : withStreams;
}

/** The idle cause with the most time summed over devices, and that time (null and 0: no idle). */
export function topIdleCause(timeline: Timeline): { topIdleCause: IdleCause | null; topIdleMs: Ms } {
  const idle = attributeIdle(timeline, { hasPairs: pairCount(timeline.schedule) > 0 }).byCause;
  let top = -1;
  for (let c = 0; c < IDLE_CAUSES.length; c++)
    if (idle.total[c] > 0 && (top < 0 || idle.total[c] > idle.total[top])) top = c;
  return { topIdleCause: top < 0 ? null : IDLE_CAUSES[top], topIdleMs: top < 0 ? 0 : idle.total[top] };
}

/** Whether the figures of a configuration within the constraints lack the top idle cause (not attributed). */
export function idleUnattributed(f: TuneFigures): boolean {
  return f.bubble !== null && f.topIdleMs === null;
}
