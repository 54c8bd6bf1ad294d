import { OpKind } from '../model/ops';
import type { Timeline } from '../sim/timeline';
import { CAUSE_COUNT, DEPENDENCY, DRAIN, FILL, type IdleByCause, MEMORY, P2P, TAIL } from './idle-cause-ids';
import { pairPartnerIn, transfersByConsumer } from './timeline-links';

/**
 * The fast walk of the idle attribution for plain timelines (no chunk parts): only the sums, no
 * intervals, no per-op scratch arrays. It applies the general walk's rules (idle-walk.ts) and adds
 * the same lengths in the same order, so its sums are the general walk's bit for bit (checked by
 * why-slow.property.test.ts).
 *
 * What makes it cheap: without parts a unit starts after its stream is free exactly when its late
 * input's transfer ends then, and the simulator's waitedFor names that input's producer. So the
 * walk finds the gaps by reading waitedFor alone (4 bytes per op, where start and end are 16) and
 * needs no transfer for them; a device's ops end in order, so its stream is idle for good after its
 * last op, and nothing waits for its own communication. Only the memory test may look up a transfer
 * (of the device's next forward, when its waitedFor does not settle it): transfers listed by
 * receiving op, as the simulator's fast path lists them, are passed once by a cursor. An op receives
 * at most one transfer (the general walk assumes it too), so a transfer the cursor finds is the one,
 * whatever the order; only when it finds none must the order be right, which is checked then.
 *
 * `hasPairs: false` (the metrics know it: they count the pairs) takes listedSums on the
 * simulator's own timelines (TransferColumns.byConsumer), which reads the gaps from the transfers
 * in order and no pair column. plainSums always reads the pair numbers its memory test needs: where
 * no two consecutive ops share one they find no partner, as the flag would say; without the flag's
 * branches its loop took 8% less time in cache (DualPipe 32 x 1024; no change measurable at a
 * million ops).
 *
 * Returns null when a lookup found no transfer and the transfers are not listed so (the general
 * walk then runs).
 */
export function attributeIdlePlain(t: Timeline, hasPairs = true): IdleByCause | null {
  const s = t.schedule;
  if (!hasPairs && t.transfers.byConsumer === true)
    return listedSums(t, s.devices, s.deviceStart, s.kind, s.stage);
  return plainSums(t, s.devices, s.deviceStart, s.kind, s.stage, s.pair, s.unpairedForwardEnd);
}

/**
 * The fast walk on the simulator's own timelines without pairs (every schedule but DualPipe's, with
 * pairing off): the simulator lists their transfers by receiving op, each leaving when its producer
 * ended, and an op that waited for one started when it arrived (TransferColumns.byConsumer). So
 * the gap before an op that waited, [end of the op before, its transfer's end), and the split of
 * that gap at its producer's end (its transfer's start) come from the transfers read in order,
 * instead of from `start` and from the producer's end among another device's ops, a load that has
 * to wait for waitedFor's. On a device whose every op receives a transfer (a pipeline's inner
 * devices) the transfers are the device's next `last - first`, in op order: op i's is at i + off,
 * with no search at all, and not even waitedFor is read (directDevice). At a million ops 1F1B's
 * sums take about a quarter less time so than by plainSums (docs/simulator-and-metrics.md, "Idle
 * attribution and critical path").
 * Without pairs a unit is one op, and an op that waited started after its stream was free (the
 * simulator names a producer only when the input came strictly later), so the gap begins at the
 * end of the op before. The same rules and the same additions in the same order as plainSums: the
 * same sums bit for bit (why-slow.property.test.ts checks it against the general walk).
 */
function listedSums(
  t: Timeline,
  P: number,
  deviceStart: Int32Array,
  kind: Uint8Array,
  stage: Int32Array,
): IdleByCause {
  const { start, end, makespan, waitedFor } = t;
  const tr = t.transfers;
  const nT = tr.count;
  const tTo = tr.toOp;
  const tStart = tr.start;
  const tEnd = tr.end;
  const C = CAUSE_COUNT;
  const byDevice = new Float64Array(P * C);
  const total = new Float64Array(C);
  let c = 0; // a cursor: the first transfer to an op at or after the walk's (only grows)
  for (let d = 0; d < P; d++) {
    const first = deviceStart[d];
    const last = deviceStart[d + 1];
    const fb = firstBackwardStart(kind, start, first, last);
    const lf = lastForwardEnd(kind, end, first, last);
    // every op of the device receives a transfer? (listed by receiving op, ascending, at most one
    // each: the first and the last settle it)
    while (c < nT && tTo[c] < first) c++;
    const n = last - first;
    const direct = n > 0 && c + n <= nT && tTo[c] === first && tTo[c + n - 1] === last - 1;
    const row = d * C;
    if (direct) {
      directDevice(end, tStart, tEnd, kind, first, last, c - first, fb, lf, byDevice, row);
      c += n;
    } else {
      c = listedDevice(
        start,
        end,
        waitedFor,
        tTo,
        tStart,
        tEnd,
        nT,
        c,
        kind,
        stage,
        first,
        last,
        fb,
        lf,
        byDevice,
        row,
      );
    }
    const tail = makespan - (last > first ? end[last - 1] : 0);
    if (tail > 0) byDevice[row + TAIL] = tail;
  }
  return withTotals(byDevice, P, total);
}

/**
 * listedSums on a device whose every op receives a transfer, op i's at i + off (a pipeline's inner
 * devices): its sums into `sums` (FILL, DRAIN, DEPENDENCY, P2P, MEMORY). There waitedFor need not
 * be read. An op that did not wait started when its stream was free, at the end of the op before
 * (a), and its transfer had arrived by then (b <= a): nothing to add, as when waitedFor says it
 * did not wait. And the memory test's next forward g, after a, had its input there at a exactly
 * when its transfer had arrived by a: it then did not wait either (its stream was free at the end
 * of the op before it, at or after a), as the test requires.
 */
function directDevice(
  end: Float64Array,
  tStart: Float64Array,
  tEnd: Float64Array,
  kind: Uint8Array,
  first: number,
  last: number,
  off: number,
  fb: number,
  lf: number,
  out: Float64Array,
  row: number,
): void {
  let fill = 0;
  let drain = 0;
  let dependency = 0;
  let p2p = 0;
  let memory = 0;
  let nextForward = first;
  let a = 0; // the gap [a, b): from the end of the op before
  for (let i = first; i < last; i++) {
    const k = i + off;
    const b = tEnd[k];
    if (b > a) {
      const produced = tStart[k];
      // biome-ignore lint/complexity/useMathMinMax: as in plainSums
      const x = produced < a ? a : produced < b ? produced : b;
      if (x > a) {
        if (b <= fb) fill += x - a;
        else if (a >= lf) drain += x - a;
        else {
          let held = false;
          const ck = kind[i];
          if (ck === OpKind.B || ck === OpKind.BW) {
            // the next forward, most often the op right after
            let g = i + 1;
            if (g >= last || kind[g] !== OpKind.F) {
              if (nextForward < g) nextForward = g;
              while (nextForward < last && kind[nextForward] !== OpKind.F) nextForward++;
              g = nextForward;
            }
            if (g < last) held = tEnd[g + off] <= a;
          }
          if (held) memory += x - a;
          else dependency += x - a;
        }
      }
      if (b > x) p2p += b - x;
    }
    a = end[i];
  }
  putSums(out, row, fill, drain, dependency, p2p, memory);
}

/**
 * listedSums on any other device: its sums into `sums`; returns the transfer cursor, moved past the
 * device's ops. Gaps are found by waitedFor, each op's transfer by the cursor.
 */
function listedDevice(
  start: Float64Array,
  end: Float64Array,
  waitedFor: Int32Array,
  tTo: Int32Array,
  tStart: Float64Array,
  tEnd: Float64Array,
  nT: number,
  cursor: number,
  kind: Uint8Array,
  stage: Int32Array,
  first: number,
  last: number,
  fb: number,
  lf: number,
  out: Float64Array,
  row: number,
): number {
  let c = cursor;
  let fill = 0;
  let drain = 0;
  let dependency = 0;
  let p2p = 0;
  let memory = 0;
  let nextForward = first;
  for (let i = first; i < last; i++) {
    const producer = waitedFor[i];
    if (producer < 0) continue;
    const a = i > first ? end[i - 1] : 0; // the gap [a, b)
    while (c < nT && tTo[c] < i) c++;
    const k = c < nT && tTo[c] === i ? c : -1; // the transfer into i, or -1
    const b = k >= 0 ? tEnd[k] : start[i];
    const produced = k >= 0 ? tStart[k] : end[producer];
    // biome-ignore lint/complexity/useMathMinMax: as in plainSums
    const x = produced < a ? a : produced < b ? produced : b;
    if (x > a) {
      if (b <= fb) fill += x - a;
      else if (a >= lf) drain += x - a;
      else {
        let held = false;
        const ck = kind[i];
        if (ck === OpKind.B || ck === OpKind.BW) {
          // the next forward, most often the op right after
          let g = i + 1;
          if (g >= last || kind[g] !== OpKind.F) {
            if (nextForward < g) nextForward = g;
            while (nextForward < last && kind[nextForward] !== OpKind.F) nextForward++;
            g = nextForward;
          }
          // was its input there at a? (without a transfer its micro-batch enters there, or its
          // own device feeds it: not taken as ready)
          if (g < last && waitedFor[g] < 0) {
            const j = transferAt(tTo, nT, c, g);
            held = j >= 0 ? tEnd[j] <= a : stage[g] === 0;
          }
        }
        if (held) memory += x - a;
        else dependency += x - a;
      }
    }
    if (b > x) p2p += b - x;
  }
  putSums(out, row, fill, drain, dependency, p2p, memory);
  return c;
}

/** A device's sums but its tail into its row of byDevice (starting at `row`). */
function putSums(
  byDevice: Float64Array,
  row: number,
  fill: number,
  drain: number,
  dependency: number,
  p2p: number,
  memory: number,
): void {
  byDevice[row + FILL] = fill;
  byDevice[row + DRAIN] = drain;
  byDevice[row + DEPENDENCY] = dependency;
  byDevice[row + P2P] = p2p;
  byDevice[row + MEMORY] = memory;
}

/** The transfer into op `op` among transfers listed by receiving op, searched from `from` on; or -1. */
function transferAt(toOp: Int32Array, count: number, from: number, op: number): number {
  let k = from;
  while (k < count && toOp[k] < op) k++;
  return k < count && toOp[k] === op ? k : -1;
}

/** The start of the device's first backward (B or BW), or +infinity. */
function firstBackwardStart(kind: Uint8Array, start: Float64Array, first: number, last: number): number {
  for (let i = first; i < last; i++) if (kind[i] === OpKind.B || kind[i] === OpKind.BW) return start[i];
  return Number.POSITIVE_INFINITY;
}

/** The end of the device's last forward, or -infinity. */
function lastForwardEnd(kind: Uint8Array, end: Float64Array, first: number, last: number): number {
  for (let i = last - 1; i >= first; i--) if (kind[i] === OpKind.F) return end[i];
  return Number.NEGATIVE_INFINITY;
}

/**
 * The walk itself, on the schedule's columns as arguments: schedules from different generate()
 * calls do not share one hidden class, and optimised code that read their fields in here would be
 * thrown away at each new one (see pairPartnerIn).
 */
function plainSums(
  t: Timeline,
  P: number,
  deviceStart: Int32Array,
  kind: Uint8Array,
  stage: Int32Array,
  pair: Int32Array,
  unpaired: Int32Array | null,
): IdleByCause | null {
  const { start, end, makespan, waitedFor } = t;
  const tr = t.transfers;
  const nT = tr.count;
  const tTo = tr.toOp;
  const tEnd = tr.end;

  const C = CAUSE_COUNT;
  // Both outputs are allocated before the loops: code compiled while the loops run (on-stack
  // replacement) then has seen every allocation, and is not thrown away when the walk ends.
  const byDevice = new Float64Array(P * C);
  const total = new Float64Array(C);
  // A cursor over the transfers for the memory test's lookups (g only grows), and the distance from
  // an op to its transfer at the last lookup: where every op receives one, as on a pipeline's inner
  // devices, the next lookup is at the same distance (the transfer there is checked to be g's).
  let kc = 0;
  let off = 0;
  for (let d = 0; d < P; d++) {
    const first = deviceStart[d];
    const last = deviceStart[d + 1];
    // from here on every forward of the device is in a pair, and so never held back (when the
    // generator says where; else the device's end: every gap is tested)
    const unpairedEnd = unpaired !== null ? unpaired[d] : last;
    const fb = firstBackwardStart(kind, start, first, last);
    const lf = lastForwardEnd(kind, end, first, last);
    let fill = 0;
    let drain = 0;
    let dependency = 0;
    let p2p = 0;
    let memory = 0;
    let nextForward = first;
    for (let i = first; i < last; i++) {
      // Without parts a unit starts later than its stream is free exactly when its input (for a
      // pair, the later of the two) arrived then, by transfer; the simulator then names the
      // producer in waitedFor of the op whose input it was. So the gaps are found in waitedFor.
      const producer = waitedFor[i];
      if (producer < 0) continue;
      // The unit: i, or the overlapped pair from i - 1 when i is its second op, whose input came
      // last. Told apart by time, without the pair column: the second op of a pair starts right at
      // the first's end, while a lone op that waited starts after its stream was free.
      const si = start[i];
      const freed = i > first ? end[i - 1] : 0;
      let u = i;
      let a = freed; // the gap [a, b)
      let b = si;
      let partner = -2; // -2: not looked up yet
      if (i > first && si === freed) {
        u = i - 1;
        partner = u;
        a = u > first ? end[u - 1] : 0;
        b = start[u];
      }
      const produced = end[producer];
      // biome-ignore lint/complexity/useMathMinMax: Math.min's NaN and -0 handling costs V8 several instructions in this loop; times are neither, so the value is the same
      const x = produced < a ? a : produced < b ? produced : b;
      if (x > a) {
        if (b <= fb) fill += x - a;
        else if (a >= lf) drain += x - a;
        else {
          let held = false;
          // (the next forward comes after i: in a pair, never held back, from unpairedEnd on)
          if (i + 1 < unpairedEnd && (kind[i] === OpKind.B || kind[i] === OpKind.BW)) {
            if (partner === -2) partner = pairPartnerIn(pair, i, first, last);
            const unitLast = Math.max(partner, i);
            // the next forward: the first F after the unit, most often the op right after it
            let g = unitLast + 1;
            if (g >= last || kind[g] !== OpKind.F) {
              if (nextForward < g) nextForward = g;
              while (nextForward < last && kind[nextForward] !== OpKind.F) nextForward++;
              g = nextForward;
            }
            if (g < last) {
              // was the next forward's input there at a? (the general walk's test, cheapest first)
              const k = g + off;
              if (waitedFor[g] >= 0)
                held = false; // its input came when it started, after a
              else if (pairPartnerIn(pair, g, first, last) >= 0)
                held = false; // paired: a pair waits for both its inputs
              else if (k < nT && k >= 0 && tTo[k] === g) {
                // its transfer, at the last lookup's distance (an op receives at most one)
                held = tEnd[k] <= a;
                kc = k;
              } else {
                // its transfer's end: the first transfer to an op >= g, by the cursor
                if (kc < nT && tTo[kc] < g) {
                  // listed by receiving op, the receiving ops ascend one by one at least, so it is
                  // at most g - toOp[kc] entries on: step back from there (a scan forward would stop
                  // after a varying count, a branch the processor mispredicts at each lookup)
                  let j = kc + (g - tTo[kc]);
                  if (j > nT) j = nT;
                  while (j > kc + 1 && tTo[j - 1] >= g) j--;
                  kc = j;
                }
                if (kc < nT && tTo[kc] === g) {
                  held = tEnd[kc] <= a;
                  off = kc - g;
                } else if (stage[g] === 0)
                  held = true; // its micro-batch enters here: no input to wait for
                else {
                  // none found: that holds only if they are listed so (checked once per timeline);
                  // then it is fed by its own device (the turn of a V), not taken as ready
                  if (!transfersByConsumer(t)) return null;
                  held = false;
                }
              }
            }
          }
          if (held) memory += x - a;
          else dependency += x - a;
        }
      }
      if (b > x) p2p += b - x;
    }
    const tail = makespan - (last > first ? end[last - 1] : 0);
    putDevice(byDevice, d, fill, drain, dependency, p2p, memory, tail);
  }
  return withTotals(byDevice, P, total);
}

/**
 * A device's sums into its row of byDevice. A device's ops run one after another: its stream is
 * idle for good after its last op, until the makespan (`tail`, when positive).
 */
function putDevice(
  byDevice: Float64Array,
  d: number,
  fill: number,
  drain: number,
  dependency: number,
  p2p: number,
  memory: number,
  tail: number,
): void {
  const row = d * CAUSE_COUNT;
  putSums(byDevice, row, fill, drain, dependency, p2p, memory);
  if (tail > 0) byDevice[row + TAIL] = tail;
}

/** The attribution from its rows: `total` (zeros, allocated with the rows) gets their sums. */
function withTotals(byDevice: Float64Array, P: number, total: Float64Array): IdleByCause {
  const C = CAUSE_COUNT;
  for (let d = 0; d < P; d++) for (let c = 0; c < C; c++) total[c] += byDevice[d * C + c];
  return { devices: P, byDevice, total };
}
