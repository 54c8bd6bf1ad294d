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
  const chunkOf = dev.chunkOfPhase;
  const mbBase = dev.microbatchBase;
  const stageOf = dev.stageOfPhase;
  // The reference's per-phase counters and the weight-gradient FIFO's ends, kept in one typed
  // array rather than in `let`s the helpers below close over (captured mutable locals live in a
  // heap context; indexing by phase also removes a branch per push).
  // next[F + p]: next forward index of phase p; next[B + p]: next backward index of phase p.
  const F = 0;
  const B = 2;
  const HEAD = 4;
  const TAIL = 5;
  const next = new Int32Array(6);
  // Weight-gradient FIFO: entries are phase * n + index-in-phase.

  const forward = (p: number, pair: number): void => {
    b.push(device, OpKind.F, mbBase[p] + next[F + p]++, chunkOf[p], stageOf[p], pair);
  };
  const fullBackward = (p: number, pair: number): void => {
    b.push(device, OpKind.BW, mbBase[p] + next[B + p]++, chunkOf[p], stageOf[p], pair);
  };
  const backward = (p: number, zeroBubble: boolean): void => {
    if (!zeroBubble) {
      fullBackward(p, NO_PAIR);
      return;
    }
    queue[next[TAIL]++] = p * n + next[B + p];
    b.push(device, OpKind.B, mbBase[p] + next[B + p]++, chunkOf[p], stageOf[p], NO_PAIR);
  };
  const weight = (): void => {
    if (next[HEAD] >= next[TAIL])
      assert(false, `DualPipe order: weight step with an empty queue on device ${device}`);
    const e = queue[next[HEAD]++];
    const p = e < n ? 0 : 1;
    b.push(device, OpKind.W, mbBase[p] + e - p * n, chunkOf[p], stageOf[p], NO_PAIR);
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
    next[F] === n && next[F + 1] === n && next[B] === n && next[B + 1] === n && next[HEAD] === next[TAIL],
    `DualPipe order on device ${device} is incomplete (F ${next[F]}/${next[F + 1]}, B ${next[B]}/${next[B + 1]}, W left ${next[TAIL] - next[HEAD]})`,
  );
}
