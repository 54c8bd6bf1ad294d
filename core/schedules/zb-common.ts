import type { ConfigError, ScheduleConfig } from '../model/config';
import { OpKind } from '../model/ops';
import { type Schedule, ScheduleBuilder, type ScheduleShape } from '../model/schedule';
import { simulate } from '../sim/simulate';
import { assert } from '../util/assert';
import { positiveInt } from './generator';

/**
 * Shared machinery of the zero-bubble schedules (ZB-H1, ZB-H2, ZB-V).
 *
 * Every zero-bubble generator builds the published handcrafted order AND a few cost-aware greedy
 * orders (list scheduling on the configured per-device F/B/W/P2P costs, in the spirit of the
 * sail-sg/zero-bubble-pipeline-parallelism auto-scheduler: B as soon as its gradient arrives, F
 * while the memory budget allows, W into idle time), simulates each, and returns the one with the
 * lowest makespan; ties go to the published order. So a zero-bubble schedule is never slower than
 * the published one on the same costs, and never holds more activations than its budget.
 */

/** How stages map onto devices: a chain (stage d on device d) or a V (two stages per device). */
export interface Placement {
  shape: ScheduleShape;
  /** Device of each stage. */
  stageDevice: Int32Array;
  /** Chunk (model chunk on its device) of each stage. */
  stageChunk: Int32Array;
}

export function chainPlacement(name: string, P: number, m: number): Placement {
  const stageDevice = new Int32Array(P);
  for (let s = 0; s < P; s++) stageDevice[s] = s;
  return {
    shape: {
      name,
      devices: P,
      microbatches: m,
      chunksPerDevice: 1,
      stages: P,
      chunkShare: 1,
      paramMultiplier: 1,
    },
    stageDevice,
    stageChunk: new Int32Array(P),
  };
}

/** The V: chunk 0 of device d is stage d, chunk 1 is stage 2P - 1 - d; each chunk half a share. */
export function vPlacement(name: string, P: number, m: number): Placement {
  const S = 2 * P;
  const stageDevice = new Int32Array(S);
  const stageChunk = new Int32Array(S);
  for (let s = 0; s < S; s++) {
    stageDevice[s] = s < P ? s : S - 1 - s;
    stageChunk[s] = s < P ? 0 : 1;
  }
  return {
    shape: {
      name,
      devices: P,
      microbatches: m,
      chunksPerDevice: 2,
      stages: S,
      chunkShare: 0.5,
      paramMultiplier: 1,
    },
    stageDevice,
    stageChunk,
  };
}

/** Pushes ops of one device by (kind, microbatch, stage), deriving the chunk from the placement. */
export function pusher(b: ScheduleBuilder, pl: Placement) {
  return (kind: OpKind, mb: number, stage: number) =>
    b.push(pl.stageDevice[stage], kind, mb, pl.stageChunk[stage], stage);
}

// ---- config checks --------------------------------------------------------------------------

function finiteNonNegative(values: Float64Array, P: number, path: string, what: string): ConfigError[] {
  if (values.length !== P)
    return [{ path, message: `${what} needs one value per device (${P}); got ${values.length}` }];
  for (let d = 0; d < P; d++) {
    const v = values[d];
    if (!Number.isFinite(v) || v < 0)
      return [
        { path: `${path}[${d}]`, message: `${what} of device ${d} must be a finite time >= 0 ms (got ${v})` },
      ];
  }
  return [];
}

/** What every zero-bubble schedule needs of a config: a shape and usable costs. */
export function checkZeroBubbleConfig(c: ScheduleConfig): ConfigError[] {
  const errors = [
    ...positiveInt(c.devices, 'devices', 'devices'),
    ...positiveInt(c.microbatches, 'microbatches', 'micro-batches'),
  ];
  if (errors.length > 0) return errors;
  const P = c.devices;
  errors.push(
    ...finiteNonNegative(c.forward, P, 'costs.forward', 'forward time F'),
    ...finiteNonNegative(c.backwardInput, P, 'costs.backwardInput', 'input-gradient time B'),
    ...finiteNonNegative(c.backwardWeight, P, 'costs.backwardWeight', 'weight-gradient time W'),
  );
  if (!Number.isFinite(c.p2p) || c.p2p < 0)
    errors.push({
      path: 'p2p.time',
      message: `P2P transfer time must be a finite time >= 0 ms (got ${c.p2p})`,
    });
  return errors;
}

// ---- greedy cost-aware list scheduler --------------------------------------------------------

/** When a device has nothing ready and a W is pending. */
export type WPolicy = 'eager' | 'fit';

export interface GreedyOptions {
  /** Max activations in flight (F done, B not yet) per device, in chunk activations. */
  cap: Int32Array;
  /**
   * Max activations held (F done, W not yet: in flight plus the weight-gradient stashes of
   * deferred W) per device. A forward that would exceed it first runs a pending W.
   */
  heldCap: number;
  /**
   * V only: max (chunk-0 forwards - chunk-1 forwards) per device. Keeps room in memory for the
   * chunk-1 forwards the loss needs (without it, chunk-0 forwards could fill a device and deadlock).
   */
  lead: Int32Array | null;
  /**
   * 'eager': an idle device runs a pending W at once. 'fit': it runs one only where the W ends
   * before the earliest time its next F or B could arrive; otherwise it waits, and fills the gap
   * afterwards when the W fits before the input that actually arrived.
   */
  wPolicy: WPolicy;
}

/** Indexed binary min-heap of devices keyed by the next time each can act. */
class DeviceHeap {
  readonly key: Float64Array;
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  private n = 0;

  constructor(P: number) {
    this.key = new Float64Array(P);
    this.heap = new Int32Array(P);
    this.pos = new Int32Array(P).fill(-1);
  }

  get size(): number {
    return this.n;
  }

  private less(a: number, b: number): boolean {
    const ka = this.key[a];
    const kb = this.key[b];
    return ka < kb || (ka === kb && a < b);
  }

  private swap(i: number, j: number) {
    const a = this.heap[i];
    const b = this.heap[j];
    this.heap[i] = b;
    this.heap[j] = a;
    this.pos[b] = i;
    this.pos[a] = j;
  }

  private up(i: number) {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(this.heap[i], this.heap[p])) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number) {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < this.n && this.less(this.heap[l], this.heap[best])) best = l;
      if (r < this.n && this.less(this.heap[r], this.heap[best])) best = r;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }

  has(d: number): boolean {
    return this.pos[d] >= 0;
  }

  /** Inserts d, or moves it to the given key. */
  set(d: number, k: number) {
    if (this.pos[d] < 0) {
      this.key[d] = k;
      this.heap[this.n] = d;
      this.pos[d] = this.n++;
      this.up(this.n - 1);
      return;
    }
    const old = this.key[d];
    this.key[d] = k;
    if (k < old) this.up(this.pos[d]);
    else this.down(this.pos[d]);
  }

  pop(): number {
    const d = this.heap[0];
    this.n--;
    if (this.n > 0) {
      this.swap(0, this.n);
    }
    this.pos[d] = -1;
    if (this.n > 0) this.down(0);
    return d;
  }
}

/** A greedy order and its makespan under the config (the same rules as the simulator). */
export interface GreedyResult {
  schedule: Schedule;
  makespan: number;
}

/**
 * A cost-aware greedy order: each device, at the earliest time it can act, runs
 * 1. a pending W that ends before the input of its next F/B arrived (a gap already known idle),
 * 2. the oldest B whose gradient has arrived (the critical path), 3. the F whose input has arrived
 * (the stage nearest the loss first) while the memory cap allows, 4. else a W per `wPolicy`, or
 * waits. Time is exact for the config's costs (the simulator's rules). Returns null if the order
 * deadlocks (callers then keep the published order).
 */
export function greedyOrder(pl: Placement, c: ScheduleConfig, opt: GreedyOptions): GreedyResult | null {
  const { shape, stageDevice } = pl;
  const P = shape.devices;
  const m = shape.microbatches;
  const S = shape.stages;
  const share = shape.chunkShare;
  const p2p = c.p2p;

  // stages hosted by each device, nearest the loss (highest stage) first
  const hostedStart = new Int32Array(P + 1);
  for (let s = 0; s < S; s++) hostedStart[stageDevice[s] + 1]++;
  for (let d = 0; d < P; d++) hostedStart[d + 1] += hostedStart[d];
  const hosted = new Int32Array(S);
  {
    const cur = hostedStart.slice(0, P);
    for (let s = S - 1; s >= 0; s--) hosted[cur[stageDevice[s]]++] = s;
  }
  const fCost = new Float64Array(S);
  const bCost = new Float64Array(S);
  const wCost = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    const d = stageDevice[s];
    fCost[s] = c.forward[d] * share;
    bCost[s] = c.backwardInput[d] * share;
    wCost[s] = c.backwardWeight[d] * share;
  }
  // transfer time into stage s from s - 1 (forward) and from s + 1 (backward)
  const hop = (a: number, b: number) => (stageDevice[a] === stageDevice[b] ? 0 : p2p);

  const endF = new Float64Array(S * m).fill(-1);
  const endB = new Float64Array(S * m).fill(-1);
  const nextF = new Int32Array(S);
  const nextB = new Int32Array(S);
  const inflight = new Int32Array(P);
  const free = new Float64Array(P);
  const remaining = new Int32Array(P);
  // pending W per device: FIFO ring of (stage, microbatch)
  const wStage = new Int32Array(S * m);
  const wMb = new Int32Array(S * m);
  const wHead = new Int32Array(P);
  const wTail = new Int32Array(P);
  const wBase = new Int32Array(P);
  for (let d = 0; d < P; d++) {
    const stagesHere = hostedStart[d + 1] - hostedStart[d];
    remaining[d] = 3 * m * stagesHere;
    wBase[d] = hostedStart[d] * m;
    wHead[d] = wBase[d];
    wTail[d] = wBase[d];
  }
  const chunk0 = new Int32Array(P).fill(-1);
  const chunk1 = new Int32Array(P).fill(-1);
  for (let s = 0; s < S; s++) {
    if (pl.stageChunk[s] === 0) chunk0[stageDevice[s]] = s;
    else chunk1[stageDevice[s]] = s;
  }

  const b = new ScheduleBuilder(shape, 3 * S * m);
  const heap = new DeviceHeap(P);
  for (let d = 0; d < P; d++) if (remaining[d] > 0) heap.set(d, 0);

  /** Arrival time of the input of F(s, next), or -1 if its producer has not been placed. */
  const fArrival = (s: number): number => {
    const mb = nextF[s];
    if (s === 0) return 0;
    const e = endF[(s - 1) * m + mb];
    return e < 0 ? -1 : e + hop(s - 1, s);
  };
  const bArrival = (s: number): number => {
    const mb = nextB[s];
    if (s === S - 1) return endF[s * m + mb];
    const e = endB[(s + 1) * m + mb];
    return e < 0 ? -1 : e + hop(s + 1, s);
  };
  const fAllowed = (d: number, s: number): boolean => {
    if (nextF[s] >= m || inflight[d] >= opt.cap[d]) return false;
    if (opt.lead !== null && pl.stageChunk[s] === 0 && chunk1[d] >= 0) {
      if (nextF[s] - nextF[chunk1[d]] >= opt.lead[d]) return false;
    }
    return true;
  };
  const held = (d: number) => inflight[d] + wTail[d] - wHead[d];
  /** Lower bound on when the producer of a not-yet-placed input can deliver it. */
  const producerBound = (producerStage: number, consumerStage: number, cost: number, now: number) => {
    const e = stageDevice[producerStage];
    return Math.max(free[e], now) + cost + hop(producerStage, consumerStage);
  };

  const placeW = (d: number) => {
    const at = wHead[d]++;
    const s = wStage[at];
    b.push(d, OpKind.W, wMb[at], pl.stageChunk[s], s);
    free[d] += wCost[s];
    remaining[d]--;
  };
  /** Tells the device consuming a just-placed F/B when its input arrives. */
  const notify = (consumerStage: number, arrival: number, isForward: boolean, mb: number) => {
    if (consumerStage < 0 || consumerStage >= S) return;
    if ((isForward ? nextF[consumerStage] : nextB[consumerStage]) !== mb) return;
    const e = stageDevice[consumerStage];
    if (remaining[e] === 0) return;
    if (!heap.has(e) || heap.key[e] > arrival) heap.set(e, Math.max(arrival, free[e]));
  };

  while (heap.size > 0) {
    const d = heap.pop();
    if (remaining[d] === 0) continue;
    const now = Math.max(heap.key[d], free[d]);
    const h0 = hostedStart[d];
    const h1 = hostedStart[d + 1];

    // candidates ready by `now`, and the earliest known future arrival
    let readyB = -1;
    let readyBArrival = 0;
    let readyF = -1;
    let readyFArrival = 0;
    let heldBlocked = false;
    let nextKnown = Number.POSITIVE_INFINITY;
    let lowerBound = Number.POSITIVE_INFINITY;
    let hasWork = false;
    for (let h = h0; h < h1; h++) {
      const s = hosted[h];
      if (nextB[s] < nextF[s]) {
        hasWork = true;
        const a = bArrival(s);
        if (a >= 0 && a <= now) {
          if (readyB < 0 || nextB[s] < nextB[readyB]) {
            readyB = s;
            readyBArrival = a;
          }
        } else if (a >= 0) {
          if (a < nextKnown) nextKnown = a;
          if (a < lowerBound) lowerBound = a;
        } else {
          const lb = producerBound(s + 1, s, bCost[s + 1], now);
          if (lb < lowerBound) lowerBound = lb;
        }
      }
      if (nextF[s] < m) hasWork = true;
      if (fAllowed(d, s)) {
        const a = fArrival(s);
        if (a >= 0 && a <= now) {
          if (held(d) >= opt.heldCap) heldBlocked = true;
          else if (readyF < 0) {
            readyF = s;
            readyFArrival = a;
          }
        } else if (a >= 0) {
          if (a < nextKnown) nextKnown = a;
          if (a < lowerBound) lowerBound = a;
        } else {
          const lb = producerBound(s - 1, s, fCost[s - 1], now);
          if (lb < lowerBound) lowerBound = lb;
        }
      }
    }
    const pendingW = wTail[d] - wHead[d];

    if (readyB >= 0 || readyF >= 0) {
      const s = readyB >= 0 ? readyB : readyF;
      const arrival = readyB >= 0 ? readyBArrival : readyFArrival;
      // a W that fits entirely in the idle time before this input arrived
      if (pendingW > 0 && free[d] + wCost[wStage[wHead[d]]] <= arrival) {
        placeW(d);
        heap.set(d, now);
        continue;
      }
      const start = Math.max(free[d], arrival);
      if (readyB >= 0) {
        const mb = nextB[s]++;
        const end = start + bCost[s];
        endB[s * m + mb] = end;
        b.push(d, OpKind.B, mb, pl.stageChunk[s], s);
        inflight[d]--;
        wStage[wTail[d]] = s;
        wMb[wTail[d]++] = mb;
        free[d] = end;
        remaining[d]--;
        if (s > 0) notify(s - 1, end + hop(s, s - 1), false, mb);
      } else {
        const mb = nextF[s]++;
        const end = start + fCost[s];
        endF[s * m + mb] = end;
        b.push(d, OpKind.F, mb, pl.stageChunk[s], s);
        inflight[d]++;
        free[d] = end;
        remaining[d]--;
        if (s + 1 < S) notify(s + 1, end + hop(s, s + 1), true, mb);
      }
      if (remaining[d] > 0) heap.set(d, free[d]);
      continue;
    }

    if (pendingW > 0) {
      if (heldBlocked) {
        placeW(d);
        heap.set(d, free[d]);
        continue;
      }
      const fits = free[d] + wCost[wStage[wHead[d]]] <= lowerBound;
      if (!hasWork || opt.wPolicy === 'eager' || fits) {
        placeW(d);
        if (remaining[d] > 0) heap.set(d, free[d]);
        continue;
      }
    }
    // wait for the next known arrival; a producer placed later wakes this device (notify)
    if (Number.isFinite(nextKnown)) heap.set(d, nextKnown);
  }

  let makespan = 0;
  for (let d = 0; d < P; d++) {
    if (remaining[d] > 0) return null;
    if (free[d] > makespan) makespan = free[d];
  }
  return { schedule: b.build(), makespan };
}

// ---- evaluation and choice -------------------------------------------------------------------

/** Peak activations in flight (F done, B not yet) on each device, in chunk activations. */
export function peakInFlight(s: Schedule): Int32Array {
  const peak = new Int32Array(s.devices);
  for (let d = 0; d < s.devices; d++) {
    let cur = 0;
    let max = 0;
    for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++) {
      if (s.kind[i] === OpKind.F) cur++;
      else if (s.kind[i] === OpKind.B || s.kind[i] === OpKind.BW) cur--;
      if (cur > max) max = cur;
    }
    peak[d] = max;
  }
  return peak;
}

/** Peak activations held (F done, W not yet) on any device, in chunk activations. */
export function peakHeld(s: Schedule): number {
  let max = 0;
  for (let d = 0; d < s.devices; d++) {
    let cur = 0;
    for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++) {
      if (s.kind[i] === OpKind.F) cur++;
      else if (s.kind[i] === OpKind.W || s.kind[i] === OpKind.BW) cur--;
      if (cur > max) max = cur;
    }
  }
  return max;
}

/** Makespan of a schedule under the config's costs, or +Infinity if it cannot run. */
export function makespanOf(s: Schedule, c: ScheduleConfig): number {
  const r = simulate(s, c);
  return r.ok ? r.timeline.makespan : Number.POSITIVE_INFINITY;
}

/** Relative tolerance under which two makespans count as equal (float sums in different orders). */
const TIE = 1e-9;

/**
 * The candidate with the lowest makespan among those within `cap` (in flight) and `heldCap`; the
 * published order wins ties. Greedy candidates are ranked by the makespan their own timing model
 * gives; only the best is simulated, and the simulator's makespan decides against the published
 * order (which must run: it is the guarantee the others are judged by).
 */
export function bestOf(
  published: Schedule,
  others: (GreedyResult | null)[],
  c: ScheduleConfig,
  cap: Int32Array,
  heldCap: number,
): Schedule {
  const publishedTime = makespanOf(published, c);
  assert(Number.isFinite(publishedTime), `the published ${published.name} order must run`);
  let best: GreedyResult | null = null;
  for (const o of others) {
    if (o === null || (best !== null && o.makespan >= best.makespan)) continue;
    const peak = peakInFlight(o.schedule);
    let within = true;
    for (let d = 0; d < o.schedule.devices; d++) if (peak[d] > cap[d]) within = false;
    if (within && peakHeld(o.schedule) <= heldCap) best = o;
  }
  if (best === null || best.makespan >= publishedTime * (1 - TIE)) return published;
  const simulated = makespanOf(best.schedule, c);
  return simulated < publishedTime * (1 - TIE) ? best.schedule : published;
}

/**
 * Above this many ops only the published order is built: the search costs about 0.5 us per op per
 * greedy candidate plus two simulations (ZB-V at 64 devices x 1024 micro-batches, 393k ops: about
 * 1.2 s on the 2-core development machine).
 */
export const GREEDY_MAX_OPS = 400_000;

/**
 * The published single-chunk zero-bubble order (Qi et al., ICLR 2024, Fig. 3): stage s runs
 * warmup(s) forwards, then for every micro-batch j its B, the W of micro-batch j - lag(s), and the
 * next forward; the last lag(s) W run at the end. ZB-H1 and ZB-H2 differ only in warm-up and lag.
 */
export function laggedWOrder(
  name: 'zb-h1' | 'zb-h2',
  P: number,
  m: number,
  warmupOf: (stage: number) => number,
  lagOf: (stage: number) => number,
): Schedule {
  const b = new ScheduleBuilder(chainPlacement(name, P, m).shape, 3 * P * m);
  for (let s = 0; s < P; s++) {
    const warmup = warmupOf(s);
    const lag = lagOf(s);
    for (let i = 0; i < warmup; i++) b.push(s, OpKind.F, i, 0, s);
    for (let j = 0; j < m; j++) {
      b.push(s, OpKind.B, j, 0, s);
      if (j >= lag) b.push(s, OpKind.W, j - lag, 0, s);
      if (j + warmup < m) b.push(s, OpKind.F, j + warmup, 0, s);
    }
    for (let i = Math.max(0, m - lag); i < m; i++) b.push(s, OpKind.W, i, 0, s);
  }
  return b.build();
}
