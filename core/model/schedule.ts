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
  /**
   * Parameters each device holds relative to an even 1/P split of one model copy over this
   * schedule's P devices: DualPipe 2 (two copies); DualPipeV 1 (2 of 2P stages on P devices). The
   * DualPipe README's "2x" for DualPipeV compares at equal stage count (PP stages on PP/2 devices).
   */
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
  /**
   * Per device, one past its last forward that is in no pair (pairPartner() says -1), or the
   * device's first op when it has none: every forward after it is in a pair. Null unless the
   * generator knows it for free (DualPipe's and DualPipeV's write their pairs themselves); a
   * schedule made from other columns never inherits it. The idle attribution's memory test holds
   * back only a forward in no pair (a pair waits for both its inputs), so past this point it has
   * nothing to look up (docs/simulator-and-metrics.md, "Idle attribution and critical path").
   */
  readonly unpairedForwardEnd: Int32Array | null;
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

/**
 * The first n entries of a column: the column itself or a view of it when at most a quarter of it
 * is unused (generators that know their op count pass it, so a million-op schedule is not copied
 * again), else a compact copy. Later pushes write past n, so they never show through a view.
 */
function used<T extends Int32Array | Uint8Array>(column: T, n: number): T {
  if (n === column.length) return column;
  return (n >= column.length * 0.75 ? column.subarray(0, n) : column.slice(0, n)) as T;
}

/**
 * Collects ops in any device interleaving and packs them into a Schedule grouped by device. When
 * the ops were pushed device by device (as most generators do) the columns are used as they are;
 * otherwise a stable counting sort groups them, so each device keeps the order of its pushes.
 */
export class ScheduleBuilder {
  /**
   * Device of each push, kept only once the pushes stop being grouped (or name a device outside
   * the schedule): while they are grouped, runStart says where each device's run begins, which
   * spares a million-op generator a column of writes and the build a pass.
   */
  private device: Int32Array | null = null;
  /** While grouped: runStart[d] = push index where device d's ops begin (devices up to `last`). */
  private readonly runStart: Int32Array;
  /** Device of the latest push while grouped (-1 before the first). */
  private last = -1;
  private kind: Uint8Array;
  private microbatch: Int32Array;
  private chunk: Uint8Array;
  private stage: Int32Array;
  private pair: Int32Array;
  private capacity: number;
  private n = 0;
  private nextPair = 0;

  constructor(
    private readonly shape: ScheduleShape,
    expectedOps = 0,
  ) {
    assert(shape.devices >= 1, 'a schedule needs at least one device');
    this.capacity = Math.max(16, expectedOps);
    this.runStart = new Int32Array(shape.devices + 1);
    this.kind = new Uint8Array(this.capacity);
    this.microbatch = new Int32Array(this.capacity);
    this.chunk = new Uint8Array(this.capacity);
    this.stage = new Int32Array(this.capacity);
    this.pair = new Int32Array(this.capacity);
  }

  get length(): number {
    return this.n;
  }

  private grow(): void {
    const c = this.capacity * 2;
    const widen = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(c);
      b.set(a);
      return b;
    };
    if (this.device) this.device = widen(this.device, (k) => new Int32Array(k));
    this.kind = widen(this.kind, (k) => new Uint8Array(k));
    this.microbatch = widen(this.microbatch, (k) => new Int32Array(k));
    this.chunk = widen(this.chunk, (k) => new Uint8Array(k));
    this.stage = widen(this.stage, (k) => new Int32Array(k));
    this.pair = widen(this.pair, (k) => new Int32Array(k));
    this.capacity = c;
  }

  /** Push i goes to another device than push i - 1: start its run, or stop being grouped. */
  private switchDevice(device: number, i: number): void {
    if (this.device !== null) return; // already keeping the column
    if (device > this.last && device < this.shape.devices) {
      for (let d = this.last + 1; d <= device; d++) this.runStart[d] = i; // devices skipped have no ops
      this.last = device;
      return;
    }
    // Earlier device (or one outside the schedule): write down the devices of the grouped runs so far.
    const column = new Int32Array(this.capacity);
    for (let d = 0; d <= this.last; d++)
      column.fill(d, this.runStart[d], d === this.last ? i : this.runStart[d + 1]);
    this.device = column;
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
    const i = this.n;
    if (i === this.capacity) this.grow();
    if (device !== this.last) this.switchDevice(device, i);
    if (this.device !== null) this.device[i] = device;
    this.kind[i] = kind;
    this.microbatch[i] = microbatch;
    this.chunk[i] = chunk;
    this.stage[i] = stage;
    this.pair[i] = pair;
    this.n = i + 1;
    return i;
  }

  /** A fresh overlapped-pair number, unique within this schedule. */
  newPair(): number {
    return this.nextPair++;
  }

  build(): Schedule {
    const { devices } = this.shape;
    const n = this.n;
    const dev = this.device;
    if (dev === null) {
      const deviceStart = this.runStart.slice();
      for (let d = this.last + 1; d <= devices; d++) deviceStart[d] = n;
      return scheduleObject(this.shape, n, {
        deviceStart,
        kind: used(this.kind, n),
        microbatch: used(this.microbatch, n),
        chunk: used(this.chunk, n),
        stage: used(this.stage, n),
        pair: used(this.pair, n),
      });
    }
    const deviceStart = new Int32Array(devices + 1);
    for (let i = 0; i < n; i++) {
      const d = dev[i];
      // (the message is built only on failure: a template per op would cost more than the count)
      if (d < 0 || d >= devices) assert(false, `op pushed on device ${d} outside 0..${devices - 1}`);
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
      const at = cursor[dev[i]]++;
      kind[at] = this.kind[i];
      microbatch[at] = this.microbatch[i];
      chunk[at] = this.chunk[i];
      stage[at] = this.stage[i];
      pair[at] = this.pair[i];
    }
    return scheduleObject(this.shape, n, { deviceStart, kind, microbatch, chunk, stage, pair });
  }
}

/**
 * A Schedule from columns a generator filled itself (when it knows every op's place in advance,
 * writing columns directly is several times faster than a push per op). Ops of device d must be
 * [deviceStart[d], deviceStart[d + 1]) in execution order; the lengths are checked. `count` (the
 * columns' length unless given) is the number of ops filled: a generator that sized its columns
 * for the most ops it could write passes how many it wrote, and the columns are cut to that.
 */
export function scheduleFromColumns(
  shape: ScheduleShape,
  columns: Pick<Schedule, 'deviceStart' | 'kind' | 'microbatch' | 'chunk' | 'stage' | 'pair'>,
  count = columns.kind.length,
  unpairedForwardEnd: Int32Array | null = null,
): Schedule {
  const { deviceStart } = columns;
  const n = count;
  for (const c of [columns.kind, columns.microbatch, columns.chunk, columns.stage, columns.pair])
    assert(c.length >= n, 'every column needs one entry per op');
  const kind = used(columns.kind, n);
  const microbatch = used(columns.microbatch, n);
  const chunk = used(columns.chunk, n);
  const stage = used(columns.stage, n);
  const pair = used(columns.pair, n);
  assert(deviceStart.length === shape.devices + 1, 'deviceStart needs devices + 1 entries');
  assert(
    deviceStart[0] === 0 && deviceStart[shape.devices] === n,
    'deviceStart must run from 0 to the op count',
  );
  for (let d = 0; d < shape.devices; d++)
    // (the message is built only on failure: a template per device showed on small schedules)
    if (deviceStart[d] > deviceStart[d + 1]) assert(false, `deviceStart must not decrease (device ${d})`);
  if (unpairedForwardEnd !== null)
    assert(unpairedForwardEnd.length === shape.devices, 'unpairedForwardEnd needs one entry per device');
  return scheduleObject(shape, n, { deviceStart, kind, microbatch, chunk, stage, pair }, unpairedForwardEnd);
}

/**
 * The one place a Schedule object is made: every field written in one order by one literal, so
 * that all schedules share one hidden class whatever made them. Made by spreading a shape, as they
 * were, schedules of different generators came in many classes, and the optimised code of the
 * simulator, the metrics and the tuner, which read them, was thrown away ("wrong map") and rebuilt
 * over and over as a sweep went from one schedule to another.
 */
export function scheduleObject(
  shape: ScheduleShape,
  count: number,
  columns: Pick<Schedule, 'deviceStart' | 'kind' | 'microbatch' | 'chunk' | 'stage' | 'pair'>,
  unpairedForwardEnd: Int32Array | null = null,
): Schedule {
  return {
    name: shape.name,
    devices: shape.devices,
    microbatches: shape.microbatches,
    chunksPerDevice: shape.chunksPerDevice,
    stages: shape.stages,
    chunkShare: shape.chunkShare,
    paramMultiplier: shape.paramMultiplier,
    count,
    deviceStart: columns.deviceStart,
    kind: columns.kind,
    microbatch: columns.microbatch,
    chunk: columns.chunk,
    stage: columns.stage,
    pair: columns.pair,
    unpairedForwardEnd,
  };
}

/**
 * The device that runs op `op`: the last device whose ops begin at or before it (a binary search
 * of deviceStart, O(log P); devices without ops are skipped because their start equals the next
 * device's). `near`, a device the op is likely on (the previous op's, walking a chain), and its
 * neighbours are tried first. For one op at a time; passes over every op read `opDevices` instead.
 */
export function deviceOfOp(s: Pick<Schedule, 'devices' | 'deviceStart'>, op: number, near = -1): number {
  return deviceOfOpIn(s.deviceStart, s.devices, op, near);
}

/**
 * deviceOfOp on the schedule's column itself, for hot loops that take columns rather than objects
 * (see walkOpColumns in metrics/critical-path.ts for why).
 */
export function deviceOfOpIn(deviceStart: Int32Array, devices: number, op: number, near = -1): number {
  const ds = deviceStart;
  for (let d = near - 1; d <= near + 1; d++)
    if (d >= 0 && d < devices && ds[d] <= op && op < ds[d + 1]) return d;
  let lo = 0;
  let hi = devices - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ds[mid] <= op) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The device of every op, as a column indexed like the schedule's ops. */
export function opDevices(s: Pick<Schedule, 'devices' | 'count' | 'deviceStart'>): Int32Array {
  const device = new Int32Array(s.count);
  for (let d = 0; d < s.devices; d++) device.fill(d, s.deviceStart[d], s.deviceStart[d + 1]);
  return device;
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
