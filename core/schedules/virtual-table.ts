import { assert } from '../util/assert';

/**
 * Megatron-LM's schedule table for interleaved pipelines (`get_schedule_table` in
 * megatron/core/pipeline_parallel/schedules.py): the virtual micro-batches k = 0..v m - 1 of a
 * device in the order it runs its forwards. The m micro-batches are cut into groups of G (the last
 * group takes the rest, 1..G of them); each group runs through chunk 0, then chunk 1, ..., chunk
 * v - 1, in micro-batch order within a chunk. PyTorch's interleaved schedules walk the same table
 * with G = their micro-batches per round.
 */
export interface VirtualTable {
  /** Micro-batch of virtual micro-batch k. */
  microbatch: Int32Array;
  /** Model chunk of virtual micro-batch k (its forward's; a backward runs chunk v - 1 - this). */
  chunk: Uint8Array;
}

export function virtualTable(m: number, v: number, G: number): VirtualTable {
  assert(G >= 1 && G <= m, `a group of ${G} micro-batches does not fit ${m}`);
  const total = v * m;
  const microbatch = new Int32Array(total);
  const chunk = new Uint8Array(total);
  // Groups start at 0, G, 2G, ...; the one that reaches m is the last and takes the rest.
  let k = 0;
  for (let first = 0; first < m; first += G) {
    const end = Math.min(first + G, m);
    for (let c = 0; c < v; c++)
      for (let mb = first; mb < end; mb++) {
        microbatch[k] = mb;
        chunk[k++] = c;
      }
  }
  return { microbatch, chunk };
}

/** A packed entry holds a chunk and a micro-batch: chunk << CHUNK_SHIFT | micro-batch (m < 2^20). */
export const CHUNK_SHIFT = 20;
export const MICROBATCH_MASK = (1 << CHUNK_SHIFT) - 1;

/**
 * The table packed for generators, one number per virtual micro-batch so each op reads one entry:
 * `forward[k]` its forward's chunk and micro-batch, `backward[k]` the same micro-batch on chunk
 * v - 1 - the forward's (where its backward runs).
 */
export function packedVirtualTable(
  m: number,
  v: number,
  G: number,
): { forward: Int32Array; backward: Int32Array } {
  const table = virtualTable(m, v, G);
  const total = v * m;
  const forward = new Int32Array(total);
  const backward = new Int32Array(total);
  for (let k = 0; k < total; k++) {
    forward[k] = (table.chunk[k] << CHUNK_SHIFT) | table.microbatch[k];
    backward[k] = ((v - 1 - table.chunk[k]) << CHUNK_SHIFT) | table.microbatch[k];
  }
  return { forward, backward };
}
