import { NO_PAIR, OpKind } from '../model/ops';
import type { Timeline } from '../sim/timeline';
import { CAUSE_COUNT, IdleCauseId, type IdleByCause } from './idle-cause-ids';
import { transfersByConsumer } from './timeline-links';

/**
 * The fast walk of the idle attribution for plain timelines (no chunk parts): only the sums, no
 * intervals, no per-op scratch arrays. It applies the general walk's rules (idle-walk.ts) and adds
 * the same lengths in the same order, so its sums are the general walk's bit for bit (checked by
 * why-slow.property.test.ts).
 *
 * What makes it cheap: without parts an op that starts after its stream is free starts exactly
 * when its late input's transfer ends, and the simulator's waitedFor names that input's producer,
 * so a gap needs no transfer lookup and the walk reads the op columns in order; a device's ops end
 * in order, so its stream is idle for good after its last op, and nothing waits for its own
 * communication. Only the memory test looks up a transfer (of the next forward), by a cursor that
 * moves forward over transfers listed by receiving op, as the simulator's fast path lists them.
 *
 * Returns null when the transfers are not listed so (the general walk then runs).
 */
export function attributeIdlePlain(t: Timeline): IdleByCause | null {
  if (!transfersByConsumer(t)) return null;
  const s = t.schedule;
  const P = s.devices;
  const { deviceStart, kind, stage, pair } = s;
  const { start, end, makespan, waitedFor } = t;
  const tr = t.transfers;
  const nT = tr.count;
  const tTo = tr.toOp;
  const tEnd = tr.end;

  const C = CAUSE_COUNT;
  const byDevice = new Float64Array(P * C);
  let kg = 0; // the first transfer to an op >= the next-forward pointer
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
    let busyUntil = 0;
    for (let i = first; i < last; i++) {
      const b = start[i];
      if (b > busyUntil) {
        // Without parts an op starts later than its stream is free only because its input (or,
        // for a pair, its partner's) arrived then, by transfer: start = the transfer's end, and
        // waitedFor names the producer (the simulator's rule for which input of a pair).
        const a = busyUntil;
        const p = pair[i];
        const partner =
          p === NO_PAIR
            ? -1
            : i + 1 < last && pair[i + 1] === p
              ? i + 1
              : i - 1 >= first && pair[i - 1] === p
                ? i - 1
                : -1;
        const consumer = waitedFor[i] >= 0 || partner < 0 ? i : partner;
        const producer = waitedFor[consumer];
        if (producer >= 0) {
          const produced = end[producer];
          const x = produced < a ? a : Math.min(produced, b);
          if (x > a) {
            if (b <= fb) fill += x - a;
            else if (a >= lf) drain += x - a;
            else {
              let held = false;
              const ck = kind[consumer];
              if (ck === OpKind.B || ck === OpKind.BW) {
                const unitLast = Math.max(partner, i);
                if (nextForward <= unitLast) nextForward = unitLast + 1;
                while (nextForward < last && kind[nextForward] !== OpKind.F) nextForward++;
                if (nextForward < last) {
                  const g = nextForward;
                  while (kg < nT && tTo[kg] < g) kg++;
                  held = kg < nT && tTo[kg] === g ? tEnd[kg] <= a : stage[g] === 0;
                }
              }
              if (held) memory += x - a;
              else dependency += x - a;
            }
          }
          if (b > x) p2p += b - x;
        }
      }
      const e = end[i];
      if (e > busyUntil) busyUntil = e;
    }
    const base = d * C;
    byDevice[base + IdleCauseId.fill] = fill;
    byDevice[base + IdleCauseId.drain] = drain;
    byDevice[base + IdleCauseId.dependency] = dependency;
    byDevice[base + IdleCauseId.p2p] = p2p;
    byDevice[base + IdleCauseId.memory] = memory;
    if (makespan > busyUntil) byDevice[base + IdleCauseId.tail] = makespan - busyUntil;
  }
  const total = new Float64Array(C);
  for (let d = 0; d < P; d++) for (let c = 0; c < C; c++) total[c] += byDevice[d * C + c];
  return { devices: P, byDevice, total };
}
