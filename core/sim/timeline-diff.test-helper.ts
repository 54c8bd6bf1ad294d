/**
 * Where two timelines of one schedule differ, for the tests that hold the tuned walks to the
 * reference simulator: start, end, waitedFor and makespan must be equal bit for bit (Object.is);
 * transfers and parts are compared as multisets, since the walks list them in different orders.
 */
import { PART_NAMES, type Timeline } from './timeline';

/** The transfers as sorted "from>to start-end" rows. */
export function transferRows(t: Timeline): string[] {
  const tr = t.transfers;
  const out: string[] = [];
  for (let k = 0; k < tr.count; k++) out.push(`${tr.fromOp[k]}>${tr.toOp[k]} ${tr.start[k]}-${tr.end[k]}`);
  return out.sort();
}

/** The parts as sorted "op part stream start-end" rows (none without parts). */
export function partRows(t: Timeline): string[] {
  const p = t.parts;
  if (!p) return [];
  const out: string[] = [];
  for (let k = 0; k < p.count; k++)
    out.push(`${p.op[k]} ${PART_NAMES[p.part[k]]} s${p.stream[k]} ${p.start[k]}-${p.end[k]}`);
  return out.sort();
}

/** Up to three differences per field, as "field[i]: a, expected b"; empty when the two agree. */
export function timelineDiff(actual: Timeline, expected: Timeline): string[] {
  const out: string[] = [];
  const compare = (field: string, a: ArrayLike<number | string>, b: ArrayLike<number | string>) => {
    let shown = 0;
    if (a.length !== b.length) out.push(`${field}: ${a.length} entries, expected ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length) && shown < 3; i++)
      if (!Object.is(a[i], b[i])) {
        out.push(`${field}[${i}]: ${a[i]}, expected ${b[i]}`);
        shown++;
      }
  };
  compare('start', actual.start, expected.start);
  compare('end', actual.end, expected.end);
  compare('waitedFor', actual.waitedFor, expected.waitedFor);
  compare('makespan', [actual.makespan], [expected.makespan]);
  compare('transfers', transferRows(actual), transferRows(expected));
  if ((actual.parts === null) !== (expected.parts === null))
    out.push(`parts: ${actual.parts ? 'given' : 'none'}, expected ${expected.parts ? 'given' : 'none'}`);
  compare('parts', partRows(actual), partRows(expected));
  return out;
}
