// Plain, slow re-statements of the reference frameworks' schedule builders, for tests only. Each
// follows the reference's steps one by one (the names in comments are the reference's), so a
// reader can hold it next to the source; the generators in core/schedules are written for speed
// and compared with these action by action. Sources (read, not copied):
// - pytorch/pytorch torch/distributed/pipelining/schedules.py: _get_1f1b_rank_ops,
//   _get_warmup_ops, ScheduleInterleaved1F1B / ScheduleInterleavedZeroBubble
//   ._calculate_single_rank_operations, ScheduleLoopedBFS._calculate_single_rank_operations;
// - NVIDIA/Megatron-LM megatron/core/pipeline_parallel/schedules.py: get_schedule_table,
//   get_pp_rank_microbatches, forward_backward_pipelining_with_interleaving (its three loops).
import { NO_PAIR, opKindName } from '../../model/ops';
import type { Schedule } from '../../model/schedule';

/**
 * One action as the references print them: kind, micro-batch, "@", global stage ("F3@5"); kinds
 * F, B (full backward), I (backward for the input) and W. An overlapped pair is "[F3@5+B2@1]".
 */
export type Action = string;

const act = (kind: string, mb: number, stage: number): Action => `${kind}${mb}@${stage}`;

/** Our schedule in the references' notation, device by device (BW prints as B, B as I). */
export function actionsOf(s: Schedule): Action[][] {
  const out: Action[][] = [];
  for (let d = 0; d < s.devices; d++) {
    const list: Action[] = [];
    for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++) {
      const name = opKindName(s.kind[i]);
      const kind = name === 'BW' ? 'B' : name === 'B' ? 'I' : name;
      const a = act(kind, s.microbatch[i], s.stage[i]);
      if (s.pair[i] !== NO_PAIR && i + 1 < s.deviceStart[d + 1] && s.pair[i + 1] === s.pair[i]) {
        const next = opKindName(s.kind[i + 1]);
        list.push(`[${a}+${act(next === 'BW' ? 'B' : next, s.microbatch[i + 1], s.stage[i + 1])}]`);
        i++;
      } else list.push(a);
    }
    out.push(list);
  }
  return out;
}

// ---- PyTorch ------------------------------------------------------------------------------

/** _get_warmup_ops: (local stages - 1) x per round + factor x hops from the last rank, capped. */
function pytorchWarmup(rank: number, local: number, perRound: number, P: number, m: number, factor: number) {
  const warmup = (local - 1) * perRound + factor * (P - 1 - rank);
  return Math.min(warmup, m * local);
}

/**
 * _get_1f1b_rank_ops without the no-op padding (None entries only align ranks in time; they are
 * not actions): warm-up forwards; then a forward and a backward per step, with zero bubble a
 * weight step after every backward once `num1F1B` steps are done; then the cool-down backwards
 * (zero bubble: each followed by a weight step); then the weight steps left over.
 */
function pytorch1F1BRankOps(
  warmupOps: number,
  fwdBwdOps: number,
  cooldownOps: number,
  forwardStage: (step: number) => number,
  backwardStage: (step: number) => number,
  num1F1B: number,
  zeroBubble: boolean,
): Action[] {
  const fwdCount = new Map<number, number>();
  const bwdCount = new Map<number, number>();
  const weightCount = new Map<number, number>();
  const take = (counts: Map<number, number>, stage: number) => {
    const mb = counts.get(stage) ?? 0;
    counts.set(stage, mb + 1);
    return mb;
  };
  const ops: Action[] = [];
  const backwardSteps: number[] = [];
  let weightsDone = 0;
  const backwardKind = zeroBubble ? 'I' : 'B';
  const weightStep = () => {
    const stage = backwardStage(backwardSteps[weightsDone]);
    ops.push(act('W', take(weightCount, stage), stage));
    weightsDone++;
  };
  const total = warmupOps + fwdBwdOps + cooldownOps;
  for (let step = 0; step < total; step++) {
    if (step < warmupOps) {
      const stage = forwardStage(step);
      ops.push(act('F', take(fwdCount, stage), stage));
    } else if (step < warmupOps + fwdBwdOps) {
      const fStage = forwardStage(step);
      ops.push(act('F', take(fwdCount, fStage), fStage));
      const bStage = backwardStage(step);
      ops.push(act(backwardKind, take(bwdCount, bStage), bStage));
      backwardSteps.push(step);
      if (zeroBubble && step - warmupOps >= num1F1B) weightStep();
    } else {
      const bStage = backwardStage(step);
      ops.push(act(backwardKind, take(bwdCount, bStage), bStage));
      backwardSteps.push(step);
      if (zeroBubble && step - warmupOps >= num1F1B) weightStep();
    }
  }
  while (zeroBubble && weightsDone < backwardSteps.length) weightStep();
  return ops;
}

/**
 * ScheduleInterleaved1F1B (zeroBubble false) or ScheduleInterleavedZeroBubble (true) on P ranks,
 * v local stages each, m micro-batches: one action list per rank, or null where the constructor
 * refuses m (not a multiple of its number of rounds).
 */
export function pytorchInterleaved(P: number, v: number, m: number, zeroBubble: boolean): Action[][] | null {
  const rounds = Math.max(1, Math.floor(m / P));
  const perRound = Math.floor(m / rounds);
  if (m % rounds !== 0) return null;
  const ranks: Action[][] = [];
  for (let rank = 0; rank < P; rank++) {
    const warmupOps = pytorchWarmup(rank, v, perRound, P, m, zeroBubble ? 1 : 2);
    const microbatchOps = v * m;
    const fwdBwdOps = microbatchOps - warmupOps;
    const cooldownOps = microbatchOps - fwdBwdOps;
    const forwardStage = (step: number) => (Math.floor(step / perRound) % v) * P + rank;
    const backwardStage = (step: number) =>
      (v - 1 - (Math.floor((step - warmupOps) / perRound) % v)) * P + rank;
    ranks.push(
      pytorch1F1BRankOps(
        warmupOps,
        fwdBwdOps,
        cooldownOps,
        forwardStage,
        backwardStage,
        zeroBubble ? rank : 0,
        zeroBubble,
      ),
    );
  }
  return ranks;
}

/** ScheduleLoopedBFS: every forward of each local stage in turn, then every backward, stages and micro-batches reversed. */
export function pytorchLoopedBFS(P: number, v: number, m: number): Action[][] {
  const ranks: Action[][] = [];
  for (let rank = 0; rank < P; rank++) {
    const stages: number[] = [];
    for (let s = rank; s < P * v; s += P) stages.push(s);
    const ops: Action[] = [];
    for (const s of stages) for (let mb = 0; mb < m; mb++) ops.push(act('F', mb, s));
    for (const s of [...stages].reverse()) for (let mb = m - 1; mb >= 0; mb--) ops.push(act('B', mb, s));
    ranks.push(ops);
  }
  return ranks;
}

// ---- Megatron-LM --------------------------------------------------------------------------

/** get_schedule_table: (micro-batch, model chunk) per virtual micro-batch, groups of G per chunk. */
export function megatronScheduleTable(m: number, v: number, G: number): [number, number][] {
  const table: [number, number][] = [];
  for (let lowest = 0; lowest < m; lowest += G) {
    const end = Math.min(lowest + G, m);
    for (let c = 0; c < v; c++) for (let mb = lowest; mb < end; mb++) table.push([mb, c]);
  }
  return table;
}

/**
 * forward_backward_pipelining_with_interleaving on P ranks, v model chunks, m micro-batches, group
 * size G: the warm-up loop, the steady 1F1B loop (a combined forward-backward step when
 * `overlapMoeExpertParallelComm`), the cool-down loop; null where Megatron raises (G outside
 * [P, m], or a last group smaller than P).
 */
export function megatronInterleaved(
  P: number,
  v: number,
  m: number,
  G: number,
  overlapMoeExpertParallelComm = false,
): Action[][] | null {
  if (G > m || G < P) return null;
  const finalGroup = m % G;
  if (finalGroup > 0 && finalGroup < P) return null;
  const table = megatronScheduleTable(m, v, G);
  const total = m * v;
  const ranks: Action[][] = [];
  for (let rank = 0; rank < P; rank++) {
    // get_pp_rank_microbatches
    let warmup = (P - rank - 1) * 2 + (v - 1) * G;
    if (overlapMoeExpertParallelComm) warmup += 1;
    if (warmup >= total) warmup = total;
    const remaining = total - warmup;
    // A forward appends its micro-batch to its chunk's input_tensors; a backward takes the oldest
    // entry of its chunk's list (pop(0)), the chunk being v - 1 - the table's.
    const inFlight: number[][] = Array.from({ length: v }, () => []);
    const forward = (k: number) => {
      const [mb, chunk] = table[k];
      inFlight[chunk].push(mb);
      return act('F', mb, chunk * P + rank);
    };
    const backward = (k: number) => {
      const chunk = v - 1 - table[k][1];
      const mb = inFlight[chunk].shift();
      if (mb === undefined) throw new Error(`rank ${rank}: backward ${k} of chunk ${chunk} has no forward`);
      return act('B', mb, chunk * P + rank);
    };
    const ops: Action[] = [];
    for (let k = 0; k < warmup; k++) ops.push(forward(k));
    for (let k = 0; k < remaining; k++) {
      if (overlapMoeExpertParallelComm) ops.push(`[${forward(k + warmup)}+${backward(k)}]`);
      else ops.push(forward(k + warmup), backward(k));
    }
    for (let k = remaining; k < total; k++) ops.push(backward(k));
    ranks.push(ops);
  }
  return ranks;
}
