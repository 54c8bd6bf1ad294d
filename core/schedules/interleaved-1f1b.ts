import type { ConfigError, ScheduleConfig } from '../model/config';
import { NO_PAIR, OpKind } from '../model/ops';
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

/** Fewer than two chunks per device is plain 1F1B; Megatron's interleaving needs at least two. */
const MIN_CHUNKS = 2;

/** A steady-state step's kinds: a forward, then a full backward. */
const F_BW = [OpKind.F, OpKind.BW];

/** How many valid group sizes an error message lists before it says "...". */
const LISTED_GROUP_SIZES = 6;

/**
 * Interleaved 1F1B (Megatron-LM virtual pipeline; Narayanan et al., SC21) in the order of today's
 * Megatron-LM `forward_backward_pipelining_with_interleaving` (megatron/core/pipeline_parallel/
 * schedules.py: `get_schedule_table`, `get_pp_rank_microbatches`), for any m >= P.
 *
 * Each device holds v = config.chunks model chunks; chunk c on device d is stage c*P + d. Every
 * device runs v*m forwards and v*m full backwards, indexed by a virtual micro-batch k in the order
 * of Megatron's schedule table: the micro-batches in groups of G (`groupSize`, Megatron's
 * microbatch_group_size_per_vp_stage, default P), each group run through chunk 0, then chunk 1, ...
 * (the last group takes what is left). Forward k runs the table's (micro-batch, chunk); backward k
 * the same micro-batch on chunk v - 1 - chunk. Device d warms up with (P - d - 1) x 2 + (v - 1) x G
 * forwards (all v*m when that is more), alternates forward k + warm-up with backward k, then
 * drains the remaining backwards.
 *
 * With `pairing: "combined-1f1b"` (Megatron's `--overlap-moe-expert-parallel-comm`, combined_1f1b.py)
 * the warm-up has one forward more, so each steady-state forward is independent of the backward it
 * runs with, and every steady-state step runs forward k + warm-up and backward k as one overlapped
 * pair (the F first); warm-up forwards and cool-down backwards run alone.
 *
 * PyTorch's ScheduleInterleaved1F1B (torch/distributed/pipelining/schedules.py) computes the same
 * order with G = m / max(1, floor(m / P)) (its micro-batches per round) when m is a multiple of
 * that round count; for m < P it runs one group of m, which PipeScope takes as the default there.
 */
export const interleaved1F1B = defineSchedule({
  name: 'interleaved-1f1b',
  title: 'Interleaved 1F1B',
  summary:
    'Megatron virtual pipeline: v model chunks per device, 1F1B over its schedule table (groups of groupSize micro-batches per chunk); bubble / v.',
  source:
    'Narayanan et al., "Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM", SC21; NVIDIA/Megatron-LM schedules.py',
  placement: 'interleaved',
  chunks: { from: 'scenario', min: MIN_CHUNKS, max: null },
  paramMultiplier: 1,
  opsPerStage: 2,
  takesGroupSize: true,
  combined1F1B: true,
  analyticBubble: {
    formula: '(P-1)(F+B)/v',
    conditions: `${ANALYTIC_BASE_CONDITIONS}; m >= P (any group size Megatron runs)`,
    source: 'Narayanan et al., SC21 (Megatron-LM)',
    evaluate: interleavedBubble,
  },
  memory: {
    activationsInFlight:
      "(v + 1)P - 1 - 2s chunks of 1/v on device s with groupSize P (Megatron's warm-up (P - s - 1) x 2 + (v - 1) x G, plus one), when m > P; one more with combined-1f1b",
    source: 'NVIDIA/Megatron-LM schedules.py (get_pp_rank_microbatches)',
  },
  steadyState: { window: 'alternating' },
  check: checkInterleaved,
  generate(c, shape) {
    const { devices: P, microbatches: m, chunks: v } = c;
    const total = v * m;
    const G = groupSizeOf(c);
    const { forward, backward, runEnd, longestRun } = packedVirtualTable(m, v, G);
    const combined = c.pairing === 'combined-1f1b';
    // Every device runs 2 v m ops at places known in advance: the columns are written directly.
    const n = 2 * P * total;
    const deviceStart = new Int32Array(P + 1);
    // the combined 1F1B writes every pair entry itself
    const columns = opColumns(n, !combined);
    const { kind, microbatch, chunk, stage, pair } = columns;
    let nextPair = 0;
    let i = 0;
    const steadyKinds = repeated(F_BW, total);
    const steadyChunks = chunkPatterns(longestRun, v);
    // The table is walked run by run (a run: one chunk, consecutive micro-batches), so the inner
    // loops count micro-batches up instead of reading and unpacking a table entry per op; the
    // warm-up's and cool-down's chunks and stages are fills, the steady state's kinds (one per
    // device) and chunks (one per stretch) block copies of a repeated step, and its loops write only micro-batch and stage (at a million
    // ops, each column a loop writes costs about as much as the rest of the loop).
    for (let d = 0; d < P; d++) {
      deviceStart[d] = i;
      const warmup = warmupForwards(P, d, v, G, total, combined);
      for (let k = 0; k < warmup; ) {
        const len = Math.min(runEnd[k], warmup) - k;
        const x = forward[k];
        const ch = x >>> CHUNK_SHIFT;
        chunk.fill(ch, i, i + len);
        writeEvery(microbatch, stage, i, i + len, 1, x & MICROBATCH_MASK, ch * P + d);
        i += len;
        k += len;
      }
      // steady state: forward k, backward k - warm-up (one overlapped pair with the combined 1F1B;
      // its warm-up and cool-down ops run alone), in stretches where both stay in one run
      if (combined) pair.fill(NO_PAIR, deviceStart[d], i);
      kind.set(steadyKinds.subarray(0, 2 * (total - warmup)), i);
      for (let k = warmup, b = 0; k < total; ) {
        const len = Math.min(runEnd[k] - k, runEnd[b] - b);
        const x = forward[k];
        const y = backward[b];
        const fc = x >>> CHUNK_SHIFT;
        const bc = y >>> CHUNK_SHIFT;
        const fs = fc * P + d;
        const bs = bc * P + d;
        let fm = x & MICROBATCH_MASK;
        let bm = y & MICROBATCH_MASK;
        const end = i + 2 * len;
        chunk.set(steadyChunks(len, fc, bc), i);
        if (combined)
          for (let p = i; p < end; p += 2) {
            microbatch[p] = fm++;
            stage[p] = fs;
            pair[p] = pair[p + 1] = nextPair++;
            microbatch[p + 1] = bm++;
            stage[p + 1] = bs;
          }
        else
          for (let p = i; p < end; p += 2) {
            microbatch[p] = fm++;
            stage[p] = fs;
            microbatch[p + 1] = bm++;
            stage[p + 1] = bs;
          }
        i = end;
        k += len;
        b += len;
      }
      if (combined) pair.fill(NO_PAIR, i, deviceStart[d] + 2 * total);
      i = writeRunsOfKind(columns, OpKind.BW, backward, runEnd, total - warmup, total, i, P, d);
    }
    deviceStart[P] = n;
    return scheduleFromColumns(shape, { deviceStart, ...columns });
  },
});

/**
 * Megatron's warm-up on pipeline rank d (get_pp_rank_microbatches): (P - d - 1) x 2 + (v - 1) x G
 * forwards, one more for the combined 1F1B, all v m when that is at least as many.
 */
export function warmupForwards(
  P: number,
  d: number,
  v: number,
  G: number,
  total: number,
  combined: boolean,
): number {
  const warmup = (P - d - 1) * 2 + (v - 1) * G + (combined ? 1 : 0);
  return Math.min(warmup, total);
}

/** The group size a config runs with: its groupSize, or Megatron's default P (m when m < P). */
export function groupSizeOf(c: Pick<ScheduleConfig, 'devices' | 'microbatches' | 'groupSize'>): number {
  return c.groupSize ?? Math.min(c.devices, c.microbatches);
}

/**
 * The group size PyTorch's ScheduleInterleaved1F1B runs with (its micro-batches per round,
 * m / max(1, floor(m / P))), or null where PyTorch refuses m (not a multiple of its round count).
 */
export function pytorchGroupSize(P: number, m: number): number | null {
  const rounds = Math.max(1, Math.floor(m / P));
  return m % rounds === 0 ? m / rounds : null;
}

/**
 * Whether Megatron-LM runs this group size (P <= G <= m, and the last group, m mod G, either
 * empty or at least P), or it is the one group of all m < P micro-batches that PyTorch runs.
 */
export function groupSizeRuns(P: number, m: number, G: number): boolean {
  if (G === m) return true;
  if (G < P || G > m) return false;
  const last = m % G;
  return last === 0 || last >= P;
}

/** Up to `limit` group sizes that run for P and m, in increasing order, and whether there are more. */
function runningGroupSizes(P: number, m: number, limit: number): { sizes: number[]; more: boolean } {
  const sizes: number[] = [];
  for (let G = Math.min(P, m); G <= m; G++) {
    if (!groupSizeRuns(P, m, G)) continue;
    if (sizes.length === limit) return { sizes, more: true };
    sizes.push(G);
  }
  return { sizes, more: false };
}

/** "5, 6 or 10 (5 gives PyTorch's ScheduleInterleaved1F1B order)": what to set groupSize to. */
function groupSizeAdvice(P: number, m: number): string {
  const { sizes, more } = runningGroupSizes(P, m, LISTED_GROUP_SIZES);
  const list = more
    ? `${sizes.join(', ')}, ...`
    : sizes.length > 1
      ? `${sizes.slice(0, -1).join(', ')} or ${sizes[sizes.length - 1]}`
      : String(sizes[0]);
  const torch = pytorchGroupSize(P, m);
  return `set groupSize to ${list}${torch !== null ? ` (${torch} gives PyTorch's ScheduleInterleaved1F1B order)` : ''}`;
}

function checkInterleaved(c: ScheduleConfig): ConfigError[] {
  const errors = [
    ...positiveInt(c.devices, 'devices', 'devices'),
    ...positiveInt(c.microbatches, 'microbatches', 'micro-batches'),
    ...positiveInt(c.chunks, 'chunks', 'chunks per device (v)', MIN_CHUNKS),
  ];
  if (errors.length > 0) return errors;
  const { devices: P, microbatches: m } = c;
  const G = groupSizeOf(c);
  if (c.groupSize !== null && G > m) {
    errors.push({
      path: 'groupSize',
      message: `must be at most the micro-batches (${m}): a group holds micro-batches of one iteration (got ${G})`,
    });
  } else if (c.groupSize !== null && G < P && G !== m) {
    errors.push({
      path: 'groupSize',
      message: `must be at least the devices (${P}), as Megatron-LM requires, or all ${m} micro-batches in one group (got ${G}); ${groupSizeAdvice(P, m)}`,
    });
  } else if (!groupSizeRuns(P, m, G)) {
    const last = m % G;
    const which =
      c.groupSize === null ? `the default groupSize ${G} (Megatron's: the devices P)` : `groupSize ${G}`;
    errors.push({
      path: c.groupSize === null ? 'microbatches' : 'groupSize',
      message: `with ${which}, ${m} micro-batches leave a last group of ${last}, fewer than the ${P} devices, which Megatron-LM refuses (the pipeline waits on it); ${groupSizeAdvice(P, m)}${c.groupSize === null ? `, or use a multiple of ${P} micro-batches` : ''}`,
    });
  }
  return errors;
}

/** Megatron's (P-1)(F+B)/v, in a device's whole-share costs (each chunk takes 1/v of them). */
function interleavedBubble(t: AnalyticInput) {
  const P = t.devices;
  const v = t.chunksPerDevice;
  const Fd = t.deviceF;
  const Bd = t.deviceB + t.deviceW;
  const failing = t.microbatches < P ? [`m = ${t.microbatches} is less than P = ${P}`] : [];
  return {
    value: ((P - 1) * (Fd + Bd)) / v,
    terms: `P = ${P}, v = ${v}, F = ${fmtTerm(Fd)}, B = ${fmtTerm(Bd)} (a device's whole share, full backward)`,
    failing,
  };
}
