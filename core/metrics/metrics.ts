import type { ScheduleConfig } from '../model/config';
import { NO_PAIR } from '../model/ops';
import type { Scenario } from '../model/scenario';
import type { Schedule } from '../model/schedule';
import type { Ms } from '../model/units';
import type { Timeline } from '../sim/timeline';
import { DEFAULT_STEADY_STATE } from '../schedules/descriptor';
import { getSchedule } from '../schedules/registry';
import { type AnalyticBubble, analyticBubble } from './analytic';
import { type CriticalPath, criticalPath } from './critical-path';
import { IDLE_CAUSES, type IdleByCause, attributeIdle } from './idle-causes';
import {
  type DeviceIntervals,
  type IntervalScratch,
  groupColumns,
  intersectionLength,
  partStreamIntervals,
  unionLength,
} from './intervals';
import { type MemoryMetrics, memoryMetrics } from './memory';
import { type SteadyStateFigures, steadyStateFigures } from './steady-state';
import { deviceOfOps } from './timeline-links';

export type { MetricId } from './definitions';
export { METRIC_DEFINITIONS } from './definitions';

/** Overlapped pairs as they ran. Index k is one pair (its two ops are firstOp[k], firstOp[k] + 1). */
export interface PairMetrics {
  count: number;
  device: Int32Array;
  firstOp: Int32Array;
  start: Float64Array;
  end: Float64Array;
  /** Its forward chunk alone + its backward chunk alone (ms). */
  alone: Float64Array;
  /** alone - (end - start): positive when overlapping its chunks saved time. */
  saved: Float64Array;
}

/** Compute and communication streams (docs/overlap.md). Per-device arrays are indexed by device. */
export interface CommMetrics {
  computeTime: Float64Array;
  commTime: Float64Array;
  overlapTime: Float64Array;
  exposedComm: Float64Array;
  /** Mean and largest per-device exposed communication (ms): what one device loses, never above the makespan. */
  exposedCommMean: Ms;
  exposedCommMax: Ms;
  /** overlapTime / commTime per device (HTA), or NaN where a device has no communication. */
  overlap: Float64Array;
  totalCompute: Ms;
  totalComm: Ms;
  totalOverlap: Ms;
  totalExposed: Ms;
  /** totalOverlap / totalComm, or null without communication. */
  overlapFraction: number | null;
  /** totalComm / totalCompute (communication : computation), or null without computation. */
  commToComputeRatio: number | null;
  /** Sum of P2P transfer durations. */
  p2pTime: Ms;
  pairs: PairMetrics;
  /** One pair in isolation (null when the schedule has no pairs): alone = F alone + B alone. */
  pairIsolated: { pair: Ms; alone: Ms; saved: Ms } | null;
}

export interface Metrics {
  schedule: string;
  devices: number;
  microbatches: number;
  stages: number;
  makespan: Ms;
  /** Per device, compute stream. */
  busy: Float64Array;
  idle: Float64Array;
  maxIdle: Ms;
  bubbleIdleFraction: number;
  idealTime: Ms;
  bubbleOverIdeal: number;
  bubbleMegatron: number;
  analyticBubble: AnalyticBubble;
  memory: MemoryMetrics;
  comm: CommMetrics;
  /** Every device's compute-stream idle time split by cause (idle-causes.ts). */
  idleByCause: IdleByCause;
  criticalPath: CriticalPath;
  steadyState: SteadyStateFigures;
}

/** What the metrics need to know about how chunks run alone (the simulator's part model). */
export interface PairModel {
  /** Duration of op i run alone (its chunk's parts in dependency order, streams free). */
  aloneDuration(op: number): Ms;
  /** One (F, backward) pair in isolation, or null. */
  isolated: { pair: Ms; alone: Ms } | null;
}

/** Without parts: ops on the compute stream, and the P2P transfers when they occupy the comm stream (by their sender). */
function opStreamIntervals(t: Timeline, p2pOccupiesComm: boolean): [DeviceIntervals, DeviceIntervals] {
  const P = t.schedule.devices;
  const devices = deviceOfOps(t);
  const tr = t.transfers;
  const count = p2pOccupiesComm ? tr.count : 0;
  return [
    groupColumns(P, t.schedule.count, devices, null, t.start, t.end),
    groupColumns(P, count, devices, tr.fromOp, tr.start, tr.end),
  ];
}

/**
 * The compute and communication streams of every device (docs/overlap.md): merged busy time,
 * communication, their overlap and the exposed communication, per device and summed. computeMetrics
 * and the tuner's figures (core/tune/figures.ts) both take them from here.
 */
export interface StreamTimes {
  compute: DeviceIntervals;
  comm: DeviceIntervals;
  busy: Float64Array;
  commTime: Float64Array;
  overlapTime: Float64Array;
  exposedComm: Float64Array;
  totalBusy: Ms;
  totalComm: Ms;
  totalOverlap: Ms;
  exposedCommMean: Ms;
  exposedCommMax: Ms;
}

/**
 * With a scratch (the tuner's figures), the compute and comm intervals of a timeline with parts
 * live in it, valid until its next use.
 */
export function streamTimes(
  timeline: Timeline,
  p2pOccupiesComm: boolean,
  scratch: IntervalScratch | null = null,
): StreamTimes {
  const P = timeline.schedule.devices;
  const parts = timeline.parts;
  // with parts, both streams' intervals in one sweep over the parts (P2P transfers are comm parts)
  const [compute, comm] = parts
    ? partStreamIntervals(
        P,
        parts.count,
        deviceOfOps(timeline),
        parts.op,
        parts.start,
        parts.end,
        parts.stream,
        scratch,
      )
    : opStreamIntervals(timeline, p2pOccupiesComm);
  const busy = new Float64Array(P);
  const commTime = new Float64Array(P);
  const overlapTime = new Float64Array(P);
  const exposedComm = new Float64Array(P);
  let totalBusy = 0;
  let totalComm = 0;
  let totalOverlap = 0;
  let exposedSum = 0;
  let exposedMax = 0;
  for (let d = 0; d < P; d++) {
    busy[d] = unionLength(compute, d);
    commTime[d] = unionLength(comm, d);
    overlapTime[d] = commTime[d] > 0 ? intersectionLength(compute, comm, d) : 0;
    exposedComm[d] = Math.max(0, commTime[d] - overlapTime[d]);
    totalBusy += busy[d];
    totalComm += commTime[d];
    totalOverlap += overlapTime[d];
    exposedSum += exposedComm[d];
    if (exposedComm[d] > exposedMax) exposedMax = exposedComm[d];
  }
  return {
    compute,
    comm,
    busy,
    commTime,
    overlapTime,
    exposedComm,
    totalBusy,
    totalComm,
    totalOverlap,
    exposedCommMean: P > 0 ? exposedSum / P : 0,
    exposedCommMax: exposedMax,
  };
}

/** Bubble (idle fraction): total compute-stream idle time / (P x makespan); 0 for an empty timeline. */
export function bubbleIdleFraction(devices: number, makespan: Ms, totalBusy: Ms): number {
  return makespan > 0 ? (devices * makespan - totalBusy) / (devices * makespan) : 0;
}

/** Every figure of an analysis, as pure functions of the simulated timeline and the scenario. */
export function computeMetrics(
  timeline: Timeline,
  scenario: Scenario,
  config: ScheduleConfig,
  pairModel?: PairModel,
): Metrics {
  const s = timeline.schedule;
  const P = s.devices;
  const makespan = timeline.makespan;
  const streams = streamTimes(timeline, scenario.p2p.occupiesComm);
  const { compute, comm, busy, commTime, overlapTime, exposedComm, totalBusy, totalComm, totalOverlap } =
    streams;
  const idle = new Float64Array(P);
  const overlap = new Float64Array(P);
  let maxIdle = 0;
  for (let d = 0; d < P; d++) {
    idle[d] = Math.max(0, makespan - busy[d]);
    if (idle[d] > maxIdle) maxIdle = idle[d];
    overlap[d] = commTime[d] > 0 ? overlapTime[d] / commTime[d] : Number.NaN;
  }
  const idealTime = totalBusy / P;
  let p2pTime = 0;
  for (let k = 0; k < timeline.transfers.count; k++)
    p2pTime += timeline.transfers.end[k] - timeline.transfers.start[k];

  const rule = getSchedule(s.name)?.steadyState ?? DEFAULT_STEADY_STATE;

  const pairs = pairMetrics(timeline, pairModel);
  const isolated = pairModel?.isolated ?? null;
  const hasPairs = pairs.count > 0;
  // Megatron's v: how many times a micro-batch passes each device (docs/formulas.md).
  const v = s.stages / P;
  return {
    schedule: s.name,
    devices: P,
    microbatches: s.microbatches,
    stages: s.stages,
    makespan,
    busy,
    idle,
    maxIdle,
    bubbleIdleFraction: bubbleIdleFraction(P, makespan, totalBusy),
    idealTime,
    bubbleOverIdeal: idealTime > 0 ? (makespan - idealTime) / idealTime : 0,
    bubbleMegatron: (P - 1) / (v * s.microbatches),
    analyticBubble: analyticBubble(s, config, {
      hasParts: timeline.parts !== null,
      pairTime: timeline.parts !== null && isolated ? isolated.pair : null,
      measuredMaxIdle: maxIdle,
    }),
    memory: memoryMetrics(timeline, scenario),
    comm: {
      computeTime: busy,
      commTime,
      overlapTime,
      exposedComm,
      exposedCommMean: streams.exposedCommMean,
      exposedCommMax: streams.exposedCommMax,
      overlap,
      totalCompute: totalBusy,
      totalComm,
      totalOverlap,
      totalExposed: Math.max(0, totalComm - totalOverlap),
      overlapFraction: totalComm > 0 ? totalOverlap / totalComm : null,
      commToComputeRatio: totalBusy > 0 ? totalComm / totalBusy : null,
      p2pTime,
      pairs,
      pairIsolated:
        hasPairs && isolated
          ? { pair: isolated.pair, alone: isolated.alone, saved: isolated.alone - isolated.pair }
          : null,
    },
    idleByCause: attributeIdle(timeline, { hasPairs: pairs.count > 0 }).byCause,
    criticalPath: criticalPath(timeline, { p2pOccupiesComm: scenario.p2p.occupiesComm }),
    steadyState: steadyStateFigures(timeline, rule, compute, comm),
  };
}

/** Overlapped pairs the schedule runs: two consecutive ops of a device that carry one pair number. */
export function pairCount(s: Schedule): number {
  let count = 0;
  for (let d = 0; d < s.devices; d++)
    for (let i = s.deviceStart[d]; i + 1 < s.deviceStart[d + 1]; i++)
      if (s.pair[i] !== NO_PAIR && s.pair[i + 1] === s.pair[i]) {
        count++;
        i++;
      }
  return count;
}

function pairMetrics(t: Timeline, model: PairModel | undefined): PairMetrics {
  const s = t.schedule;
  const count = pairCount(s);
  const device = new Int32Array(count);
  const firstOp = new Int32Array(count);
  const start = new Float64Array(count);
  const end = new Float64Array(count);
  const alone = new Float64Array(count);
  const saved = new Float64Array(count);
  const aloneOf = (i: number) => (model ? model.aloneDuration(i) : t.end[i] - t.start[i]);
  let k = 0;
  for (let d = 0; d < s.devices; d++)
    for (let i = s.deviceStart[d]; i + 1 < s.deviceStart[d + 1]; i++)
      if (s.pair[i] !== NO_PAIR && s.pair[i + 1] === s.pair[i]) {
        device[k] = d;
        firstOp[k] = i;
        start[k] = Math.min(t.start[i], t.start[i + 1]);
        end[k] = Math.max(t.end[i], t.end[i + 1]);
        alone[k] = aloneOf(i) + aloneOf(i + 1);
        saved[k] = alone[k] - (end[k] - start[k]);
        k++;
        i++;
      }
  return { count, device, firstOp, start, end, alone, saved };
}

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : null);
const arr = (a: ArrayLike<number>) => Array.from(a, round);

/**
 * Metrics as plain JSON (numbers, arrays, null for undefined ratios; times in ms rounded to 1 ns).
 * Keys are METRIC_DEFINITIONS ids where a figure has one. The activation curve is left out (it
 * has one point per op); use the timeline for it.
 */
export function metricsToJSON(m: Metrics): Record<string, unknown> {
  const a = m.analyticBubble;
  const c = m.comm;
  return {
    makespan: round(m.makespan),
    busy: arr(m.busy),
    idle: arr(m.idle),
    maxIdle: round(m.maxIdle),
    bubbleIdleFraction: round(m.bubbleIdleFraction),
    idealTime: round(m.idealTime),
    bubbleOverIdeal: round(m.bubbleOverIdeal),
    bubbleMegatron: round(m.bubbleMegatron),
    analyticBubble: {
      formula: a.formula,
      value: a.value === null ? null : round(a.value),
      terms: a.terms,
      comparedTo: a.comparedTo,
      measured: round(a.measured),
      conditions: a.conditions,
      conditionsHold: a.conditionsHold,
      failing: a.failing,
      source: a.source,
    },
    peakActivations: Array.from(m.memory.peakActivations),
    peakActivationBytes: arr(m.memory.peakActivationBytes),
    parameterMultiplier: m.memory.parameterMultiplier,
    parameterBytes: m.memory.parameterBytes,
    peakMemoryBytes: arr(m.memory.peakMemoryBytes),
    capacity: m.memory.capacity,
    overCapacity: m.memory.overCapacity,
    computeTime: arr(c.computeTime),
    commTime: arr(c.commTime),
    overlapTime: arr(c.overlapTime),
    exposedComm: arr(c.exposedComm),
    exposedCommMean: round(c.exposedCommMean),
    exposedCommMax: round(c.exposedCommMax),
    overlap: arr(c.overlap),
    totals: {
      computeTime: round(c.totalCompute),
      commTime: round(c.totalComm),
      overlapTime: round(c.totalOverlap),
      exposedComm: round(c.totalExposed),
      overlap: c.overlapFraction === null ? null : round(c.overlapFraction),
      commToComputeRatio: c.commToComputeRatio === null ? null : round(c.commToComputeRatio),
      p2pTime: round(c.p2pTime),
    },
    pairs: {
      count: c.pairs.count,
      savedTotal: round(c.pairs.saved.reduce((x, y) => x + y, 0)),
      device: Array.from(c.pairs.device),
      start: arr(c.pairs.start),
      end: arr(c.pairs.end),
      saved: arr(c.pairs.saved),
    },
    pairIsolated: c.pairIsolated
      ? {
          pair: round(c.pairIsolated.pair),
          alone: round(c.pairIsolated.alone),
          saved: round(c.pairIsolated.saved),
        }
      : null,
    idleByCause: idleByCauseToJSON(m.idleByCause),
    criticalPath: criticalPathToJSON(m.criticalPath),
    steadyState: steadyStateToJSON(m.steadyState),
  };
}

/** `idleByCause` of the JSON: one object per device in device order, and their sum. */
function idleByCauseToJSON(idle: IdleByCause): {
  devices: Record<string, number | null>[];
  total: Record<string, number | null>;
} {
  const C = IDLE_CAUSES.length;
  const entry = (at: (c: number) => number) => {
    const o: Record<string, number | null> = {};
    for (let c = 0; c < C; c++) o[IDLE_CAUSES[c]] = round(at(c));
    return o;
  };
  const devices = [];
  for (let d = 0; d < idle.devices; d++) devices.push(entry((c) => idle.byDevice[d * C + c]));
  return { devices, total: entry((c) => idle.total[c]) };
}

function criticalPathToJSON(p: CriticalPath) {
  return {
    length: round(p.length),
    compute: round(p.compute),
    exposedComm: round(p.exposedComm),
    p2p: round(p.p2p),
    wait: round(p.wait),
    stages: p.stages,
    devices: p.devices,
    ops: Array.from(p.ops, (_, k) => ({ device: p.opDevice[k], index: p.opIndex[k] })),
  };
}

function steadyStateToJSON(s: SteadyStateFigures) {
  return {
    window: s.rule.window,
    none: s.none,
    devices: s.devices,
    windowStart: arr(s.windowStart),
    windowEnd: arr(s.windowEnd),
    overlap: s.overlap === null ? null : round(s.overlap),
    exposedComm: arr(s.exposedComm),
    exposedCommMean: s.exposedCommMean === null ? null : round(s.exposedCommMean),
    exposedCommMax: s.exposedCommMax === null ? null : round(s.exposedCommMax),
    bubbleIdleFraction: s.bubbleIdleFraction === null ? null : round(s.bubbleIdleFraction),
  };
}
