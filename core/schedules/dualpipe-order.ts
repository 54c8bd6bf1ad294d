import { NO_PAIR, OpKind } from '../model/ops';
import { type Schedule, type ScheduleShape, scheduleFromColumns } from '../model/schedule';
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
 * An overlapped pair (`_forward_backward_chunk`) is written as its F, then its BW, with one pair
 * number: the reference's compute function takes the forward's chunk first and, both in its
 * non-overlapped fallback and in its example `overlapped_forward_backward`, runs the forward
 * module before the backward. (In DeepSeek's production kernel the backward's combine
 * all-to-all is issued first on the communication stream, but the first compute is the forward's
 * attention; PipeScope's simulator issues the pair as one unit either way.)
 */
export interface DualOrderDevice {
  /** Device index the ops are written for (named in messages). */
  device: number;
  /** Our `chunk` field for the reference's local phase 0 and phase 1. */
  chunkOfPhase: readonly [number, number];
  /** Our global micro-batch number of the phase's first micro-batch (its chunk id 0). */
  microbatchBase: readonly [number, number];
  /** Our `stage` (position along the micro-batch's path) of the phase's chunk on this device. */
  stageOfPhase: readonly [number, number];
}

/**
 * Fills a[from + period .. to) with copies of a[from .. from + period), doubling the copied run
 * each time (a handful of block copies instead of a store per element).
 */
function repeat(a: Uint8Array | Int32Array, from: number, period: number, to: number): void {
  for (let filled = period; from + filled < to; filled *= 2)
    a.copyWithin(from + filled, from, Math.min(from + 2 * filled, to) - filled);
}

/** The most ops one device's order has: 4n forwards and backwards plus fewer than 2H weight steps. */
export function dualOrderMaxOps(halfRanks: number, perPhase: number): number {
  return 4 * perPhase + 2 * halfRanks;
}

/**
 * Writes devices' orders straight into a schedule's columns, device after device (a push per op
 * through ScheduleBuilder cost about five times as much for a million ops). A class rather than
 * closures over local counters: V8 inlines its methods into writeDualOrder's loops and keeps the
 * counters in the object, where closures made anew per device kept them in a heap context and
 * defeated the inlining.
 */
export class DualOrderWriter {
  readonly kind: Uint8Array;
  readonly microbatch: Int32Array;
  readonly chunk: Uint8Array;
  readonly stage: Int32Array;
  readonly pair: Int32Array;
  /** Where each device's ops begin (devices are written in order, 0 first). */
  readonly deviceStart: Int32Array;
  /** Index of the next op to write (the op count once every device is written). */
  at = 0;
  /** The next unused pair number. */
  nextPair = 0;
  /**
   * Per device written, one past its last forward in no pair (Schedule.unpairedForwardEnd): pairs
   * are written by overlapped() and steady() alone, so the last forward() without a pair number
   * settles it, at no cost per op.
   */
  readonly unpairedForwardEnd: Int32Array;
  private unpairedEnd = 0;
  // The device being written: per phase p, its chunk, first micro-batch and stage; next[p] is
  // the phase's next forward index and next[2 + p] its next backward index.
  private readonly chunkOf = new Int32Array(2);
  private readonly mbBase = new Int32Array(2);
  private readonly stageOf = new Int32Array(2);
  private readonly next = new Int32Array(4);
  // Weight-gradient FIFO, queue[head..tail): entries are phase * n + index-in-phase.
  private readonly queue: Int32Array;
  private head = 0;
  private tail = 0;
  private perPhase = 0;
  private device = 0;

  /**
   * Columns for up to `capacity` ops on `devices` devices; `perPhase` is the most micro-batches
   * a phase has.
   */
  constructor(devices: number, capacity: number, perPhase: number) {
    this.deviceStart = new Int32Array(devices + 1);
    this.unpairedForwardEnd = new Int32Array(devices);
    // (two buffers for the five columns: one allocation per element type)
    const bytes = new Uint8Array(2 * capacity);
    const ints = new Int32Array(3 * capacity);
    this.kind = bytes.subarray(0, capacity);
    this.chunk = bytes.subarray(capacity);
    this.microbatch = ints.subarray(0, capacity);
    this.stage = ints.subarray(capacity, 2 * capacity);
    this.pair = ints.subarray(2 * capacity);
    this.queue = new Int32Array(2 * perPhase);
  }

  /** Starts a device's order (its ops follow the previous device's). */
  begin(dev: DualOrderDevice, perPhase: number): void {
    this.device = dev.device;
    this.deviceStart[dev.device] = this.at;
    this.unpairedEnd = this.at;
    this.perPhase = perPhase;
    for (let p = 0; p < 2; p++) {
      this.chunkOf[p] = dev.chunkOfPhase[p];
      this.mbBase[p] = dev.microbatchBase[p];
      this.stageOf[p] = dev.stageOfPhase[p];
    }
    this.next.fill(0);
    this.head = 0;
    this.tail = 0;
  }

  private put(kind: number, p: number, index: number, pair: number): void {
    const at = this.at++;
    this.kind[at] = kind;
    this.microbatch[at] = this.mbBase[p] + index;
    this.chunk[at] = this.chunkOf[p];
    this.stage[at] = this.stageOf[p];
    this.pair[at] = pair;
  }

  forward(p: number, pair: number): void {
    this.put(OpKind.F, p, this.next[p]++, pair);
    if (pair === NO_PAIR) this.unpairedEnd = this.at;
  }

  fullBackward(p: number, pair: number): void {
    this.put(OpKind.BW, p, this.next[2 + p]++, pair);
  }

  /** A backward of phase p; zero-bubble: its input part now (kind B), its W queued. */
  backward(p: number, zeroBubble: boolean): void {
    if (!zeroBubble) {
      this.fullBackward(p, NO_PAIR);
      return;
    }
    const index = this.next[2 + p]++;
    this.queue[this.tail++] = p * this.perPhase + index;
    this.put(OpKind.B, p, index, NO_PAIR);
  }

  /** The oldest queued weight gradient. */
  weight(): void {
    if (this.head >= this.tail)
      assert(false, `DualPipe order: weight step with an empty queue on device ${this.device}`);
    const e = this.queue[this.head++];
    const p = e < this.perPhase ? 0 : 1;
    this.put(OpKind.W, p, e - p * this.perPhase, NO_PAIR);
  }

  /** An overlapped pair: F of phase pf, then the full backward of phase pb, one pair number. */
  overlapped(pf: number, pb: number): void {
    const pair = this.nextPair++;
    this.forward(pf, pair);
    this.fullBackward(pb, pair);
  }

  /**
   * `count` iterations of step 4 (most of a long order): overlapped(0, 1), then overlapped(1, 0).
   * The same ops those calls write, in one loop with its counters in locals.
   */
  steady(count: number): void {
    if (count <= 0) return;
    const { kind, microbatch, chunk, stage, pair, next } = this;
    const mb0 = this.mbBase[0] + next[0];
    const mb1 = this.mbBase[1] + next[1];
    const bw0 = this.mbBase[0] + next[2];
    const bw1 = this.mbBase[1] + next[3];
    const c0 = this.chunkOf[0];
    const c1 = this.chunkOf[1];
    const s0 = this.stageOf[0];
    const s1 = this.stageOf[1];
    const from = this.at;
    const to = from + 4 * count;
    // kind, chunk and stage repeat every iteration: write one, then copy it over the rest
    kind[from] = OpKind.F;
    kind[from + 1] = OpKind.BW;
    kind[from + 2] = OpKind.F;
    kind[from + 3] = OpKind.BW;
    chunk[from] = c0;
    chunk[from + 1] = c1;
    chunk[from + 2] = c1;
    chunk[from + 3] = c0;
    stage[from] = s0;
    stage[from + 1] = s1;
    stage[from + 2] = s1;
    stage[from + 3] = s0;
    repeat(kind, from, 4, to);
    repeat(chunk, from, 4, to);
    repeat(stage, from, 4, to);
    // micro-batches and pair numbers move on by one and by two each iteration
    let pr = this.nextPair;
    for (let i = 0, at = from; i < count; i++, at += 4, pr += 2) {
      microbatch[at] = mb0 + i;
      microbatch[at + 1] = bw1 + i;
      microbatch[at + 2] = mb1 + i;
      microbatch[at + 3] = bw0 + i;
      pair[at] = pr;
      pair[at + 1] = pr;
      pair[at + 2] = pr + 1;
      pair[at + 3] = pr + 1;
    }
    for (let q = 0; q < 4; q++) next[q] += count;
    this.at = to;
    this.nextPair = pr;
  }

  /** The schedule of the devices written so far (all of `shape.devices`, in order). */
  schedule(shape: ScheduleShape): Schedule {
    const { deviceStart, at } = this;
    deviceStart[shape.devices] = at;
    const { kind, microbatch, chunk, stage, pair } = this;
    return scheduleFromColumns(
      shape,
      { deviceStart, kind, microbatch, chunk, stage, pair },
      at,
      this.unpairedForwardEnd,
    );
  }

  /** Checks that the device's order ran every micro-batch of both phases and drained the queue. */
  end(): void {
    this.unpairedForwardEnd[this.device] = this.unpairedEnd;
    const { next, perPhase: n } = this;
    if (next[0] === n && next[1] === n && next[2] === n && next[3] === n && this.head === this.tail) return;
    assert(
      false,
      `DualPipe order on device ${this.device} is incomplete (F ${next[0]}/${next[1]}, B ${next[2]}/${next[3]}, W left ${this.tail - this.head})`,
    );
  }
}

/** Writes one device's whole order after the ops already in `w`. */
export function writeDualOrder(
  w: DualOrderWriter,
  dev: DualOrderDevice,
  halfRanks: number,
  halfRank: number,
  perPhase: number,
): void {
  const H = halfRanks;
  const h = halfRank;
  const n = perPhase;
  const turn = h === H - 1; // DualPipe: a middle rank; DualPipeV: the last rank
  w.begin(dev, n);

  // 1: warm-up forwards of phase 0.
  for (let i = 0; i < 2 * (H - h - 1); i++) w.forward(0, NO_PAIR);
  // 2: alternate phase 0 and phase 1 forwards.
  for (let i = 0; i <= h; i++) {
    w.forward(0, NO_PAIR);
    w.forward(1, NO_PAIR);
  }
  // 3: zero-bubble backward of phase 1, its weight step at once, then a phase 1 forward.
  for (let i = 0; i < H - h - 1; i++) {
    w.backward(1, true);
    w.weight();
    w.forward(1, NO_PAIR);
  }
  // 4: steady state, two overlapped pairs per iteration; the turn rank runs its first
  //    F(phase 0) and backward(phase 1) one after the other instead of as a pair.
  const main = n - 2 * H + h + 1;
  if (main > 0) {
    if (turn) {
      w.forward(0, NO_PAIR);
      w.fullBackward(1, NO_PAIR);
    } else {
      w.overlapped(0, 1);
    }
    w.overlapped(1, 0);
    w.steady(main - 1);
  }
  // 5: a full backward of phase 1, then a pair F(phase 1) & backward(phase 0).
  for (let i = 0; i < H - h - 1; i++) {
    w.fullBackward(1, NO_PAIR);
    w.overlapped(1, 0);
  }
  // 6: backwards of both phases; from the middle iteration on they are zero-bubble (for odd h
  //    from that iteration's phase 1 backward, for even h from its phase 0 backward).
  let zb = false;
  const mid = (h + 1) >> 1;
  for (let i = 0; i <= h; i++) {
    if (i === mid && h % 2 === 1) zb = true;
    w.backward(1, zb);
    if (i === mid && h % 2 === 0) zb = true;
    w.backward(0, zb);
  }
  // 7: a weight step, then a zero-bubble backward of phase 0.
  for (let i = 0; i < H - h - 1; i++) {
    w.weight();
    w.backward(0, true);
  }
  // 8: drain the weight queue.
  for (let i = 0; i <= h; i++) w.weight();

  w.end();
}
