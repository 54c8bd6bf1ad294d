import { OpKind } from '../model/ops';
import type { Timeline } from '../sim/timeline';
import { CAUSE_COUNT, IdleCauseId, type IdleByCause } from './idle-cause-ids';
import { pairPartner } from './timeline-links';

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
 * last op, and nothing waits for its own communication. Only the memory test looks up a transfer
 * (of the device's next forward): transfers listed by receiving op, as the simulator's fast path
 * lists them, are passed once by a cursor that follows the ops.
 *
 * `hasPairs: false` (the metrics know it: they count the pairs) spares the pair column's reads.
 *
 * Returns null when the transfers are not listed so (the general walk then runs).
 */
export function attributeIdlePlain(t: Timeline, hasPairs = true): IdleByCause | null {
  const s = t.schedule;
  const P = s.devices;
  const { deviceStart, kind, stage } = s;
  const { start, end, makespan, waitedFor } = t;
  const tr = t.transfers;
  const nT = tr.count;
  const tTo = tr.toOp;
  const tEnd = tr.end;

  const C = CAUSE_COUNT;
  const byDevice = new Float64Array(P * C);
  // A cursor over the transfers: it passes each once, in list order, checking on the way that they
  // are listed by receiving op (the rest is checked at the end).
  let kc = 0;
  for (let d = 0; d < P; d++) {
    const first = deviceStart[d];
    const last = deviceStart[d + 1];
    let fb = Number.POSITIVE_INFINITY;
    for (let i = first; i < last; i++)
      if (kind[i] === OpKind.B || kind[i] === OpKind.BW) {
        fb = start[i];
        break;
      }
    let lf = Number.NEGATIVE_INFINITY;
    for (let i = last - 1; i >= first; i--)
      if (kind[i] === OpKind.F) {
        lf = end[i];
        break;
      }
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
      // the unit: i, or, when i is the second op of an overlapped pair, the pair from i - 1
      let u = i;
      let partner = -1;
      if (hasPairs) {
        partner = pairPartner(s, i, first, last);
        if (partner === i - 1) u = i - 1;
      }
      const a = u > first ? end[u - 1] : 0;
      const b = start[u];
      const produced = end[producer];
      const x = produced < a ? a : Math.min(produced, b);
      if (x > a) {
        if (b <= fb) fill += x - a;
        else if (a >= lf) drain += x - a;
        else {
          let held = false;
          const ck = kind[i];
          if (ck === OpKind.B || ck === OpKind.BW) {
            const unitLast = Math.max(partner, i);
            if (nextForward <= unitLast) nextForward = unitLast + 1;
            while (nextForward < last && kind[nextForward] !== OpKind.F) nextForward++;
            if (nextForward < last) {
              // was the next forward's input there at a? its transfer, if any, is the first
              // transfer to an op >= it
              const g = nextForward;
              while (kc < nT && tTo[kc] < g) {
                if (kc > 0 && tTo[kc] <= tTo[kc - 1]) return null; // not listed by receiving op
                kc++;
              }
              let j = kc;
              while (j < nT && tTo[j] < g) j++;
              // no transfer: its micro-batch enters here (ready), or its own device feeds it (the
              // turn of a V; not taken as ready)
              held = j < nT && tTo[j] === g ? tEnd[j] <= a : stage[g] === 0;
            }
          }
          if (held) memory += x - a;
          else dependency += x - a;
        }
      }
      if (b > x) p2p += b - x;
    }
    const base = d * C;
    byDevice[base + IdleCauseId.fill] = fill;
    byDevice[base + IdleCauseId.drain] = drain;
    byDevice[base + IdleCauseId.dependency] = dependency;
    byDevice[base + IdleCauseId.p2p] = p2p;
    byDevice[base + IdleCauseId.memory] = memory;
    // a device's ops run one after another: its stream is idle for good after its last op
    const busyUntil = last > first ? end[last - 1] : 0;
    if (makespan > busyUntil) byDevice[base + IdleCauseId.tail] = makespan - busyUntil;
  }
  // the lookups relied on the order: check the rest of the list
  for (; kc < nT; kc++) if (kc > 0 && tTo[kc] <= tTo[kc - 1]) return null;
  const total = new Float64Array(C);
  for (let d = 0; d < P; d++) for (let c = 0; c < C; c++) total[c] += byDevice[d * C + c];
  return { devices: P, byDevice, total };
}
