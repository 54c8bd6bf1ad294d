import type { ConfigError, ScheduleConfig } from '../model/config';
import { OpKind } from '../model/ops';
import { scheduleFromColumns } from '../model/schedule';
import { ANALYTIC_BASE_CONDITIONS, type AnalyticInput, fmtTerm } from './analytic-rule';
import { positiveInt } from './config-checks';
import { defineSchedule } from './descriptor';
import { opColumns } from './op-columns';
import {
  CHUNK_SHIFT,
  MICROBATCH_MASK,
  chunkPatterns,
  packedVirtualTable,
  repeated,
  writeEvery,
  writeRunsOfKind,
} from './virtual-table';

/** The kinds of a step: forward, input backward, weight backward, where it runs them. */
const FBW: readonly OpKind[] = [OpKind.F, OpKind.B, OpKind.W];
const FB: readonly OpKind[] = [OpKind.F, OpKind.B];
const BW: readonly OpKind[] = [OpKind.B, OpKind.W];
const B_ALONE: readonly OpKind[] = [OpKind.B];

/** PyTorch's interleaved zero-bubble schedule needs at least two stages per rank. */
const MIN_CHUNKS = 2;

/**
 * Interleaved Zero Bubble in the order of PyTorch's ScheduleInterleavedZeroBubble
 * (torch/distributed/pipelining/schedules.py: _calculate_single_rank_operations with
 * _get_1f1b_rank_ops(enable_zero_bubble=True)), PyTorch's take on the ZB1P schedule of Qi et al.,
 * "Zero Bubble Pipeline Parallelism" (ICLR 2024) over interleaved stages.
 *
 * Stages as interleaved 1F1B: chunk c of device d is stage c*P + d, each 1/v of a device's share.
 * PyTorch cuts the m micro-batches into rounds of G = m / max(1, floor(m / P)) (it refuses m that
 * is not a multiple of the round count) and walks them like Megatron's schedule table with group
 * size G. Device d warms up with (v - 1) G + P - 1 - d forwards (at most v m); then runs forward
 * k + warm-up and the input backward B of virtual micro-batch k, and, once it has run d such
 * steps, after every backward the weight backward W of the oldest backward still without one;
 * the cool-down backwards follow the same rule, and the d weight backwards left run last.
 *
 * PyTorch also inserts no-op steps (`_add_bubbles_to_actions`) so that ranks step in lockstep;
 * they change when an action may start, never the order, and PipeScope's simulator starts each op
 * when its inputs have arrived, so the no-ops are not part of the order.
 */
export const interleavedZB = defineSchedule({
  name: 'interleaved-zb',
  title: 'Interleaved Zero Bubble',
  summary:
    'PyTorch ScheduleInterleavedZeroBubble: interleaved stages, backward split into B and W, W deferred by d steps on device d to fill the pipeline.',
  source:
    'Qi et al., "Zero Bubble Pipeline Parallelism", ICLR 2024 (ZB1P); pytorch/pytorch ScheduleInterleavedZeroBubble',
  placement: 'interleaved',
  chunks: { from: 'scenario', min: MIN_CHUNKS, max: null },
  paramMultiplier: 1,
  opsPerStage: 3,
  analyticBubble: {
    formula: '(P-1)(F+B-2W)/v',
    conditions: `${ANALYTIC_BASE_CONDITIONS}; W <= F and W <= B (input part); m >= P`,
    source:
      "ZB1P's (PP-1)(F+B-2W) (deepseek-ai/DualPipe README; Qi et al., ICLR 2024) with each op 1/v of a device's share: PipeScope's reading for the interleaved order, checked by simulation",
    evaluate: interleavedZBBubble,
  },
  steadyState: { window: 'alternating' },
  memory: {
    activationsInFlight:
      "(v - 1)G + P - s chunks of 1/v on device s, G = m / max(1, floor(m / P)) (PyTorch's warm-up (v - 1)G + P - 1 - s, plus one), when v m exceeds it",
    source: 'pytorch/pytorch _get_warmup_ops (multiply_factor 1)',
  },
  check: checkInterleavedZB,
  generate(c, shape) {
    const { devices: P, microbatches: m, chunks: v } = c;
    const total = v * m;
    const G = roundSize(P, m);
    const { forward, backward, runEnd, longestRun } = packedVirtualTable(m, v, G);
    const n = 3 * P * total;
    const deviceStart = new Int32Array(P + 1);
    const columns = opColumns(n);
    const { kind, microbatch, chunk, stage } = columns;
    // A step runs [F,] B[, W]. Its kinds stay the same over a phase of steps (before the first
    // W, in the steady state, after the last F) and its chunks over a stretch where each op stays
    // in one run: both are block copies of a repeated step.
    const phaseKinds = new Map<readonly OpKind[], Uint8Array>();
    const kindsOf = (step: readonly OpKind[]) => {
      let kinds = phaseKinds.get(step);
      if (kinds === undefined) {
        kinds = repeated(step, total);
        phaseKinds.set(step, kinds);
      }
      return kinds;
    };
    const stepChunks = chunkPatterns(longestRun, v);
    let i = 0;
    // The table is walked run by run (a run: one chunk, consecutive micro-batches), so the inner
    // loops count micro-batches up instead of reading and unpacking a table entry per op and write
    // only micro-batch and stage (at a million ops, each column a loop writes costs about as much
    // as the rest of the loop).
    for (let d = 0; d < P; d++) {
      deviceStart[d] = i;
      const warmup = Math.min((v - 1) * G + (P - 1 - d), total);
      for (let k = 0; k < warmup; ) {
        const len = Math.min(runEnd[k], warmup) - k;
        const x = forward[k];
        const ch = x >>> CHUNK_SHIFT;
        chunk.fill(ch, i, i + len);
        writeEvery(microbatch, stage, i, i + len, 1, x & MICROBATCH_MASK, ch * P + d);
        i += len;
        k += len;
      }
      // Step b: forward b + warm-up (while there is one), backward b's B and, once b >= d, the W
      // of the oldest backward without one (PyTorch's num_1f1b_microbatches = rank: the W run d
      // backwards behind), in stretches where every op stays in one run.
      let weights = 0;
      let phaseEnd = 0;
      let hasF = false;
      let hasW = false;
      let width = 0;
      for (let b = 0; b < total; ) {
        const k = b + warmup;
        if (b === phaseEnd) {
          // a new phase: which ops a step runs until the next F stops or W starts
          hasF = k < total;
          hasW = b >= d;
          width = (hasF ? 2 : 1) + (hasW ? 1 : 0);
          phaseEnd = Math.min(hasF ? total - warmup : total, hasW ? total : d);
          const step = hasF ? (hasW ? FBW : FB) : hasW ? BW : B_ALONE;
          kind.set(kindsOf(step).subarray(0, width * (phaseEnd - b)), i);
        }
        let len = Math.min(runEnd[b], phaseEnd) - b;
        if (hasF) len = Math.min(len, runEnd[k] - k);
        if (hasW) len = Math.min(len, runEnd[weights] - weights);
        const x = hasF ? forward[k] : 0;
        const y = backward[b];
        const z = hasW ? backward[weights] : 0;
        const fc = x >>> CHUNK_SHIFT;
        const bc = y >>> CHUNK_SHIFT;
        const wc = z >>> CHUNK_SHIFT;
        const end = i + width * len;
        chunk.set(hasF ? stepChunks(len, fc, bc, hasW ? wc : -1) : stepChunks(len, bc, hasW ? wc : -1), i);
        if (hasF && hasW) {
          // the steady state, most ops: one loop (three writeEvery passes measured slower)
          const fs = fc * P + d;
          const bs = bc * P + d;
          const ws = wc * P + d;
          let fm = x & MICROBATCH_MASK;
          let bm = y & MICROBATCH_MASK;
          let wm = z & MICROBATCH_MASK;
          for (let p = i; p < end; p += 3) {
            microbatch[p] = fm++;
            stage[p] = fs;
            microbatch[p + 1] = bm++;
            stage[p + 1] = bs;
            microbatch[p + 2] = wm++;
            stage[p + 2] = ws;
          }
        } else {
          let at = i;
          if (hasF) writeEvery(microbatch, stage, at++, end, width, x & MICROBATCH_MASK, fc * P + d);
          writeEvery(microbatch, stage, at++, end, width, y & MICROBATCH_MASK, bc * P + d);
          if (hasW) writeEvery(microbatch, stage, at, end, width, z & MICROBATCH_MASK, wc * P + d);
        }
        if (hasW) weights += len;
        i = end;
        b += len;
      }
      // the d weight backwards left
      i = writeRunsOfKind(columns, OpKind.W, backward, runEnd, weights, total, i, P, d);
    }
    deviceStart[P] = n;
    return scheduleFromColumns(shape, { deviceStart, ...columns });
  },
});

/**
 * ZB1P's bubble per chunk: (P - 1)(f + b - w) with f, b (input part), w a chunk's costs, i.e. the
 * README's (PP-1)(F+B-2W) (B the full backward) over v, in a device's whole-share costs.
 */
function interleavedZBBubble(t: AnalyticInput) {
  const P = t.devices;
  const v = t.chunksPerDevice;
  const failing: string[] = [];
  if (t.deviceW > t.deviceF) failing.push(`W = ${fmtTerm(t.deviceW)} exceeds F = ${fmtTerm(t.deviceF)}`);
  if (t.deviceW > t.deviceB)
    failing.push(`W = ${fmtTerm(t.deviceW)} exceeds B (input part) = ${fmtTerm(t.deviceB)}`);
  if (t.microbatches < P) failing.push(`m = ${t.microbatches} is less than P = ${P}`);
  return {
    value: ((P - 1) * (t.deviceF + t.deviceB - t.deviceW)) / v,
    terms: `P = ${P}, v = ${v}, F = ${fmtTerm(t.deviceF)}, B = ${fmtTerm(t.deviceB + t.deviceW)} (full backward), W = ${fmtTerm(t.deviceW)} (a device's whole share)`,
    failing,
  };
}

/** PyTorch's micro-batches per round, m / max(1, floor(m / P)); only for m its check accepts. */
function roundSize(P: number, m: number): number {
  return m / Math.max(1, Math.floor(m / P));
}

function checkInterleavedZB(c: ScheduleConfig): ConfigError[] {
  const errors = [
    ...positiveInt(c.devices, 'devices', 'devices'),
    ...positiveInt(c.microbatches, 'microbatches', 'micro-batches'),
    ...positiveInt(c.chunks, 'chunks', 'chunks per device (v)', MIN_CHUNKS),
  ];
  if (errors.length > 0) return errors;
  const { devices: P, microbatches: m } = c;
  const rounds = Math.max(1, Math.floor(m / P));
  if (m % rounds !== 0) {
    // the nearest counts PyTorch takes: below, the largest multiple of this round count; above,
    // the next m whose own round count divides it
    const below = m - (m % rounds);
    let above = m + 1;
    while (above % Math.max(1, Math.floor(above / P)) !== 0) above++;
    errors.push({
      path: 'microbatches',
      message: `Interleaved Zero Bubble (PyTorch) runs m in max(1, floor(m / P)) = ${rounds} equal rounds, so m must be a multiple of ${rounds} (got ${m}); ${below} or ${above} would run`,
    });
  }
  return errors;
}
