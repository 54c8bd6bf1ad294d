import { OpKind } from '../model/ops';
import { assert } from '../util/assert';
import { type OpColumns, opColumns } from './op-columns';

/**
 * The per-device orders of the controllable-memory V schedules V-Half and V-Min (Qi et al.,
 * "Pipeline Parallelism with Controllable Memory", NeurIPS 2024), as sail-sg's generator builds
 * them (zero-bubble-pipeline-parallelism, megatron/core/pipeline_parallel/zerobubble/scheduler/
 * zbv_greedy.py, PipelineGraph.create_schedule). Our own implementation of the same steps:
 *
 * 1. A stable pattern: on device s, op type t of micro-batch j sits in time slot
 *    offset[s][t] + 6j, the four types being chunk-0 forward, chunk-1 forward, chunk-1 input
 *    backward, chunk-0 input backward (the V's order along a micro-batch's path).
 * 2. "Put W": walking the slots, each empty slot gets the weight backward of the oldest input
 *    backward still without one (the W left over go after the last op).
 * 3. Squeeze, twice (once with the W in place, once with W only implied at empty slots): walking
 *    all ops by slot, an op of the warm-up (before the first chunk-0 backward of device 0) or of
 *    the cool-down (after device 0's last chunk-0 forward) moves to the earliest free slot after
 *    its dependencies where the device's peak of activations held (F to W) stays within the peak
 *    of the whole pattern; then every op is re-timed as early as possible at unit cost.
 * 4. Put W again, one W list per chunk, and read each device's ops in slot order.
 *
 * The order does not depend on the op costs. Steps 1-4 cost a few passes over the slots; the
 * moves scan only the slots they change. For many micro-batches the orders are periodic: the
 * middle of each device's order repeats the same six ops with the micro-batch one higher, so
 * beyond periodicFrom(P) + 1 micro-batches the order is built for periodicFrom(P) (and one more,
 * to check the period, once per P) and stretched.
 */

export type VMemory = 'half' | 'min';

/** Op types in sail's numbering: forwards of chunk 0 and 1, input backwards of chunk 1 and 0, W of chunk 1 and 0. */
const V_TYPE = { F0: 0, F1: 1, B1: 2, B0: 3, W1: 4, W0: 5 } as const;

/** Slots between one micro-batch's op and the next of the same type in the stable pattern. */
const PERIOD = 6;

/** Device orders as (type, micro-batch) per op, device by device. */
interface VOrder {
  /** Ops of device d are [deviceStart[d], deviceStart[d + 1]). */
  deviceStart: Int32Array;
  type: Uint8Array;
  microbatch: Int32Array;
}

/** First slot of each of the four op types on each device (sail's stable_pattern_v_half / _v_min). */
function stablePattern(P: number, memory: VMemory): Int32Array[] {
  const out: Int32Array[] = [];
  for (let i = 0; i < P; i++) {
    if (memory === 'min') {
      const interval = P % 3 === 0 ? 2 : 0;
      out.push(Int32Array.of(i, 2 * P - i - 1, 2 * P + interval + i, 4 * P + interval - i - 1));
    } else {
      const interval = P % 2 === 0 ? 3 : 0;
      out.push(Int32Array.of(2 * i, 3 * P - i - 2, 3 * P + interval + 2 * i - 1, 6 * P + interval - i - 2));
    }
  }
  return out;
}

/** Slot lists of one device: lists[t][j] is the slot of type t, micro-batch j (each list sorted). */
type Lists = Int32Array[];

function lastSlot(lists: Lists): number {
  let bound = -1;
  for (const l of lists) if (l.length > 0 && l[l.length - 1] > bound) bound = l[l.length - 1];
  return bound;
}

/** Which op holds each slot up to `size`: type * stride + micro-batch, or -1. Slots are unique. */
function ownersOf(lists: Lists, size: number, stride: number): Int32Array {
  const owner = new Int32Array(size).fill(-1);
  lists.forEach((l, t) => {
    for (let j = 0; j < l.length; j++) {
      // (the message is built only on failure: a template per op would cost more than the op)
      if (owner[l[j]] !== -1) assert(false, `two ops of one device in slot ${l[j]}`);
      owner[l[j]] = t * stride + j;
    }
  });
  return owner;
}

/**
 * Visits every op of every device in slot order, devices in turn at each slot (the order sail's
 * code takes ops in: the smallest slot, then device, of all ops not yet taken), with its device,
 * slot, type and micro-batch. `owner[s]` says which op holds each slot of device s (ownersOf);
 * `visit` may move the op it is given to an earlier slot.
 */
function bySlot(
  owner: Int32Array[],
  stride: number,
  visit: (device: number, slot: number, type: number, microbatch: number) => void,
): void {
  let end = 0;
  for (const o of owner) end = Math.max(end, o.length);
  for (let time = 0; time < end; time++)
    for (let s = 0; s < owner.length; s++) {
      if (time >= owner[s].length) continue;
      const o = owner[s][time];
      if (o < 0) continue;
      const t = (o / stride) | 0;
      visit(s, time, t, o - t * stride);
    }
}

/**
 * Step 2: the W of each input backward in the first free slot after it (oldest backward first),
 * the rest after the last op. `split`: one list per chunk (chunk 1 first at a shared slot).
 */
function putW(lists: Lists, m: number, split: boolean): Lists {
  const bound = lastSlot(lists);
  const owner = ownersOf(lists, bound + 1, m);
  const ws = split ? [new Int32Array(m), new Int32Array(m)] : [new Int32Array(2 * m)];
  const pending = [0, 0];
  const count = [0, 0];
  let i = 0;
  for (; i <= bound; i++) {
    const o = owner[i];
    if (o >= 0) {
      const t = (o / m) | 0;
      if (t === V_TYPE.B1 || t === V_TYPE.B0) pending[split ? t - V_TYPE.B1 : 0]++;
    } else
      for (let w = 0; w < 2; w++)
        if (pending[w] > 0) {
          ws[w][count[w]++] = i;
          pending[w]--;
          break;
        }
  }
  i--;
  for (let w = 0; w < 2; w++)
    while (pending[w] > 0) {
      ws[w][count[w]++] = ++i;
      pending[w]--;
    }
  return [...lists, ...ws];
}

/** Activation units an op adds to what a device holds: forwards +1, W -1, input backwards 0. */
function held(type: number): number {
  return type <= V_TYPE.F1 ? 1 : type === V_TYPE.W1 ? -1 : 0;
}

/** Order statistics over the slots of a device's processed input backwards (a Fenwick tree). */
class SlotCounts {
  private readonly tree: Int32Array;
  private readonly top: number;
  constructor(size: number) {
    this.tree = new Int32Array(size + 1);
    let top = 1;
    while (top * 2 <= size) top *= 2;
    this.top = top;
  }
  add(slot: number): void {
    for (let i = slot + 1; i < this.tree.length; i += i & -i) this.tree[i]++;
  }
  /** The slot of the k-th smallest entry (0-based). */
  kth(k: number): number {
    let pos = 0;
    let rest = k + 1;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next < this.tree.length && this.tree[next] < rest) {
        pos = next;
        rest -= this.tree[next];
      }
    }
    return pos;
  }
}

/** Slots per block of BlockedLevels: long enough moves span several blocks, short ones few slots. */
const BLOCK = 32;

/**
 * A device's held activations after each slot with W placed, for the squeeze's two questions: add
 * to a range of slots (an op moved earlier holds its units from the new slot on), and the last
 * slot of a range at or above a level (where a forward may not move past). Blocks of BLOCK slots
 * keep an offset for whole-block adds and their maximum, so both cost a few blocks, not a slot each.
 */
class BlockedLevels {
  private readonly value: Int32Array;
  private readonly offset: Int32Array;
  private readonly max: Int32Array;
  constructor(levels: Int32Array) {
    this.value = levels;
    const blocks = Math.ceil(levels.length / BLOCK);
    this.offset = new Int32Array(blocks);
    this.max = new Int32Array(blocks).fill(-(2 ** 31));
    for (let x = 0; x < levels.length; x++) {
      const b = (x / BLOCK) | 0;
      if (levels[x] > this.max[b]) this.max[b] = levels[x];
    }
  }
  /** Adds `add` to the slots from..to - 1. */
  add(from: number, to: number, add: number): void {
    let x = from;
    while (x < to) {
      const b = (x / BLOCK) | 0;
      const blockEnd = Math.min((b + 1) * BLOCK, this.value.length);
      if (x === b * BLOCK && blockEnd <= to) {
        this.offset[b] += add;
        this.max[b] += add;
        x = blockEnd;
        continue;
      }
      const end = Math.min(blockEnd, to);
      for (; x < end; x++) this.value[x] += add;
      let best = -(2 ** 31);
      for (let y = b * BLOCK; y < blockEnd; y++) if (this.value[y] > best) best = this.value[y];
      this.max[b] = best + this.offset[b];
    }
  }
  /** The last slot in from..to - 1 whose level is above `limit`, or -1. */
  lastAbove(from: number, to: number, limit: number): number {
    let x = to - 1;
    while (x >= from) {
      const b = (x / BLOCK) | 0;
      const blockStart = b * BLOCK;
      if (this.max[b] <= limit) {
        x = blockStart - 1;
        continue;
      }
      const stop = Math.max(blockStart, from);
      const base = this.offset[b];
      for (; x >= stop; x--) if (this.value[x] + base > limit) return x;
    }
    return -1;
  }
}

/**
 * Step 3, one squeeze (sail's `reorder`): moves warm-up and cool-down ops to earlier free slots
 * within the memory peak, then re-times every op at unit cost. `withW`: the W are placed (and
 * squeezed too) first; otherwise W are implied at empty slots and placed after. Returns five
 * lists per device (the four types, then one W list for both chunks).
 */
function squeeze(devices: Lists[], m: number, withW: boolean): Lists[] {
  const P = devices.length;
  const lists = withW ? devices.map((l) => putW(l, m, false)) : devices;
  const stride = 2 * m; // the W list holds 2m
  const bound = lists.map(lastSlot);
  const size = bound.map((b) => b + 1);
  const owner = lists.map((l, s) => ownersOf(l, size[s], stride));

  // Held activations after each slot: with W placed, a running sum; without, a backward leaves
  // one W pending that the next empty slot runs. The squeeze keeps every device within the
  // largest peak of any device before it started.
  const level = size.map((n) => new Int32Array(n));
  const pending = withW ? [] : size.map((n) => new Int32Array(n));
  let peak = 0;
  for (let s = 0; s < P; s++) {
    let cur = 0;
    let wait = 0;
    for (let x = 0; x < size[s]; x++) {
      const o = owner[s][x];
      if (o >= 0) {
        const t = (o / stride) | 0;
        cur += held(t);
        if (t === V_TYPE.B1 || t === V_TYPE.B0) wait++;
      } else if (!withW && wait > 0) {
        cur--;
        wait--;
      }
      level[s][x] = cur;
      if (!withW) pending[s][x] = wait;
      if (cur > peak) peak = cur;
    }
  }
  const counts = withW ? size.map((n) => new SlotCounts(n)) : [];
  const blocked = withW ? level.map((l) => new BlockedLevels(l)) : [];
  const scratchLevel = new Int32Array(Math.max(...size));
  const scratchPending = new Int32Array(Math.max(...size));

  /** Without W placed: would moving op (type t) from slot a to slot f keep device s within the peak? */
  const fitsImplied = (s: number, t: number, a: number, f: number): number => {
    const own = owner[s];
    let cur = f > 0 ? level[s][f - 1] : 0;
    let wait = f > 0 ? pending[s][f - 1] : 0;
    for (let x = f; x < size[s]; x++) {
      const here = x === f ? t : x === a ? -1 : own[x] >= 0 ? (own[x] / stride) | 0 : -1;
      if (here >= 0) {
        cur += held(here);
        if (here === V_TYPE.B1 || here === V_TYPE.B0) wait++;
      } else if (wait > 0) {
        cur--;
        wait--;
      }
      if (cur > peak) return -1;
      scratchLevel[x] = cur;
      scratchPending[x] = wait;
      // past the old slot, once the state is the old one again the rest is unchanged
      if (x >= a && cur === level[s][x] && wait === pending[s][x]) return x;
    }
    return size[s] - 1;
  };

  let phase = 0;
  bySlot(owner, stride, (s, time, t, j) => {
    const o = owner[s][time];
    const isBackward = t === V_TYPE.B1 || t === V_TYPE.B0;
    if (t === V_TYPE.B0 && s === 0 && phase === 0) phase = 1;
    if (phase === 1 || (phase === 0 && !withW)) {
      // the steady state (and, without W, the warm-up) keeps its slots
      if (phase === 1 && t === V_TYPE.F0 && j === m - 1) phase = 2;
      if (withW && isBackward) counts[s].add(time);
      return;
    }
    const mine = lists[s];
    let deps = -1;
    if ((t === V_TYPE.F0 || t === V_TYPE.B1) && s > 0) deps = Math.max(deps, lists[s - 1][t][j]);
    if ((t === V_TYPE.F1 || t === V_TYPE.B0) && s + 1 < P) deps = Math.max(deps, lists[s + 1][t][j]);
    if (t > V_TYPE.F0 && t < V_TYPE.W1) deps = Math.max(deps, mine[t - 1][j]);
    if (t === V_TYPE.W1) deps = Math.max(deps, counts[s].kth(j));
    if (j > 0) deps = Math.max(deps, mine[t][j - 1]);
    deps += 1;
    if (deps > time) assert(false, `an op's dependency sits at or after its own slot ${time}`);
    let to = time;
    if (withW) {
      // Moving the op from `time` to f adds its held units to every slot in [f, time): a forward
      // fits only above the last slot that is already at the peak; a backward or W always fits.
      const add = held(t);
      const lowest = add > 0 ? Math.max(deps, blocked[s].lastAbove(deps, time, peak - add) + 1) : deps;
      let f = lowest;
      while (f < time && owner[s][f] >= 0) f++;
      if (f < time) {
        if (add !== 0) blocked[s].add(f, time, add);
        to = f;
      }
    } else
      for (let f = deps; f < time; f++) {
        if (owner[s][f] >= 0) continue;
        const last = fitsImplied(s, t, time, f);
        if (last < 0) continue;
        level[s].set(scratchLevel.subarray(f, last + 1), f);
        pending[s].set(scratchPending.subarray(f, last + 1), f);
        to = f;
        break;
      }
    if (to !== time) {
      owner[s][time] = -1;
      owner[s][to] = o;
      mine[t][j] = to;
    }
    if (withW && isBackward) counts[s].add(to);
  });
  return retime(withW ? lists : lists.map((l) => putW(l, m, false)), m);
}

/**
 * Re-times every op as early as possible at unit cost and no transfer time (sail's
 * eager_execution_time with costs 1): each op starts once its dependencies along the V, the same
 * type's previous micro-batch and the device's previous op have ended. Returns the start slots.
 */
function retime(lists: Lists[], m: number): Lists[] {
  const P = lists.length;
  const stride = 2 * m;
  const owner = lists.map((l) => ownersOf(l, lastSlot(l) + 1, stride));
  const end = lists.map((l) => l.map((x) => new Int32Array(x.length).fill(-1)));
  const start = lists.map((l) => l.map((x) => new Int32Array(x.length)));
  const deviceEnd = new Int32Array(P);
  bySlot(owner, stride, (s, _time, t, j) => {
    // Each dependency's end; one not yet timed (-1) would mean the slots broke the order.
    let at = deviceEnd[s];
    let least = 0;
    const neighbour =
      t === V_TYPE.F0 || t === V_TYPE.B1 ? s - 1 : t === V_TYPE.F1 || t === V_TYPE.B0 ? s + 1 : -1;
    if (neighbour >= 0 && neighbour < P) {
      const e = end[neighbour][t][j];
      at = Math.max(at, e);
      least = Math.min(least, e);
    }
    if (t > V_TYPE.F0 && t < V_TYPE.W1) {
      const e = end[s][t - 1][j];
      at = Math.max(at, e);
      least = Math.min(least, e);
    }
    if (j > 0) {
      const e = end[s][t][j - 1];
      at = Math.max(at, e);
      least = Math.min(least, e);
    }
    if (least < 0)
      assert(false, `op type ${t} of micro-batch ${j} on device ${s} runs before its dependency`);
    start[s][t][j] = at;
    end[s][t][j] = at + 1;
    deviceEnd[s] = at + 1;
  });
  return start;
}

/** The order for exactly m micro-batches, by steps 1-4. */
function buildOrder(P: number, m: number, memory: VMemory): VOrder {
  const pattern = stablePattern(P, memory);
  let devices: Lists[] = pattern.map((offsets) =>
    Array.from(offsets, (first) => {
      const slots = new Int32Array(m);
      for (let j = 0; j < m; j++) slots[j] = first + PERIOD * j;
      return slots;
    }),
  );
  devices = squeeze(devices, m, true).map((l) => l.slice(0, 4));
  devices = squeeze(devices, m, false).map((l) => l.slice(0, 4));
  const perDevice = 6 * m;
  const deviceStart = new Int32Array(P + 1);
  const type = new Uint8Array(P * perDevice);
  const microbatch = new Int32Array(P * perDevice);
  let i = 0;
  for (let s = 0; s < P; s++) {
    deviceStart[s] = i;
    const lists = putW(devices[s], m, true);
    const size = lastSlot(lists) + 1;
    const owner = ownersOf(lists, size, m);
    for (let x = 0; x < size; x++) {
      const o = owner[x];
      if (o < 0) continue;
      const t = (o / m) | 0;
      type[i] = t;
      microbatch[i++] = o - t * m;
    }
  }
  deviceStart[P] = i;
  assert(i === P * perDevice, 'every op of the V order has a slot');
  return { deviceStart, type, microbatch };
}

/**
 * From this many micro-batches on (2P + 8, with room to spare over where the period starts, about
 * 1.5P + 3 for P <= 16 in the tests) the order is stretched from the one for this count.
 */
export function periodicFrom(P: number): number {
  return 2 * P + 8;
}

/** An order as schedule columns, device by device (chunk 0 of device d is stage d, chunk 1 2P - 1 - d). */
interface VColumns {
  deviceStart: Int32Array;
  columns: OpColumns;
}

/** Op kind and chunk of each of sail's op types (V_TYPE). */
const KIND = Uint8Array.of(OpKind.F, OpKind.F, OpKind.B, OpKind.B, OpKind.W, OpKind.W);
const CHUNK = Uint8Array.of(0, 1, 1, 0, 1, 0);

function toColumns(order: VOrder): VColumns {
  const P = order.deviceStart.length - 1;
  const columns = opColumns(order.type.length);
  const { kind, chunk, stage, microbatch } = columns;
  for (let d = 0; d < P; d++)
    for (let i = order.deviceStart[d]; i < order.deviceStart[d + 1]; i++) {
      const t = order.type[i];
      kind[i] = KIND[t];
      chunk[i] = CHUNK[t];
      stage[i] = CHUNK[t] === 0 ? d : 2 * P - 1 - d;
      microbatch[i] = order.microbatch[i];
    }
  return { deviceStart: order.deviceStart, columns };
}

/** Fills [start, end) of a column with copies of its first `period` entries, doubling each time. */
function repeat(column: Uint8Array | Int32Array, start: number, end: number, period: number): void {
  for (let filled = period; start + filled < end; filled *= 2)
    column.copyWithin(start + filled, start, start + Math.min(filled, end - start - filled));
}

/**
 * The order for m micro-batches from the one for m0 (<= m): on each device the six ops before the
 * middle repeat with the micro-batch raised by 1, 2, ..., m - m0, and the ops after the middle
 * keep their order with the micro-batch raised by m - m0. Kinds, chunks and stages of the repeats
 * are block copies; only micro-batches are written op by op.
 */
function stretch(base: VColumns, m0: number, m: number): VColumns {
  const P = base.deviceStart.length - 1;
  const extra = m - m0;
  const columns = opColumns(6 * m * P);
  const from = base.columns;
  const deviceStart = new Int32Array(P + 1);
  const names = ['kind', 'chunk', 'stage'] as const;
  let i = 0;
  for (let s = 0; s < P; s++) {
    deviceStart[s] = i;
    const first = base.deviceStart[s];
    const middle = first + 3 * m0;
    const last = base.deviceStart[s + 1];
    // ops before the middle, as they are
    for (const c of names) columns[c].set(from[c].subarray(first, middle), i);
    columns.microbatch.set(from.microbatch.subarray(first, middle), i);
    i += middle - first;
    // the repeated period
    const periodEnd = i + PERIOD * extra;
    if (extra > 0) {
      for (const c of names) {
        columns[c].set(from[c].subarray(middle - PERIOD, middle), i);
        repeat(columns[c], i, periodEnd, PERIOD);
      }
      const mb = columns.microbatch;
      for (let r = 1; r <= extra; r++)
        for (let x = middle - PERIOD; x < middle; x++) mb[i++] = from.microbatch[x] + r;
    }
    // ops after the middle, their micro-batches raised
    for (const c of names) columns[c].set(from[c].subarray(middle, last), i);
    const mb = columns.microbatch;
    for (let x = middle; x < last; x++) mb[i++] = from.microbatch[x] + extra;
  }
  deviceStart[P] = i;
  return { deviceStart, columns };
}

function sameColumns(a: VColumns, b: VColumns): boolean {
  if (a.columns.kind.length !== b.columns.kind.length) return false;
  for (let d = 0; d < a.deviceStart.length; d++) if (a.deviceStart[d] !== b.deviceStart[d]) return false;
  for (const c of ['kind', 'chunk', 'stage', 'microbatch'] as const)
    for (let i = 0; i < a.columns[c].length; i++) if (a.columns[c][i] !== b.columns[c][i]) return false;
  return true;
}

/** Orders to stretch, by P and memory (null: the period did not check out, so build every m). */
const periodic = new Map<string, VColumns | null>();
/** Recent (P, memory) kept: the editor and compare regenerate with the same P again and again. */
const PERIODIC_CACHE = 8;

/** The order to stretch for (P, memory): built for periodicFrom(P), its period checked once. */
function periodicBase(P: number, memory: VMemory): VColumns | null {
  const key = `${memory}:${P}`;
  let base = periodic.get(key);
  if (base === undefined) {
    const m0 = periodicFrom(P);
    const candidate = toColumns(buildOrder(P, m0, memory));
    // stretched by one period it must be the order built for one micro-batch more
    const next = toColumns(buildOrder(P, m0 + 1, memory));
    base = sameColumns(stretch(candidate, m0, m0 + 1), next) ? candidate : null;
    if (periodic.size >= PERIODIC_CACHE) periodic.delete(periodic.keys().next().value as string);
    periodic.set(key, base);
  }
  return base;
}

/**
 * The V-Half or V-Min order of P devices and m micro-batches as sail's generator builds it, as
 * schedule columns: chunk 0 of device d is stage d, chunk 1 is stage 2P - 1 - d.
 */
export function vControllableColumns(P: number, m: number, memory: VMemory): VColumns {
  const m0 = periodicFrom(P);
  const base = m > m0 + 1 ? periodicBase(P, memory) : null;
  return base ? stretch(base, m0, m) : toColumns(buildOrder(P, m, memory));
}
