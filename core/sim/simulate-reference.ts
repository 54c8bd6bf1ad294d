import { DEFAULT_PAIR_ORDER, resolveParts, smSlowdown } from '../model/costs';
import { NO_PAIR, OpKind } from '../model/ops';
import { type DeviceParts, partsOnDevice } from '../model/scenario';
import { opDevices, type Schedule } from '../model/schedule';
import type { SimInput } from './sim-input';
import type { SimResult } from './simulate';
import { PART_NAMES, type PartName, Stream } from './timeline';

// The timing model of docs/simulator-and-metrics.md and docs/overlap.md written to be read, not to
// be fast: maps, arrays of objects, repeated passes. Tests hold both tuned walks to its results
// exactly. (Durations are the same products as the tuned code's, in the same order, so the same
// model gives the same bits.)

const { COMPUTE, COMM } = Stream;
/**
 * Each part by its pair-order name: the part, its stream, the part it needs in its own chunk (null:
 * the op's input), and its time's field in ChunkParts' forward or backward (by the name's F or B).
 */
const PART: Record<string, [PartName, Stream, string | null, string]> = {
  'attention(F)': ['attention', COMPUTE, null, 'attention'],
  'dispatch(F)': ['dispatch', COMM, 'attention(F)', 'dispatch'],
  'mlp(F)': ['mlp', COMPUTE, 'dispatch(F)', 'mlp'],
  'combine(F)': ['combine', COMM, 'mlp(F)', 'combine'],
  'combine(B)': ['combine-backward', COMM, null, 'combine'],
  'mlp-input-grad(B)': ['mlp-input-grad', COMPUTE, 'combine(B)', 'mlpInput'],
  'mlp-weight-grad(B)': ['mlp-weight-grad', COMPUTE, 'combine(B)', 'mlpWeight'],
  'dispatch(B)': ['dispatch-backward', COMM, 'mlp-input-grad(B)', 'dispatch'],
  'attention-input-grad(B)': ['attention-input-grad', COMPUTE, 'dispatch(B)', 'attentionInput'],
  'attention-weight-grad(B)': ['attention-weight-grad', COMPUTE, 'dispatch(B)', 'attentionWeight'],
};
/** A chunk run alone, by op kind: its parts, in the order each stream takes them. */
const WEIGHT = ['mlp-weight-grad(B)', 'attention-weight-grad(B)'];
const ALONE: Record<number, string[]> = {
  [OpKind.F]: ['attention(F)', 'dispatch(F)', 'mlp(F)', 'combine(F)'],
  [OpKind.B]: ['combine(B)', 'mlp-input-grad(B)', 'dispatch(B)', 'attention-input-grad(B)'],
  [OpKind.W]: WEIGHT,
  [OpKind.BW]: [
    'combine(B)',
    'mlp-input-grad(B)',
    WEIGHT[0],
    'dispatch(B)',
    'attention-input-grad(B)',
    WEIGHT[1],
  ],
};

interface Entry {
  part: string;
  op: number;
  dur: number;
}
interface Span {
  start: number;
  end: number;
}

/**
 * A unit's parts issued at `issue`, on streams free from `free` (updated): each part starts once
 * the unit is issued, the part it needs has ended and every earlier part of its stream in the list
 * has been placed; a 0 ms part is absent (takes no stream time). null: some part waits for itself.
 */
function place(entries: Entry[], issue: number, free: number[]): Span[] | null {
  const out: (Span | undefined)[] = entries.map(() => undefined);
  for (let left = entries.length; left > 0; ) {
    const before = left;
    entries.forEach((x, k) => {
      const [, stream, needs] = PART[x.part];
      const dep = entries.findIndex((y) => y.part === needs); // -1: not in the unit, the op's input
      const queued = entries.some((y, j) => j < k && !out[j] && PART[y.part][1] === stream);
      if (out[k] || queued || (dep >= 0 && !out[dep])) return;
      let t = dep >= 0 ? Math.max(issue, (out[dep] as Span).end) : issue;
      if (x.dur > 0) t = Math.max(t, free[stream]);
      if (x.dur > 0) free[stream] = t + x.dur;
      out[k] = { start: t, end: t + x.dur };
      left--;
    });
    if (left === before) return null;
  }
  return out as Span[];
}

/** The smallest of xs, or `none` when there is none. */
const earliest = (xs: number[], none: number) => (xs.length > 0 ? Math.min(...xs) : none);

/** Simulates the schedule by the documented model, plainly. The same result type as simulate(). */
export function simulateReference(schedule: Schedule, input: SimInput): SimResult {
  const { devices: P, microbatches: m, stages: S, count: n, chunkShare: share } = schedule;
  const { deviceStart, kind, microbatch, stage, pair } = schedule;
  const fail = (message: string): SimResult => ({ ok: false, error: { message, waiting: [] } });
  const device = opDevices(schedule);
  const backward = (i: number) => kind[i] === OpKind.B || kind[i] === OpKind.BW;

  // Every F, B or BW, and W of a (micro-batch, stage) runs once; a W exactly when its B is split.
  const opOf = new Map<number, number>(); // by (stage, micro-batch, F | B or BW | W)
  const key = (s: string, mb: number, st: number) => (st * m + mb) * 3 + 'FBW'.indexOf(s);
  const find = (s: string, mb: number, st: number) => opOf.get(key(s, mb, st)) ?? -1;
  for (let i = 0; i < n; i++) {
    const slot = 'FBWB'[kind[i]];
    if (!(microbatch[i] >= 0 && microbatch[i] < m && stage[i] >= 0 && stage[i] < S && kind[i] <= OpKind.BW))
      return fail(`op ${i} is outside the micro-batches, stages or kinds`);
    if (find(slot, microbatch[i], stage[i]) >= 0) return fail(`op ${i} (${slot}) runs twice`);
    opOf.set(key(slot, microbatch[i], stage[i]), i);
  }
  for (let mb = 0; mb < m; mb++)
    for (let st = 0; st < S; st++) {
      const b = find('B', mb, st);
      if (find('F', mb, st) < 0 || b < 0 || (kind[b] === OpKind.B) !== find('W', mb, st) >= 0)
        return fail(`micro-batch ${mb} on stage ${st} lacks an op or has one too many`);
    }
  /** The op whose result op i needs (-1: none), and the ops that need op i's result. */
  const producer = (i: number): number => {
    const [mb, st] = [microbatch[i], stage[i]];
    if (kind[i] === OpKind.F) return st === 0 ? -1 : find('F', mb, st - 1);
    if (kind[i] === OpKind.W) return find('B', mb, st);
    return st === S - 1 ? find('F', mb, st) : find('B', mb, st + 1);
  };
  const consumers = (i: number): number[] => {
    const [mb, st] = [microbatch[i], stage[i]];
    if (kind[i] === OpKind.F) return [st < S - 1 ? find('F', mb, st + 1) : find('B', mb, st)];
    const after = [st > 0 ? find('B', mb, st - 1) : -1, kind[i] === OpKind.B ? find('W', mb, st) : -1];
    return kind[i] === OpKind.W ? [] : after.filter((c) => c >= 0);
  };

  // Units: an F and a B or BW next to each other with one pair number run as one overlapped unit,
  // unless the second needs the first; every other op is a unit alone.
  const units: number[][][] = [];
  for (let d = 0; d < P; d++) {
    units.push([]);
    for (let i = deviceStart[d]; i < deviceStart[d + 1]; i++) {
      const j = i + 1;
      const paired = j < deviceStart[d + 1] && pair[i] !== NO_PAIR && pair[j] === pair[i];
      const fb = kind[i] !== OpKind.W && kind[j] !== OpKind.W && backward(i) !== backward(j);
      const overlapped = paired && fb && producer(j) !== i;
      units[d].push(overlapped ? [i, j] : [i]);
      if (overlapped) i = j;
    }
  }

  // Part times: the op's device's parts (bytes over bandwidth resolved) x chunkShare, compute x SM
  // slowdown.
  const parts = input.parts ?? null;
  const partsOf = (d: number): DeviceParts => resolveParts(partsOnDevice(input.parts!, d));
  const slowdown = input.smSplit ? smSlowdown(input.smSplit) : 1;
  const entry = (part: string, op: number): Entry => {
    const [, stream, , field] = PART[part];
    const own = partsOf(device[op]);
    const chunk = part.endsWith('(F)') ? own.forward : own.backward;
    const ms = (chunk as Record<string, number>)[field] * share;
    return { part, op, dur: stream === COMM ? ms : ms * slowdown };
  };
  const pairOrder: readonly string[] = parts?.pairOrder ?? DEFAULT_PAIR_ORDER;
  const entriesOf = (unit: number[]): Entry[] => {
    if (unit.length === 1) return ALONE[kind[unit[0]]].map((part) => entry(part, unit[0]));
    const [f, b] = backward(unit[0]) ? [unit[1], unit[0]] : unit;
    const present = pairOrder.filter((part) => kind[b] === OpKind.BW || !WEIGHT.includes(part));
    return present.map((part) => entry(part, part.endsWith('(F)') ? f : b));
  };
  if (parts) {
    const once =
      pairOrder.length === 10 && new Set(pairOrder).size === 10 && pairOrder.every((e) => e in PART);
    if (
      !once ||
      !place(
        pairOrder.map((part) => ({ part, op: 0, dur: 1 })),
        0,
        [0, 0],
      )
    )
      return fail('parts.pairOrder must list the ten parts once, none before what it needs on its stream');
  }
  const cost = (i: number): number => {
    const k = kind[i];
    const pick = (f: number, b: number, w: number) =>
      k === OpKind.F ? f : k === OpKind.B ? b : k === OpKind.W ? w : b + w;
    const sc = input.stageCosts;
    if (sc) {
      const s = schedule.stage[i];
      return pick(sc.forward[s], sc.backwardInput[s], sc.backwardWeight[s]);
    }
    const d = device[i];
    return share * pick(input.forward[d], input.backwardInput[d], input.backwardWeight[d]);
  };

  // Run: each device takes its units in order, each once all its inputs have arrived, in passes
  // over the devices until none can go on. A device's times depend only on its own units and on
  // when their inputs arrive, so the order of the passes does not matter.
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const waitedFor = new Int32Array(n).fill(-1);
  const arrival = new Float64Array(n).map((_, i) => (producer(i) < 0 ? 0 : Number.NaN));
  const free = Array.from({ length: P }, () => [0, 0]); // per device: when compute, comm are free
  const next = new Array<number>(P).fill(0);
  const transfers: (Span & { from: number; to: number })[] = [];
  const rows: (Span & { op: number; part: number; stream: number })[] = [];
  for (let progress = true; progress; ) {
    progress = false;
    for (let d = 0; d < P; d++)
      for (; next[d] < units[d].length; next[d]++, progress = true) {
        const unit = units[d][next[d]];
        if (unit.some((i) => Number.isNaN(arrival[i]))) break;
        const issue = Math.max(...unit.map((i) => arrival[i]));
        let unitStart = Math.max(issue, free[d][COMPUTE]);
        let readyStart = free[d][COMPUTE]; // when it would have started with its inputs there at 0
        if (!parts) {
          let t = unitStart;
          for (const i of unit) {
            start[i] = t;
            end[i] = t + cost(i);
            t = end[i];
          }
          free[d][COMPUTE] = t;
        } else {
          const entries = entriesOf(unit);
          const firstStart = (at: Span[], issued: number) =>
            earliest(
              at.filter((_, k) => entries[k].dur > 0).map((p) => p.start),
              issued,
            );
          readyStart = firstStart(place(entries, 0, [...free[d]]) as Span[], 0);
          const at = place(entries, issue, free[d]) as Span[];
          unitStart = firstStart(at, issue);
          for (const i of unit) {
            const own = at.filter((_, k) => entries[k].op === i && entries[k].dur > 0);
            start[i] = earliest(
              own.map((p) => p.start),
              issue,
            );
            end[i] = Math.max(issue, ...own.map((p) => p.end));
          }
          entries.forEach(({ part, op, dur }, k) => {
            const [name, stream] = PART[part];
            if (dur > 0) rows.push({ op, part: PART_NAMES.indexOf(name), stream, ...at[k] });
          });
        }
        // It waited for its inputs when it would have started earlier had they been there at 0:
        // then the op whose input came last (the first on a tie) waited for that input's producer.
        if (unitStart > readyStart) {
          const last = unit.reduce((a, b) => (arrival[b] > arrival[a] ? b : a));
          waitedFor[last] = producer(last);
        }
        // A result goes to a consumer on the same device at once, to one on another device by a
        // transfer of p2p ms from the producer's end; with p2pOccupiesComm the transfer waits for
        // and takes the sender's comm stream (unless it takes 0 ms, like an empty part).
        for (const c of unit)
          for (const x of consumers(c)) {
            let t = end[c];
            if (device[x] !== d && input.p2pOccupiesComm && input.p2p > 0) {
              t = Math.max(t, free[d][COMM]);
              free[d][COMM] = t + input.p2p;
              const part = PART_NAMES.indexOf('p2p');
              if (parts) rows.push({ op: c, part, stream: COMM, start: t, end: t + input.p2p });
            }
            if (device[x] !== d) transfers.push({ from: c, to: x, start: t, end: t + input.p2p });
            arrival[x] = device[x] !== d ? t + input.p2p : t;
          }
      }
  }
  for (let d = 0; d < P; d++)
    if (next[d] < units[d].length) return fail(`deadlock: device ${d} waits forever`);

  return {
    ok: true,
    timeline: {
      schedule,
      start,
      end,
      waitedFor,
      makespan: end.reduce((a, b) => Math.max(a, b), 0),
      parts: parts && {
        count: rows.length,
        op: Int32Array.from(rows, (r) => r.op),
        part: Uint8Array.from(rows, (r) => r.part),
        stream: Uint8Array.from(rows, (r) => r.stream),
        start: Float64Array.from(rows, (r) => r.start),
        end: Float64Array.from(rows, (r) => r.end),
      },
      transfers: {
        count: transfers.length,
        fromOp: Int32Array.from(transfers, (r) => r.from),
        toOp: Int32Array.from(transfers, (r) => r.to),
        start: Float64Array.from(transfers, (r) => r.start),
        end: Float64Array.from(transfers, (r) => r.end),
      },
    },
  };
}
