// Plain, slow re-statements of the reference frameworks' schedule builders, for tests only. Each
// follows the reference's steps one by one (the names in comments are the reference's), so a
// reader can hold it next to the source; the generators in core/schedules are written for speed
// and compared with these action by action. Sources (read, not copied):
// - pytorch/pytorch torch/distributed/pipelining/schedules.py (main at commit 00722e6): _get_1f1b_rank_ops,
//   _get_warmup_ops, ScheduleInterleaved1F1B / ScheduleInterleavedZeroBubble
//   ._calculate_single_rank_operations, ScheduleLoopedBFS._calculate_single_rank_operations,
//   ScheduleGPipe / Schedule1F1B._get_pipeline_order, ScheduleZBVZeroBubble /
//   ScheduleDualPipeV._calculate_single_rank_operations;
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

/** ScheduleGPipe._get_pipeline_order without its no-ops: every forward, then every full backward, in micro-batch order. */
export function pytorchGPipe(P: number, m: number): Action[][] {
  return Array.from({ length: P }, (_, rank) => [
    ...Array.from({ length: m }, (_, mb) => act('F', mb, rank)),
    ...Array.from({ length: m }, (_, mb) => act('B', mb, rank)),
  ]);
}

/**
 * Schedule1F1B._step_microbatches, the order it runs: min(m, P - rank) warm-up forwards, then a
 * backward and (while forwards remain) a forward per step, then the remaining backwards. Null
 * where the constructor refuses m (fewer micro-batches than stages). (Its _get_pipeline_order,
 * which only describes the order, numbers the last rank's forwards 1..m: it increments the
 * micro-batch before the first steady forward even when no warm-up forward ran.)
 */
export function pytorch1F1B(P: number, m: number): Action[][] | null {
  if (m < P) return null;
  const ranks: Action[][] = [];
  for (let rank = 0; rank < P; rank++) {
    const ops: Action[] = [];
    const warmupChunks = Math.min(m, P - rank);
    let fwd = 0;
    let bwd = 0;
    for (let i = 0; i < warmupChunks; i++) ops.push(act('F', fwd++, rank));
    for (;;) {
      ops.push(act('B', bwd++, rank));
      if (fwd === m) break;
      ops.push(act('F', fwd++, rank));
    }
    while (bwd < m) ops.push(act('B', bwd++, rank));
    ranks.push(ops);
  }
  return ranks;
}

/**
 * ScheduleZBVZeroBubble._calculate_single_rank_operations: built for max(2P - 1, m) micro-batches,
 * whose actions beyond m the reference turns into no-ops (left out here). Chunk 0 is stage rank,
 * chunk 1 stage 2P - 1 - rank.
 */
export function pytorchZBV(P: number, m: number): Action[][] {
  const n = Math.max(2 * P - 1, m);
  const ranks: Action[][] = [];
  for (let rank = 0; rank < P; rank++) {
    const ops: Action[] = [];
    const add = (kind: string, mb: number, stage: number) => {
      if (mb < m) ops.push(act(kind, mb, stage));
    };
    const s0 = rank;
    const s1 = 2 * P - 1 - rank;
    let f0 = 0;
    let f1 = 0;
    let b0 = 0;
    let b1 = 0;
    for (let i = 0; i < 2 * (P - rank) - 1; i++) add('F', f0++, s0);
    for (let i = 0; i < rank; i++) {
      add('F', f1++, s1);
      add('F', f0++, s0);
    }
    for (let i = 0; i < P - rank; i++) {
      add('F', f1++, s1);
      add('I', b1, s1);
      add('W', b1++, s1);
    }
    while (f1 < f0 || f0 < n) {
      if (f0 < n) add('F', f0++, s0);
      add('I', b0, s0);
      add('W', b0++, s0);
      add('F', f1++, s1);
      add('I', b1, s1);
      add('W', b1++, s1);
    }
    let w0 = b0;
    let w1 = b1;
    for (let i = 0; i < rank; i++) {
      add('I', b0++, s0);
      add('I', b1++, s1);
    }
    for (let i = 0; i < P - rank; i++) {
      add('I', b0++, s0);
      add('W', w0++, s0);
    }
    while (w1 < b1) add('W', w1++, s1);
    while (w0 < b0) add('W', w0++, s0);
    ranks.push(ops);
  }
  return ranks;
}

/**
 * ScheduleDualPipeV._calculate_single_rank_operations: its eight steps with one counter per
 * (stage, action type), a full backward advancing the input and weight counters of its stage, an
 * input backward queueing its weight step (taken oldest first). An overlapped pair is written
 * "[F..+B..]". Null where the constructor refuses m (fewer micro-batches than the 2P stages).
 */
export function pytorchDualPipeV(P: number, m: number): Action[][] | null {
  if (m < 2 * P) return null;
  const ranks: Action[][] = [];
  for (let rank = 0; rank < P; rank++) {
    const ops: Action[] = [];
    const counters = new Map<string, number>();
    const get = (stage: number, type: string) => counters.get(`${stage}${type}`) ?? 0;
    const bump = (stage: number, type: string) => counters.set(`${stage}${type}`, get(stage, type) + 1);
    const weights: [number, number][] = [];
    const s0 = rank;
    const s1 = 2 * P - 1 - rank;
    const action = (stage: number, type: 'F' | 'I' | 'B') => {
      // a full backward reads the input-backward counter
      const mb = get(stage, type === 'B' ? 'I' : type);
      ops.push(act(type, mb, stage));
      if (type === 'B') {
        bump(stage, 'I');
        bump(stage, 'W');
      } else {
        if (type === 'I') weights.push([stage, mb]);
        bump(stage, type);
      }
    };
    const overlap = (forwardStage: number, backwardStage: number) => {
      const f = get(forwardStage, 'F');
      const b = get(backwardStage, 'I');
      ops.push(`[${act('F', f, forwardStage)}+${act('B', b, backwardStage)}]`);
      bump(forwardStage, 'F');
      bump(backwardStage, 'I');
      bump(backwardStage, 'W');
    };
    const weight = () => {
      const next = weights.shift();
      if (!next) return;
      ops.push(act('W', next[1], next[0]));
      bump(next[0], 'W');
    };
    for (let i = 0; i < (P - rank - 1) * 2; i++) action(s0, 'F'); // step 1
    for (let i = 0; i < rank + 1; i++) {
      action(s0, 'F'); // step 2
      action(s1, 'F');
    }
    for (let i = 0; i < P - rank - 1; i++) {
      action(s1, 'I'); // step 3
      weight();
      action(s1, 'F');
    }
    const step4 = m - 2 * P + rank + 1;
    for (let i = 0; i < step4; i++) {
      if (i === 0 && rank === P - 1) {
        action(s0, 'F');
        action(s1, 'B');
      } else overlap(s0, s1);
      overlap(s1, s0);
    }
    for (let i = 0; i < P - rank - 1; i++) {
      action(s1, 'B'); // step 5
      overlap(s1, s0);
    }
    const step6 = rank + 1;
    let zb = false;
    for (let i = 0; i < step6; i++) {
      if (i === Math.floor(step6 / 2) && rank % 2 === 1) zb = true;
      action(s1, zb ? 'I' : 'B');
      if (i === Math.floor(step6 / 2) && rank % 2 === 0) zb = true;
      action(s0, zb ? 'I' : 'B');
    }
    for (let i = 0; i < P - rank - 1; i++) {
      weight(); // step 7
      action(s0, zb ? 'I' : 'B');
    }
    for (let i = 0; i < rank + 1; i++) weight(); // step 8
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
