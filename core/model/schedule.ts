import { assert } from '../util/assert';
import { NO_PAIR, type OpKind } from './ops';

/**
 * A schedule: every device's operations in execution order, stored as typed-array columns.
 *
 * Ops of device d are the indices [deviceStart[d], deviceStart[d + 1]) in execution order.
 * An op is identified by (kind, microbatch, stage): `stage` is the position of the op's model
 * chunk along the path its micro-batch travels (0 = where it enters, stages - 1 = the loss).
 * F(mb, s) needs F(mb, s - 1); B/BW(mb, s) needs B/BW(mb, s + 1) (the last stage: its own F);
 * W(mb, s) needs B(mb, s). Two consecutive ops on a device with the same `pair` number (not
 * NO_PAIR) run as one overlapped forward-backward unit (DualPipe's F&B).
 */
export interface Schedule {
  /** Registry name of the generator that made it (or 'custom'). */
  readonly name: string;
  readonly devices: number;
  readonly microbatches: number;
  /** Model chunks each device holds (1; v for interleaved; 2 for ZB-V, DualPipe, DualPipeV). */
  readonly chunksPerDevice: number;
  /** Number of stages each micro-batch passes through. */
  readonly stages: number;
  /**
   * Fraction of a device's per-micro-batch cost that one op of this schedule takes: 1/v where the
   * device's share of the model is cut into v chunks; 1 for DualPipe (each direction holds a full share).
   */
  readonly chunkShare: number;
  /** Parameters held per device relative to a plain 1/P share (DualPipe and DualPipeV: 2). */
  readonly paramMultiplier: number;
  readonly count: number;
  readonly deviceStart: Int32Array;
  readonly kind: Uint8Array;
  readonly microbatch: Int32Array;
  /** Model chunk on the device (V shapes: 0 = stage d, 1 = stage 2P-1-d); DualPipe: the direction. */
  readonly chunk: Uint8Array;
  readonly stage: Int32Array;
  /** Overlapped pair number, or NO_PAIR. */
  readonly pair: Int32Array;
}

export interface ScheduleShape {
  name: string;
  devices: number;
  microbatches: number;
  chunksPerDevice: number;
  stages: number;
  chunkShare: number;
  paramMultiplier: number;
}

const STRIDE = 6;

/**
 * Collects ops in any device interleaving and packs them into a Schedule grouped by device
 * (a stable counting sort, so each device keeps the order its ops were pushed in).
 */
export class ScheduleBuilder {
  private buf: Int32Array;
  private n = 0;
  private nextPair = 0;

  constructor(
    private readonly shape: ScheduleShape,
    expectedOps = 0,
  ) {
    assert(shape.devices >= 1, 'a schedule needs at least one device');
    this.buf = new Int32Array(Math.max(16, expectedOps) * STRIDE);
  }

  get length(): number {
    return this.n;
  }

  /** Appends one op to the device's order. Returns its push index. */
  push(
    device: number,
    kind: OpKind,
    microbatch: number,
    chunk: number,
    stage: number,
    pair = NO_PAIR,
  ): number {
    if ((this.n + 1) * STRIDE > this.buf.length) {
      const bigger = new Int32Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    const o = this.n * STRIDE;
    this.buf[o] = device;
    this.buf[o + 1] = kind;
    this.buf[o + 2] = microbatch;
    this.buf[o + 3] = chunk;
    this.buf[o + 4] = stage;
    this.buf[o + 5] = pair;
    return this.n++;
  }

  /** A fresh overlapped-pair number, unique within this schedule. */
  newPair(): number {
    return this.nextPair++;
  }

  build(): Schedule {
    const { devices } = this.shape;
    const n = this.n;
    const buf = this.buf;
    const deviceStart = new Int32Array(devices + 1);
    for (let i = 0; i < n; i++) {
      const d = buf[i * STRIDE];
      assert(d >= 0 && d < devices, `op pushed on device ${d} outside 0..${devices - 1}`);
      deviceStart[d + 1]++;
    }
    for (let d = 0; d < devices; d++) deviceStart[d + 1] += deviceStart[d];
    const cursor = deviceStart.slice(0, devices);
    const kind = new Uint8Array(n);
    const microbatch = new Int32Array(n);
    const chunk = new Uint8Array(n);
    const stage = new Int32Array(n);
    const pair = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const o = i * STRIDE;
      const at = cursor[buf[o]]++;
      kind[at] = buf[o + 1];
      microbatch[at] = buf[o + 2];
      chunk[at] = buf[o + 3];
      stage[at] = buf[o + 4];
      pair[at] = buf[o + 5];
    }
    return { ...this.shape, count: n, deviceStart, kind, microbatch, chunk, stage, pair };
  }
}

/** Ops of one device as plain objects: for tests, small exports and debugging, never hot paths. */
export function deviceOps(
  s: Schedule,
  device: number,
): { index: number; kind: number; microbatch: number; chunk: number; stage: number; pair: number }[] {
  const out = [];
  for (let i = s.deviceStart[device]; i < s.deviceStart[device + 1]; i++) {
    out.push({
      index: i,
      kind: s.kind[i],
      microbatch: s.microbatch[i],
      chunk: s.chunk[i],
      stage: s.stage[i],
      pair: s.pair[i],
    });
  }
  return out;
}
