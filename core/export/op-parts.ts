import type { PartColumns } from '../sim/timeline';

/**
 * The parts of each op, for exports that list them under their op: parts of op i are
 * order[offset[i] .. offset[i + 1]) (indices into the PartColumns), sorted by start time, ties kept
 * in column order. Linear apart from the per-op sort, which only sees one op's handful of parts.
 */
export interface OpParts {
  offset: Int32Array;
  order: Int32Array;
}

export function groupPartsByOp(parts: PartColumns, opCount: number): OpParts {
  const offset = new Int32Array(opCount + 1);
  for (let p = 0; p < parts.count; p++) offset[parts.op[p] + 1]++;
  for (let i = 0; i < opCount; i++) offset[i + 1] += offset[i];
  const cursor = offset.slice(0, opCount);
  const order = new Int32Array(parts.count);
  for (let p = 0; p < parts.count; p++) order[cursor[parts.op[p]]++] = p;
  const start = parts.start;
  for (let i = 0; i < opCount; i++) {
    // Insertion sort: a chunk has at most a dozen parts, usually already in time order.
    for (let a = offset[i] + 1; a < offset[i + 1]; a++) {
      const p = order[a];
      let b = a - 1;
      while (b >= offset[i] && start[order[b]] > start[p]) {
        order[b + 1] = order[b];
        b--;
      }
      order[b + 1] = p;
    }
  }
  return { offset, order };
}
