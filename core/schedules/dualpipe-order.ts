import { NO_PAIR, OpKind } from '../model/ops';
import type { ScheduleBuilder } from '../model/schedule';
import { assert } from '../util/assert';

/**
 * The per-device op order shared by DualPipe and DualPipeV: the eight steps of `step()` in
 * deepseek-ai/DualPipe (dualpipe/dualpipe.py and dualpipe/dualpipev.py), written in terms of the
 * reference's two local "phases" of a device.
 *
 * Both reference files run the same step sequence once these are substituted:
 *
 * | here           | DualPipe (P ranks)                | DualPipeV (P ranks)             |
 * |----------------|-----------------------------------|---------------------------------|
 * | `halfRanks` H  | P / 2                             | P                               |
 * | `halfRank` h   | min(d, P - 1 - d)                 | d                               |
 * | `perPhase` n   | m / 2 (micro-batches per direction) | m (micro-batches per chunk)   |
 * | h == H - 1     | the two middle ranks              | the last rank (the V's turn)    |
 *
 * (DualPipe's step 4 count, m/2 - P + h + 1, and DualPipeV's, m - 2P + h + 1, are both n - 2H + h + 1.)
 *
 * The reference takes forwards and backwards of each phase in arrival order (one counter per
 * phase), so the j-th F and the j-th backward of a phase both belong to that phase's j-th
 * micro-batch. A backward run with zero-bubble enabled leaves its weight gradient in a FIFO queue
 * (`WeightGradStore`); each weight step runs the oldest entry. Here such a backward is kind B and
 * the queue entry becomes a later kind W; every other backward is a full backward, kind BW.
 *
 * An overlapped pair (`_forward_backward_chunk`) is pushed as its F, then its BW, with one pair
 * number: the reference's compute function takes the forward's chunk first and, both in its
 * non-overlapped fallback and in its example `overlapped_forward_backward`, runs the forward
 * module before the backward. (In DeepSeek's production kernel the backward's combine
 * all-to-all is issued first on the communication stream, but the first compute is the forward's
 * attention; the simulator of this issue runs the pair back to back as one unit either way.)
 */
export interface DualOrderDevice {
  /** Device index the ops are pushed on. */
  device: number;
  /** Our `chunk` field for the reference's local phase 0 and phase 1. */
  chunkOfPhase: readonly [number, number];
  /** Our global micro-batch number of the phase's first micro-batch (its chunk id 0). */
  microbatchBase: readonly [number, number];
  /** Our `stage` (position along the micro-batch's path) of the phase's chunk on this device. */
  stageOfPhase: readonly [number, number];
}

/**
 * Pushes one device's whole order. `queue` is scratch space of at least `perPhase` entries
 * (reused across devices, so generating stays allocation-free per device).
 */
export function pushDualOrder(
  b: ScheduleBuilder,
  dev: DualOrderDevice,
  halfRanks: number,
  halfRank: number,
  perPhase: number,
  queue: Int32Array,
): void {
  const H = halfRanks;
  const h = halfRank;
  const n = perPhase;
  const turn = h === H - 1; // DualPipe: a middle rank; DualPipeV: the last rank
  const { device } = dev;
  const [chunk0, chunk1] = dev.chunkOfPhase;
  const [mb0, mb1] = dev.microbatchBase;
  const [stage0, stage1] = dev.stageOfPhase;
  // next forward / backward index of each phase (the reference's per-phase chunk-id counters)
  let nextF0 = 0;
  let nextF1 = 0;
  let nextB0 = 0;
  let nextB1 = 0;
  // Weight-gradient FIFO: entries are phase * n + index-in-phase.
  let qHead = 0;
  let qTail = 0;

  const forward = (p: number, pair: number): void => {
    if (p === 0) b.push(device, OpKind.F, mb0 + nextF0++, chunk0, stage0, pair);
    else b.push(device, OpKind.F, mb1 + nextF1++, chunk1, stage1, pair);
  };
  const fullBackward = (p: number, pair: number): void => {
    if (p === 0) b.push(device, OpKind.BW, mb0 + nextB0++, chunk0, stage0, pair);
    else b.push(device, OpKind.BW, mb1 + nextB1++, chunk1, stage1, pair);
  };
  const backward = (p: number, zeroBubble: boolean): void => {
    if (!zeroBubble) {
      fullBackward(p, NO_PAIR);
    } else if (p === 0) {
      queue[qTail++] = nextB0;
      b.push(device, OpKind.B, mb0 + nextB0++, chunk0, stage0, NO_PAIR);
    } else {
      queue[qTail++] = n + nextB1;
      b.push(device, OpKind.B, mb1 + nextB1++, chunk1, stage1, NO_PAIR);
    }
  };
  const weight = (): void => {
    if (qHead >= qTail) assert(false, `DualPipe order: weight step with an empty queue on device ${device}`);
    const e = queue[qHead++];
    if (e < n) b.push(device, OpKind.W, mb0 + e, chunk0, stage0, NO_PAIR);
    else b.push(device, OpKind.W, mb1 + e - n, chunk1, stage1, NO_PAIR);
  };
  const overlapped = (pf: number, pb: number): void => {
    const pair = b.newPair();
    forward(pf, pair);
    fullBackward(pb, pair);
  };

  // 1: warm-up forwards of phase 0.
  for (let i = 0; i < 2 * (H - h - 1); i++) forward(0, NO_PAIR);
  // 2: alternate phase 0 and phase 1 forwards.
  for (let i = 0; i <= h; i++) {
    forward(0, NO_PAIR);
    forward(1, NO_PAIR);
  }
  // 3: zero-bubble backward of phase 1, its weight step at once, then a phase 1 forward.
  for (let i = 0; i < H - h - 1; i++) {
    backward(1, true);
    weight();
    forward(1, NO_PAIR);
  }
  // 4: steady state, two overlapped pairs per iteration; the turn rank runs its first
  //    F(phase 0) and backward(phase 1) one after the other instead of as a pair.
  const main = n - 2 * H + h + 1;
  for (let i = 0; i < main; i++) {
    if (i === 0 && turn) {
      forward(0, NO_PAIR);
      fullBackward(1, NO_PAIR);
    } else {
      overlapped(0, 1);
    }
    overlapped(1, 0);
  }
  // 5: a full backward of phase 1, then a pair F(phase 1) & backward(phase 0).
  for (let i = 0; i < H - h - 1; i++) {
    fullBackward(1, NO_PAIR);
    overlapped(1, 0);
  }
  // 6: backwards of both phases; from the middle iteration on they are zero-bubble (for odd h
  //    from that iteration's phase 1 backward, for even h from its phase 0 backward).
  let zb = false;
  const mid = (h + 1) >> 1;
  for (let i = 0; i <= h; i++) {
    if (i === mid && h % 2 === 1) zb = true;
    backward(1, zb);
    if (i === mid && h % 2 === 0) zb = true;
    backward(0, zb);
  }
  // 7: a weight step, then a zero-bubble backward of phase 0.
  for (let i = 0; i < H - h - 1; i++) {
    weight();
    backward(0, true);
  }
  // 8: drain the weight queue.
  for (let i = 0; i <= h; i++) weight();

  assert(
    nextF0 === n && nextF1 === n && nextB0 === n && nextB1 === n && qHead === qTail,
    `DualPipe order on device ${device} is incomplete (F ${nextF0}/${nextF1}, B ${nextB0}/${nextB1}, W left ${qTail - qHead})`,
  );
}
