import { OpKind } from '../model/ops';
import { type Schedule, deviceOfOpIn } from '../model/schedule';
import type { Ms } from '../model/units';
import { PART_NAMES, type PartName, Stream, type Timeline } from '../sim/timeline';
import {
  deviceOfOps,
  inputTransfers,
  pairPartner,
  pairPartnerIn,
  rowEndingAt,
  transferInto,
} from './timeline-links';

/** What a stretch of the critical path is. */
export const PathSegmentKind = { COMPUTE: 0, COMM: 1, P2P: 2, WAIT: 3 } as const;
export type PathSegmentKind = (typeof PathSegmentKind)[keyof typeof PathSegmentKind];

/**
 * The critical path: the chain of ops, communication parts and transfers whose durations (and
 * the waits between them) add up to the makespan, found by walking back from the op that ends
 * last along what set each one's start (docs/simulator-and-metrics.md, "Critical path").
 * Shortening anything off it does not shorten the iteration; shortening it does, until another
 * chain becomes the longest.
 */
export interface CriticalPath {
  /** = the makespan. */
  length: Ms;
  /** Computation on it: ops without parts, compute parts. */
  compute: Ms;
  /** Communication parts (dispatch, combine) on it: all-to-all that nothing hides from the iteration. */
  exposedComm: Ms;
  /** P2P transfers on it (and P2P parts on a communication stream). */
  p2p: Ms;
  /**
   * Time on it when a transfer was queued behind its sender's communication stream. (On a timeline
   * the simulator did not make, also any start later than everything it waits for.)
   */
  wait: Ms;
  /** The ops it runs through, each once, in the order the path first enters them. */
  ops: Int32Array;
  /** For each of `ops`: its device, and its position among that device's ops (the timeline's per-device index). */
  opDevice: Int32Array;
  opIndex: Int32Array;
  /** The stages and devices it crosses, ascending. */
  stages: number[];
  devices: number[];
  /**
   * Its stretches in time order, contiguous from 0 to the makespan: kind (PathSegmentKind), start,
   * end, the op (for P2P and WAIT: the op that sent the transfer) and `ref`: for COMPUTE and COMM
   * with parts the part's row in timeline.parts (-1 for a whole op without parts); for P2P and
   * WAIT the op that received the transfer (the transfer is the one from `op` to `ref`).
   */
  segments: {
    count: number;
    kind: Uint8Array;
    start: Float64Array;
    end: Float64Array;
    op: Int32Array;
    ref: Int32Array;
  };
}

/**
 * A growable list of segments, written backwards (the walk goes from the end to the start): each
 * push goes before the previous one, from the end of the columns towards their start, so the
 * result is the filled tail, already in time order. Sized for the walk's usual length up front
 * (`capacity`); it doubles when a walk is longer.
 */
class SegmentList {
  count = 0;
  capacity = 0;
  kind = new Uint8Array(0);
  start = new Float64Array(0);
  end = new Float64Array(0);
  op = new Int32Array(0);
  ref = new Int32Array(0);
  /** The ops entered, written backwards too. */
  ops = new Int32Array(0);
  opCount = 0;
  sums = new Float64Array(4);

  /** Empties the list for a new walk, with room for at least `capacity` segments. */
  reset(capacity: number) {
    this.count = 0;
    this.opCount = 0;
    this.sums.fill(0);
    if (this.capacity >= capacity && this.ops.length >= capacity) return;
    this.capacity = capacity;
    this.kind = new Uint8Array(capacity);
    this.start = new Float64Array(capacity);
    this.end = new Float64Array(capacity);
    this.op = new Int32Array(capacity);
    this.ref = new Int32Array(capacity);
    this.ops = new Int32Array(capacity);
  }

  push(kind: PathSegmentKind, start: Ms, end: Ms, op: number, ref: number) {
    if (end <= start) return;
    if (this.count === this.capacity) this.grow();
    const k = this.capacity - ++this.count;
    this.kind[k] = kind;
    this.start[k] = start;
    this.end[k] = end;
    this.op[k] = op;
    this.ref[k] = ref;
    this.sums[kind] += end - start;
  }

  visit(op: number) {
    const n = this.ops.length;
    if (this.opCount > 0 && this.ops[n - this.opCount] === op) return;
    if (this.opCount === n) this.ops = grownAtEnd(this.ops, this.opCount);
    this.ops[this.ops.length - ++this.opCount] = op;
  }

  private grow() {
    const n = this.count;
    this.kind = grownAtEnd(this.kind, n);
    this.start = grownAtEnd(this.start, n);
    this.end = grownAtEnd(this.end, n);
    this.op = grownAtEnd(this.op, n);
    this.ref = grownAtEnd(this.ref, n);
    this.capacity = this.kind.length;
  }

  /**
   * The path from the list, and for the walk without parts from its chain (its first `steps`
   * steps): that walk enters each op once, and recorded each one's device and stage, so no column
   * is read again here.
   */
  result(t: Timeline, cols: OpColumns, chain: Chain | null, steps: number): CriticalPath {
    const n = this.count;
    const { devices, deviceStart, stages, stage } = cols;
    const tail = <T extends Uint8Array | Float64Array | Int32Array>(a: T, len: number): T =>
      a.slice(a.length - len) as T;
    const stageSeen = new Uint8Array(stages);
    const deviceSeen = new Uint8Array(devices);
    let ops: Int32Array;
    let opDevice: Int32Array;
    let opIndex: Int32Array;
    if (chain) {
      // the chain runs back in time: its last step is the path's first op
      ops = new Int32Array(steps);
      opDevice = new Int32Array(steps);
      opIndex = new Int32Array(steps);
      for (let k = 0; k < steps; k++) {
        const j = steps - 1 - k;
        const o = chain.op[j];
        const d = chain.device[j];
        stageSeen[chain.stage[j]] = 1;
        deviceSeen[d] = 1;
        ops[k] = o;
        opDevice[k] = d;
        opIndex[k] = o - deviceStart[d];
      }
    } else {
      // With parts a pair's parts interleave, so an op can be entered more than once: keep its
      // first visit in time.
      const visits = tail(this.ops, this.opCount);
      const seen = new Set<number>();
      ops = visits.filter((o) => !seen.has(o) && seen.add(o) !== undefined);
      opDevice = new Int32Array(ops.length);
      opIndex = new Int32Array(ops.length);
      let d = -1;
      for (let k = 0; k < ops.length; k++) {
        const o = ops[k];
        d = deviceOfOpIn(deviceStart, devices, o, d);
        stageSeen[stage[o]] = 1;
        deviceSeen[d] = 1;
        opDevice[k] = d;
        opIndex[k] = o - deviceStart[d];
      }
    }
    const marked = (seen: Uint8Array) => {
      const out: number[] = [];
      for (let i = 0; i < seen.length; i++) if (seen[i]) out.push(i);
      return out;
    };
    return {
      length: t.makespan,
      compute: this.sums[PathSegmentKind.COMPUTE],
      exposedComm: this.sums[PathSegmentKind.COMM],
      p2p: this.sums[PathSegmentKind.P2P],
      wait: this.sums[PathSegmentKind.WAIT],
      ops,
      opDevice,
      opIndex,
      stages: marked(stageSeen),
      devices: marked(deviceSeen),
      segments: {
        count: n,
        kind: tail(this.kind, n),
        start: tail(this.start, n),
        end: tail(this.end, n),
        op: tail(this.op, n),
        ref: tail(this.ref, n),
      },
    };
  }
}

/**
 * The one list every walk writes (walks are synchronous and never nested), reset by each: kept for
 * good, so that optimised code that uses it is not thrown away when a walk's list is collected
 * (which, with a new list per walk, happened at nearly every walk of a large timeline, each then
 * running unoptimised).
 */
const LIST = new SegmentList();

/** A column twice as long with a's last `used` values at its end (a list written backwards grows so). */
function grownAtEnd<T extends Float64Array | Int32Array | Uint8Array>(a: T, used: number): T {
  const b = new (a.constructor as new (length: number) => T)(Math.max(16, a.length * 2));
  b.set(a.subarray(a.length - used), b.length - used);
  return b;
}

/**
 * The schedule's columns the walk without parts reads, in an object of our own: schedules from
 * different generate() calls do not share one hidden class, and optimised code that reads their
 * fields is thrown away at each new one (see pairPartnerIn), so the hot functions read these.
 */
interface OpColumns {
  devices: number;
  count: number;
  stages: number;
  deviceStart: Int32Array;
  stage: Int32Array;
  pair: Int32Array;
}

function opColumns(s: Schedule): OpColumns {
  return {
    devices: s.devices,
    count: s.count,
    stages: s.stages,
    deviceStart: s.deviceStart,
    stage: s.stage,
    pair: s.pair,
  };
}

/**
 * The op that ends last: on each device the op with the latest end (the last in its order among
 * equal ends), and of those the first device's on a tie; -1 for an empty timeline. Without parts a
 * device's ops end in order, so its last op is the one.
 */
function lastOp(t: Timeline, cols: OpColumns): number {
  const { devices, deviceStart } = cols;
  let best = -1;
  let e = Number.NEGATIVE_INFINITY;
  for (let d = 0; d < devices; d++) {
    const first = deviceStart[d];
    const last = deviceStart[d + 1];
    if (last === first) continue;
    let i = last - 1;
    if (t.parts) for (let j = last - 2; j >= first; j--) if (t.end[j] > t.end[i]) i = j;
    if (t.end[i] > e) {
      e = t.end[i];
      best = i;
    }
  }
  return best;
}

/**
 * The critical path of a simulated timeline. Without parts O(devices + path): no pass over the
 * ops; with parts O(ops + parts) to index them first. `p2pOccupiesComm: false` (the scenario's
 * setting) says no transfer ever queued, so a transfer starts when its sender ends and the walk
 * need not look it up (which, at a million ops, is most of its cost: a search and its cache misses
 * per step); when it is absent the transfers are looked up.
 */
export function criticalPath(t: Timeline, options: { p2pOccupiesComm?: boolean } = {}): CriticalPath {
  const cols = opColumns(t.schedule);
  const list = LIST;
  list.reset(segmentEstimate(cols, t.parts ? t.parts.count : 0));
  const last = lastOp(t, cols);
  if (last < 0 || t.parts) {
    if (last >= 0) walkParts(t, last, list);
    return list.result(t, cols, null, 0);
  }
  const steps = walkOps(t, cols, last, list, options.p2pOccupiesComm !== false);
  return list.result(t, cols, CHAIN, steps);
}

/**
 * How many segments a walk usually makes, so that its list need not grow: about as many ops (or
 * parts) as one device runs, each with its computation and often a transfer to it (a pipeline's
 * path hands over between neighbouring devices at most ops), plus the warm-up and cool-down.
 */
function segmentEstimate(cols: OpColumns, parts: number): number {
  const perDevice = Math.ceil((parts > 0 ? parts : cols.count) / Math.max(1, cols.devices));
  return Math.min(2 * (cols.count + parts) + 16, 2 * perDevice + 8 * cols.devices + 64);
}

/**
 * Without parts an op starts at the later of its stream becoming free (the end of the previous op
 * on its device) and its input arriving: so the walk goes to the previous op when the op starts
 * right at its end, and otherwise to the producer of the input that arrived last (waitedFor),
 * through its transfer. Inputs from the op's own device never set a start (their producer ran
 * earlier on the same stream). Returns the length of the chain it leaves in CHAIN.
 */
function walkOps(t: Timeline, s: OpColumns, from: number, list: SegmentList, mayQueue: boolean): number {
  const tr = t.transfers;
  const chain = CHAIN;
  const { start, end, waitedFor } = t;
  const n = chaseOps(start, end, waitedFor, s.deviceStart, s.stage, s.pair, s.devices, s.count, from, chain);
  segmentsOfChain(end, s.deviceStart, tr.start, tr.end, mayQueue ? transferInto(t) : null, chain, n, list);
  return n;
}

/**
 * The chain of the walk without parts, from the op that ends last back to one that started at 0:
 * for each step its op, the op's device, stage, start and end, and how the walk left it: to the
 * previous op on its device (STREAM), to a producer through the input of `via` (the op itself or
 * its pair partner), or to the previous op after a start that nothing explains (NONE). Kept for
 * good and grown as needed, like LIST.
 */
const STREAM = -1;
const NONE = -2;
class Chain {
  op = new Int32Array(0);
  device = new Int32Array(0);
  stage = new Int32Array(0);
  via = new Int32Array(0);
  start = new Float64Array(0);
  end = new Float64Array(0);

  /** The columns twice as long (at least 1024), keeping the first `used` steps. */
  grow(used: number): void {
    const size = Math.max(1024, 2 * this.op.length);
    const grown = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (length: number) => T)(size);
      b.set(a.subarray(0, used));
      return b;
    };
    this.op = grown(this.op);
    this.device = grown(this.device);
    this.stage = grown(this.stage);
    this.via = grown(this.via);
    this.start = grown(this.start);
    this.end = grown(this.end);
  }
}
const CHAIN = new Chain();

/**
 * walkOps in two passes. The first follows the chain back through time and records it with what
 * the segments and the result need of each op (chaseOps). The second makes the segments from that
 * record alone (segmentsOfChain). At a million ops a path op's columns are far apart, each load of
 * them a cache miss and, since the path crosses devices at most steps, a TLB miss: this way each
 * op's columns are read once, in one step, whose loads (but the one that finds the next op) the
 * processor overlaps. Both loops read the columns alone, with no object but the list and the chain:
 * when the walk read fields of the timeline and the schedule, V8 threw its optimised code away at
 * nearly every garbage collection after a large timeline ("marking dependent code ... reason: weak
 * objects" in node --trace-deopt), so that where a collection comes between two analyses, as in the
 * app, the walk of a million-op timeline ran unoptimised for its first dozen or so calls: 5-20 ms
 * instead of 1.5-2.
 */
function segmentsOfChain(
  end: Float64Array,
  deviceStart: Int32Array,
  transferStart: Float64Array,
  transferEnd: Float64Array,
  into: ((op: number, device: number) => number) | null,
  chain: Chain,
  n: number,
  list: SegmentList,
): void {
  const { op, device, via, start: opStart, end: opEnd } = chain;
  let at = opStart[0];
  for (let k = 0; k < n; k++) {
    const x = op[k];
    at = opStart[k];
    list.push(PathSegmentKind.COMPUTE, at, opEnd[k], x, -1);
    const consumer = via[k];
    if (consumer === STREAM) continue;
    if (consumer === NONE) {
      // (only on a timeline the simulator did not make: it started later than anything it waits for)
      const free = x > deviceStart[device[k]] ? end[x - 1] : 0;
      list.push(PathSegmentKind.WAIT, free, at, x, x);
      at = free;
      continue;
    }
    // the producer is the chain's next op
    const producer = op[k + 1];
    const produced = opEnd[k + 1];
    let sent = produced;
    if (into) {
      // the transfer may have queued behind its sender's communication stream
      const j = into(consumer, device[k]);
      if (j >= 0 && transferEnd[j] === at) sent = transferStart[j];
    }
    list.push(PathSegmentKind.P2P, sent, at, producer, consumer);
    list.push(PathSegmentKind.WAIT, produced, sent, producer, consumer);
  }
  list.push(PathSegmentKind.WAIT, 0, at, -1, -1); // nothing on a timeline the simulator made
}

/**
 * The first pass of walkOps: records the chain in `chain` and returns its length. An op
 * starts at the later of its stream becoming free and its input arriving: the walk goes to the
 * previous op when the op starts right at that one's end, and otherwise to the producer of the
 * input that arrived last (waitedFor: the op's, or for a pair its partner's). A producer ends
 * before its consumer starts, so the chain has at most one step per op (and the bound stops a walk
 * on a timeline that would not end). Only waitedFor's load decides where the next step is; the
 * others of a step are independent of one another.
 */
function chaseOps(
  start: Float64Array,
  end: Float64Array,
  waitedFor: Int32Array,
  deviceStart: Int32Array,
  stage: Int32Array,
  pair: Int32Array,
  devices: number,
  count: number,
  from: number,
  chain: Chain,
): number {
  const limit = 2 * count + 1;
  let { op, device, via, start: opStart, end: opEnd } = chain;
  let opStage = chain.stage;
  let n = 0;
  let x = from;
  let d = deviceOfOpIn(deviceStart, devices, x);
  for (let step = 0; step < limit; step++) {
    if (n === op.length) {
      chain.grow(n);
      ({ op, device, via, start: opStart, end: opEnd } = chain);
      opStage = chain.stage;
    }
    const first = deviceStart[d];
    const at = start[x];
    const free = x > first ? end[x - 1] : 0;
    op[n] = x;
    device[n] = d;
    opStage[n] = stage[x];
    opStart[n] = at;
    opEnd[n] = end[x];
    if (at <= free) {
      via[n++] = STREAM;
      if (x === first) break; // starts at 0 with nothing before it
      x--;
      continue;
    }
    // the input that arrived last (the simulator's waitedFor: this op's, or for a pair its partner's)
    const consumer = waitedFor[x] >= 0 ? x : pairPartnerIn(pair, x, first, deviceStart[d + 1]);
    const producer = consumer >= 0 ? waitedFor[consumer] : -1;
    if (producer < 0) {
      via[n++] = NONE;
      if (x === first) break;
      x--;
      continue;
    }
    via[n++] = consumer;
    x = producer;
    d = deviceOfOpIn(deviceStart, devices, x, d);
  }
  return n;
}

/** For each part name, the part of the same chunk it waits for (docs/overlap.md), or -1. */
const PART_DEPENDENCY: Int8Array = (() => {
  const dep: Partial<Record<PartName, PartName>> = {
    dispatch: 'attention',
    mlp: 'dispatch',
    combine: 'mlp',
    'mlp-input-grad': 'combine-backward',
    'mlp-weight-grad': 'combine-backward',
    'dispatch-backward': 'mlp-input-grad',
    'attention-input-grad': 'dispatch-backward',
    'attention-weight-grad': 'dispatch-backward',
  };
  const out = new Int8Array(PART_NAMES.length).fill(-1);
  PART_NAMES.forEach((name, k) => {
    const d = dep[name];
    if (d) out[k] = PART_NAMES.indexOf(d);
  });
  return out;
})();

const P2P_PART = PART_NAMES.indexOf('p2p');

/**
 * With parts, a part starts at the latest of: its stream becoming free (the end of the previous
 * part on that stream of its device), the end of the part of its chunk it depends on (absent
 * parts, of zero length or not in the op, pass the dependency on), and, for a part with no such
 * part, its unit's issue (when the unit's last input arrived). The walk goes to whichever of those
 * ends exactly at the part's start.
 */
function walkParts(t: Timeline, from: number, list: SegmentList): void {
  const parts = t.parts!;
  const s = t.schedule;
  const n = s.count;
  const { start: opStart, end: opEnd } = t;
  const { op: pOp, part: pPart, stream: pStream, start: pStart, end: pEnd } = parts;
  const tr = t.transfers;
  const input = inputTransfers(t);
  const deviceOf = deviceOfOps(t);
  const P = s.devices;

  // rows of each op, and the previous row on the same stream of the same device
  const rowStart = new Int32Array(n + 1);
  for (let r = 0; r < parts.count; r++) rowStart[pOp[r] + 1]++;
  for (let i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
  const rowsOfOp = new Int32Array(parts.count);
  const cursor = rowStart.slice(0, n);
  const streamPrev = new Int32Array(parts.count);
  const lastOnStream = new Int32Array(2 * P).fill(-1);
  for (let r = 0; r < parts.count; r++) {
    rowsOfOp[cursor[pOp[r]]++] = r;
    const key = 2 * deviceOf[pOp[r]] + pStream[r];
    streamPrev[r] = lastOnStream[key];
    lastOnStream[key] = r;
  }
  // the producer of every op by (stage, micro-batch, slot), for inputs from the op's own device
  const m = s.microbatches;
  const slotIndex = new Int32Array(s.stages * m * 3).fill(-1);
  const slot = (k: number) => (k === OpKind.F ? 0 : k === OpKind.W ? 2 : 1);
  for (let i = 0; i < n; i++) slotIndex[(s.stage[i] * m + s.microbatch[i]) * 3 + slot(s.kind[i])] = i;
  /** The op whose result op o needs (-1 for a forward where its micro-batch enters). */
  const producerOf = (o: number): number => {
    const k = s.kind[o];
    const st = s.stage[o];
    const cell = st * m + s.microbatch[o];
    if (k === OpKind.F) return st === 0 ? -1 : slotIndex[(cell - m) * 3];
    if (k === OpKind.W) return slotIndex[cell * 3 + 1];
    return st === s.stages - 1 ? slotIndex[cell * 3] : slotIndex[(cell + m) * 3 + 1];
  };
  /** When op o's input is there. */
  const inputAt = (o: number): Ms => {
    const k = input[o] - 1;
    if (k >= 0) return tr.end[k];
    const p = producerOf(o);
    return p < 0 ? 0 : opEnd[p];
  };
  /** The row of op o with that part name, or -1. */
  const rowOf = (o: number, part: number): number => {
    for (let a = rowStart[o]; a < rowStart[o + 1]; a++) if (pPart[rowsOfOp[a]] === part) return rowsOfOp[a];
    return -1;
  };
  /** The row of op o (not a P2P part) that ends when the op ends, or -1 when the op has no rows. */
  const endRow = (o: number): number => {
    for (let a = rowStart[o]; a < rowStart[o + 1]; a++) {
      const r = rowsOfOp[a];
      if (pPart[r] !== P2P_PART && pEnd[r] === opEnd[o]) return r;
    }
    return -1;
  };
  /**
   * The other op of o's unit, when the two ran overlapped: a pair whose second op needs the first
   * runs as two units.
   */
  const unitPartner = (o: number): number => {
    const d = deviceOf[o];
    const q = pairPartner(s, o, s.deviceStart[d], s.deviceStart[d + 1]);
    if (q < 0) return -1;
    const [a, b] = q > o ? [o, q] : [q, o];
    return producerOf(b) === a ? -1 : q;
  };

  // a P2P part on a communication stream is its op's transfer (an op sends at most one); the
  // transfers each device sends, in the order they were issued (by end when they occupy the stream)
  const sent = new Int32Array(n).fill(-1);
  const sentStart = new Int32Array(P + 1);
  for (let k = 0; k < tr.count; k++) {
    sent[tr.fromOp[k]] = k;
    sentStart[deviceOf[tr.fromOp[k]] + 1]++;
  }
  for (let d = 0; d < P; d++) sentStart[d + 1] += sentStart[d];
  const sentBy = new Int32Array(tr.count);
  const sentCursor = sentStart.slice(0, P);
  for (let k = 0; k < tr.count; k++) sentBy[sentCursor[deviceOf[tr.fromOp[k]]]++] = k;
  /** A transfer sent by device d that ends at t, or -1. */
  const transferEndingAt = (d: number, t: Ms): number =>
    rowEndingAt(sentBy, sentStart[d], sentStart[d + 1], tr.end, t);
  const segment = (r: number) => {
    if (pPart[r] === P2P_PART)
      list.push(PathSegmentKind.P2P, pStart[r], pEnd[r], pOp[r], tr.toOp[sent[pOp[r]]]);
    else
      list.push(
        pStream[r] === Stream.COMM ? PathSegmentKind.COMM : PathSegmentKind.COMPUTE,
        pStart[r],
        pEnd[r],
        pOp[r],
        r,
      );
  };

  /** Row to continue from at the end of op o: its last part, or for an op without parts its own input. */
  let row = endRow(from);
  let atOp = from; // the op being entered when it has no rows
  // Every step goes to an earlier part, op or transfer. On a timeline the simulator did not make,
  // a start may match nothing it waits for: the walk then goes to the latest of those that ended
  // before, and the difference is a wait; and the bound stops a walk that would not end.
  const maxSteps = 2 * (parts.count + n + tr.count) + 16;
  let at: Ms = 0;
  for (let step = 0; step <= maxSteps; step++) {
    let o: number;
    if (row >= 0) {
      segment(row);
      o = pOp[row];
      list.visit(o);
      at = pStart[row];
      if (at <= 0) break;
      // a P2P part waits only for its stream and its op's end
      if (pPart[row] === P2P_PART) {
        const prev = streamPrev[row];
        if (prev >= 0 && pEnd[prev] === at) {
          row = prev;
          continue;
        }
        const until = prev >= 0 ? Math.max(pEnd[prev], opEnd[o]) : opEnd[o];
        list.push(PathSegmentKind.WAIT, Math.min(until, at), at, o, o);
        if (prev >= 0 && pEnd[prev] >= opEnd[o]) row = prev;
        else {
          row = endRow(o);
          atOp = o;
        }
        continue;
      }
      let dependency = -1; // the row this one waits for in its chunk; -1: the unit's input
      for (let dp = PART_DEPENDENCY[pPart[row]]; dp >= 0 && dependency < 0; dp = PART_DEPENDENCY[dp])
        dependency = rowOf(o, dp);
      if (dependency >= 0 && pEnd[dependency] === at) {
        row = dependency;
        continue;
      }
      const q = dependency < 0 ? unitPartner(o) : -1;
      const late = q >= 0 && inputAt(q) > inputAt(o) ? q : o;
      const issue = dependency < 0 ? inputAt(late) : Number.NEGATIVE_INFINITY;
      if (issue === at) {
        ({ row, atOp } = toInput(late));
        if (row < 0 && atOp < 0) break;
        continue;
      }
      const prev = streamPrev[row];
      if (prev >= 0 && pEnd[prev] === at) {
        row = prev;
        continue;
      }
      // a communication part held back by a zero-length transfer on its stream (P2P of 0 ms that
      // occupies the stream is issued at its sender's end): go to that sender
      const k = pStream[row] === Stream.COMM ? transferEndingAt(deviceOf[o], at) : -1;
      if (k >= 0 && tr.fromOp[k] !== o) {
        row = endRow(tr.fromOp[k]);
        atOp = tr.fromOp[k];
        continue;
      }
      // nothing ends right at its start: the latest that ended before
      const depEnd = dependency >= 0 ? pEnd[dependency] : issue;
      const prevEnd = prev >= 0 ? pEnd[prev] : Number.NEGATIVE_INFINITY;
      const until = Math.max(0, Math.min(at, Math.max(depEnd, prevEnd)));
      list.push(PathSegmentKind.WAIT, until, at, o, o);
      at = until;
      if (prevEnd >= depEnd && prev >= 0) row = prev;
      else if (dependency >= 0) row = dependency;
      else {
        ({ row, atOp } = toInput(late));
        if (row < 0 && atOp < 0) break;
      }
      continue;
    }
    // an op without parts (all of zero length) starts and ends at its unit's issue
    o = atOp;
    list.visit(o);
    at = opStart[o];
    if (at <= 0) break;
    const q = unitPartner(o);
    ({ row, atOp } = toInput(q >= 0 && inputAt(q) > inputAt(o) ? q : o));
    if (row < 0 && atOp < 0) break;
  }
  list.push(PathSegmentKind.WAIT, 0, at, -1, -1); // nothing on a timeline the simulator made

  /** Steps from op o's input to its producer (through its transfer). */
  function toInput(o: number): { row: number; atOp: number } {
    const k = input[o] - 1;
    let producer: number;
    if (k >= 0) {
      producer = tr.fromOp[k];
      list.push(PathSegmentKind.P2P, tr.start[k], tr.end[k], producer, o);
      list.push(PathSegmentKind.WAIT, opEnd[producer], tr.start[k], producer, o);
    } else {
      producer = producerOf(o);
      if (producer < 0) return { row: -1, atOp: -1 }; // the micro-batch enters here, at 0
    }
    return { row: endRow(producer), atOp: producer };
  }
}
