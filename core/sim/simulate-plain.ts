import { NO_PAIR, OpKind } from '../model/ops';
import { deviceOfOp, type Schedule } from '../model/schedule';
import type { SimInput } from './sim-input';
import { type SimOptions, scratchBuffer } from './sim-options';
import type { Timeline } from './timeline';

/**
 * The fast run for the common case: every op is one compute block and transfers do not occupy a
 * stream (no chunk parts, no `p2pOccupiesComm`). It gives exactly the timeline simulateGeneral()
 * gives: the same start, end, waitedFor and makespan, bit for bit, and the same transfers (listed
 * by receiving op, device by device, where the general walk lists them as they complete).
 *
 * It returns null when the order is not clean (an op outside the ranges, an op run twice or never,
 * a W without its split B, a deadlock), or the input is outside what it handles (negative costs,
 * more than 2^26 ops): simulate() then runs the general walk, which also says what is wrong.
 *
 * Four passes (docs/simulator-and-metrics.md, "Speed"):
 *  1. claim, in op order: check each op and enter it in an index by (stage, micro-batch, slot);
 *     count the kinds, so that complete orders are known before anything runs;
 *  2. link, device by device: each op's producer (the op its input comes from) as an op index,
 *     whether the input comes by transfer (from another device), and which pairs run overlapped,
 *     packed into one int per op (bits 0-1 kind, 4 overlapped with the next op, 8 input by
 *     transfer, producer << 4; an op without input gets 2n, whose end stays 0, so the walk need
 *     not ask). Each transfer's ops are listed here, so the replay only times them;
 *  3. the walk, which computes only ends: each device runs its ops in order while their
 *     producers have ended (an end of -1 means not yet). It visits the devices in sweeps, up
 *     from device 0 and then down from device P - 1, while that keeps most of them busy: the
 *     visits then go through the devices' columns in one regular stride, and nobody waits in a
 *     list. Alternating matters: forwards flow up the devices and backwards down, and a sweep
 *     carries a chain across every device only in its own direction (with up-sweeps alone,
 *     1F1B's backwards moved one device per sweep, the sweeps stalled after the warm-up, and a
 *     million-op walk took twice as long on wake lists). When a sweep leaves most devices idle,
 *     it falls back to wake lists (a stopped device is woken when the device it waits on has
 *     moved past the op it needs), so a long chain of waits costs O(ops), not O(ops x devices);
 *  4. replay, device by device: start, waitedFor and the transfers' times from the ends.
 * The walk is the pass that jumps between devices, so it is kept to the fewest reads and writes.
 */

/** Ops beyond this go to the general walk (a producer's index, up to 2n, is packed into 28 bits). */
const MAX_OPS = 1 << 26;

/** The first `count` elements: a view when little would be wasted, else a compact copy. */
export function trimmed<T extends Int32Array | Uint8Array | Float64Array>(a: T, count: number): T {
  return (count === a.length ? a : count >= a.length * 0.75 ? a.subarray(0, count) : a.slice(0, count)) as T;
}

/** What advance() reads and writes: one run's columns and per-device state. */
interface Run {
  schedule: Schedule;
  deviceStart: Int32Array;
  link: Int32Array;
  end: Float64Array;
  cost: Float64Array;
  p2p: number;
  cursor: Int32Array;
  free: Float64Array;
  needs: Int32Array;
}

/** Op costs by (device, kind), cost[d * 4 + kind]: the device's share x the schedule's chunkShare. */
export function costTable(schedule: Schedule, input: SimInput): Float64Array {
  const share = schedule.chunkShare;
  const cost = new Float64Array(schedule.devices * 4);
  for (let d = 0; d < schedule.devices; d++) {
    cost[d * 4 + OpKind.F] = share * input.forward[d];
    cost[d * 4 + OpKind.B] = share * input.backwardInput[d];
    cost[d * 4 + OpKind.W] = share * input.backwardWeight[d];
    cost[d * 4 + OpKind.BW] = share * (input.backwardInput[d] + input.backwardWeight[d]);
  }
  return cost;
}

export function simulatePlain(schedule: Schedule, input: SimInput, options?: SimOptions): Timeline | null {
  const { devices: P, microbatches: m, stages: S, count: n } = schedule;
  const { deviceStart, kind, microbatch, stage, pair } = schedule;
  const keys = m * S * 3;
  // (per-stage costs from a layout: the general walk, whose costs are looked up per op)
  if (n >= MAX_OPS || keys >= MAX_OPS || P < 1 || input.stageCosts) return null;
  const p2p = input.p2p;
  if (!(p2p >= 0)) return null;
  const cost = costTable(schedule, input);
  for (let c = 0; c < P * 4; c++) if (!(cost[c] >= 0 && cost[c] < Infinity)) return null;

  // ---- 1. claim -------------------------------------------------------------------------------
  // Working space (the caller's scratch when given): each op's link in [0, n), written before it
  // is read, then the index in [n, n + keys), filled with -1 here: the op with key `key` is at
  // n + key, key = (stage * m + micro-batch) * 3 + slot, slot 0 for F, 1 for B or BW, 2 for W.
  // One array rather than two, for the reason the timeline's columns share buffers (see pass 2).
  // link[i]: pass 1 leaves op i's input key + 1 (0: none) << 2 | kind; pass 2 its link.
  const link = new Int32Array(scratchBuffer(options, (n + keys) * 4), 0, n + keys).fill(-1, n, n + keys);
  let splitBackwards = 0;
  let weights = 0;
  const lastStage = S - 1;
  for (let i = 0; i < n; i++) {
    const k = kind[i];
    const mb = microbatch[i];
    const s = stage[i];
    if (mb >>> 0 >= m || s >>> 0 >= S || k > 3) return null; // (kinds: F 0, B 1, W 2, BW 3)
    const key = (s * m + mb) * 3;
    let own = key;
    let from: number; // input key + 1
    if (k === 0) {
      from = s === 0 ? 0 : key - 3 * m + 1;
    } else if (k === 2) {
      own = key + 2;
      from = key + 2; // its own B: (key + 1) + 1
      weights++;
    } else {
      own = key + 1;
      from = s === lastStage ? key + 1 : key + 3 * m + 2;
      if (k === 1) splitBackwards++;
    }
    if (link[n + own] !== -1) return null; // runs twice
    link[n + own] = i;
    link[i] = (from << 2) | k;
  }
  // No op runs twice, so at most one F and one B or BW per cell: n - weights = 2 x cells means
  // every cell has both; and a W exactly for each split B (checked below per W).
  if (n - weights !== 2 * m * S || weights !== splitBackwards) return null;

  // ---- 2. link --------------------------------------------------------------------------------
  // The int columns of the timeline share one buffer: waitedFor [0, n), the transfers' fromOp
  // from n and toOp from 2n. (Each typed array a loop touches costs V8 a map check and reloads of
  // its length and data pointer per access; one array for several columns saves those.)
  const ints = new Int32Array(3 * n);
  const none = 2 * n; // the producer of an op without input: its "end", times[2n], stays 0
  let transfers = 0;
  for (let d = 0; d < P; d++) {
    const last = deviceStart[d + 1];
    const lo = deviceStart[d];
    let second = false; // op i runs as the second of an overlapped pair
    for (let i = lo; i < last; i++) {
      const v = link[i];
      const k = v & 3;
      const from = v >> 2;
      let producer = none;
      let bits = k;
      if (from > 0) {
        producer = link[n + from - 1];
        if (producer < 0) return null; // never runs (cannot happen when complete, kept for safety)
        if (k === 2 && kind[producer] !== 1) return null; // W after a full backward
        if (producer < lo || producer >= last) {
          // from another device: a transfer, listed here, timed by the replay
          bits |= 8;
          ints[n + transfers] = producer;
          ints[2 * n + transfers++] = i;
        }
      }
      bits |= producer << 4;
      if (!second) {
        const p = pair[i];
        // An F and a B or BW next to each other with one pair number run overlapped, unless the
        // second needs the first. (link[i + 1] still holds pass 1's input key and kind.)
        if (p !== NO_PAIR && i + 1 < last && pair[i + 1] === p) {
          const next = link[i + 1];
          const kn = next & 3;
          const forwardAndBackward = k !== 2 && kn !== 2 && (k === 0) !== (kn === 0);
          if (forwardAndBackward && (next >> 2 === 0 || link[n + (next >> 2) - 1] !== i)) {
            bits |= 4;
            second = true;
          }
        }
      } else second = false;
      link[i] = bits;
    }
  }

  // ---- 3. the walk: every op's end ------------------------------------------------------------
  // Ends and starts share one buffer: end [0, n), start [n, 2n), then one 0 that stands for the
  // end of the producer of an op without input. An end is -1 until the op has run: an op whose
  // producer's end is negative waits.
  const times = new Float64Array(2 * n + 1);
  const end = times.fill(-1, 0, n);
  const cursor = deviceStart.slice(0, P);
  const free = new Float64Array(P);
  /** The op a stopped device waits for. */
  const needs = new Int32Array(P).fill(-1);
  const run: Run = { schedule, deviceStart, link, end, cost, p2p, cursor, free, needs };

  // Sweeps, alternately up and down, while a sweep runs at least P/4 ops (so idle visits cost at
  // most 4 per op).
  let unfinished = P;
  let sweeps = 0;
  for (let up = true; ; up = !up) {
    let ran = 0;
    unfinished = 0;
    for (let k = 0; k < P; k++) {
      const d = up ? k : P - 1 - k;
      const last = deviceStart[d + 1];
      const at = cursor[d];
      if (at === last) continue;
      const next = advance(run, d, at, last);
      ran += next - at;
      if (next < last) unfinished++;
    }
    sweeps++;
    if (unfinished === 0 || ran === 0 || ran * 4 < P) break;
  }
  if (options?.stats) {
    options.stats.walk = 'plain';
    options.stats.sweeps = sweeps;
    options.stats.wakeLists = unfinished > 0;
  }
  if (unfinished > 0 && !runWithWakeLists(run, P)) return null; // deadlock

  // ---- 4. replay, device by device: start, waitedFor and transfers from the ends ---------------
  // Each op starts when its stream is free and its input is there: the same values the walk
  // compared, so the same start. A transfer is recorded where an input crosses to another device.
  // (the transfers' start and end times share one buffer too: start [0, T), end [T, 2T))
  const T = transfers;
  const tTimes = new Float64Array(2 * T);
  ints.fill(-1, 0, n); // waitedFor
  let c = 0; // transfers timed so far, in the order pass 2 listed them
  let makespan = 0;
  for (let d = 0; d < P; d++) {
    const lo = deviceStart[d];
    const hi = deviceStart[d + 1];
    let t = 0;
    for (let i = lo; i < hi; i++) {
      const v = link[i];
      const p = v >> 4;
      let r1 = times[p];
      if ((v & 8) !== 0) {
        tTimes[c] = r1;
        r1 += p2p;
        tTimes[T + c++] = r1;
      }
      if ((v & 4) === 0) {
        if (r1 > t) {
          t = r1;
          ints[i] = p; // waitedFor
        }
        times[n + i] = t; // start
        t = times[i];
        continue;
      }
      // an overlapped pair: issued once both inputs are there, then back to back
      const j = i + 1;
      const w = link[j];
      const q = w >> 4;
      let r2 = times[q];
      if ((w & 8) !== 0) {
        tTimes[c] = r2;
        r2 += p2p;
        tTimes[T + c++] = r2;
      }
      if (r1 > t) {
        t = r1;
        ints[i] = p;
      }
      if (r2 > t) {
        t = r2;
        ints[i] = -1;
        ints[j] = q;
      }
      times[n + i] = t;
      times[n + j] = times[i];
      t = times[j];
      i = j;
    }
    if (t > makespan) makespan = t;
  }

  return {
    schedule,
    start: times.subarray(n, 2 * n),
    end: times.subarray(0, n),
    waitedFor: ints.subarray(0, n),
    makespan,
    parts: null,
    transfers: {
      count: transfers,
      fromOp: ints.subarray(n, n + T),
      toOp: ints.subarray(2 * n, 2 * n + T),
      start: tTimes.subarray(0, T),
      end: tTimes.subarray(T),
      byConsumer: true,
    },
  };
}

/**
 * Device d runs its ops in order, from its cursor `from` (the caller has it at hand) up to its
 * last op before `hi`, until one's input is not there. Returns the new cursor (also left in
 * cursor[d]), and leaves in needs[d] the op it waits for (-1 when it has run them all). Only
 * ends are computed here; the replay derives the rest. (Link bits are written out as numbers:
 * this is the hottest loop.)
 */
function advance(run: Run, d: number, from: number, hi: number): number {
  const { link, end, cost, cursor, free, needs, p2p } = run;
  const costAt = d * 4;
  let t = free[d];
  let i = from;
  let waitFor = -1;
  while (i < hi) {
    const v = link[i];
    const p = v >> 4; // producer
    let r1 = end[p];
    if (r1 < 0) {
      waitFor = p;
      break;
    }
    if ((v & 8) !== 0) r1 += p2p; // a transfer from another device
    if ((v & 4) === 0) {
      if (r1 > t) t = r1;
      t += cost[costAt + (v & 3)];
      end[i] = t;
      i++;
      continue;
    }
    // An overlapped pair: issued once both inputs are there; without parts, back to back.
    const w = link[i + 1];
    const q = w >> 4;
    let r2 = end[q];
    if (r2 < 0) {
      waitFor = q;
      break;
    }
    if ((w & 8) !== 0) r2 += p2p;
    if (r1 > t) t = r1;
    if (r2 > t) t = r2;
    t += cost[costAt + (v & 3)];
    end[i] = t;
    t += cost[costAt + (w & 3)];
    end[i + 1] = t;
    i += 2;
  }
  cursor[d] = i;
  free[d] = t;
  needs[d] = waitFor;
  return i;
}

/**
 * Runs the devices still unfinished after the sweeps, each woken when the device running the op
 * it needs has moved past that op. False when some device can never finish (a deadlock).
 */
function runWithWakeLists(run: Run, P: number): boolean {
  const { deviceStart, cursor, needs } = run;
  const head = new Int32Array(P).fill(-1); // per device q: the last device waiting on q
  const nextWaiter = new Int32Array(P).fill(-1);
  const ready = new Int32Array(P);
  let top = 0;
  // a stopped device d goes to the ready stack, or waits in the list of the device it needs
  const park = (d: number): void => {
    const q = deviceOfOp(run.schedule, needs[d]);
    if (needs[d] < cursor[q]) ready[top++] = d;
    else {
      nextWaiter[d] = head[q];
      head[q] = d;
    }
  };
  for (let d = 0; d < P; d++) if (cursor[d] < deviceStart[d + 1]) park(d);
  while (top > 0) {
    const d = ready[--top];
    const last = deviceStart[d + 1];
    if (advance(run, d, cursor[d], last) < last) park(d);
    // wake the devices waiting on d that it has now moved past
    let keep = -1;
    for (let w = head[d]; w >= 0; ) {
      const after = nextWaiter[w];
      if (needs[w] < cursor[d]) ready[top++] = w;
      else {
        nextWaiter[w] = keep;
        keep = w;
      }
      w = after;
    }
    head[d] = keep;
  }
  for (let d = 0; d < P; d++) if (cursor[d] < deviceStart[d + 1]) return false;
  return true;
}
