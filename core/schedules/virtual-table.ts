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
 * v - 1 - the forward's (where its backward runs). `runEnd[k]` is where the run holding k ends: a
 * run is one group on one chunk, so from k to runEnd[k] the chunk stays and the micro-batch goes
 * up by one per entry, in both tables (a generator writes a run from its first entry alone).
 */
export function packedVirtualTable(
  m: number,
  v: number,
  G: number,
): { forward: Int32Array; backward: Int32Array; runEnd: Int32Array; longestRun: number } {
  const table = virtualTable(m, v, G);
  const total = v * m;
  const forward = new Int32Array(total);
  const backward = new Int32Array(total);
  const runEnd = new Int32Array(total);
  for (let k = 0; k < total; k++) {
    forward[k] = (table.chunk[k] << CHUNK_SHIFT) | table.microbatch[k];
    backward[k] = ((v - 1 - table.chunk[k]) << CHUNK_SHIFT) | table.microbatch[k];
  }
  // runs, last to first: an entry continues the next one's run when the next is its successor
  let end = total;
  let longestRun = 0;
  for (let k = total - 1; k >= 0; k--) {
    if (k + 1 < total && forward[k + 1] !== forward[k] + 1) end = k + 1;
    runEnd[k] = end;
    longestRun = Math.max(longestRun, end - k);
  }
  return { forward, backward, runEnd, longestRun };
}

/**
 * Chunk patterns of steps repeated up to `repeats` times, each made on first use: a generator
 * whose steps (one to three ops, each on its own chunk) repeat over a stretch writes the stretch's
 * chunks as a block copy of a pattern instead of op by op. `(times, c0, c1, c2)` is the chunks of
 * `times` steps (times <= repeats); chunks are below `v`, -1 when the step has no such op. Looked
 * up once per stretch, so nothing is allocated after the first use: the key is a number and the
 * views of a pattern's first steps are kept (a fresh view per stretch measured slower).
 */
export function chunkPatterns(
  repeats: number,
  v: number,
): (times: number, c0: number, c1?: number, c2?: number) => Uint8Array {
  const made = new Map<number, Uint8Array[]>();
  return (times, c0, c1 = -1, c2 = -1) => {
    const key = (c0 * (v + 1) + c1 + 1) * (v + 1) + c2 + 1;
    let views = made.get(key);
    if (views === undefined) {
      views = new Array(repeats + 1);
      views[repeats] = repeated(c2 >= 0 ? [c0, c1, c2] : c1 >= 0 ? [c0, c1] : [c0], repeats);
      made.set(key, views);
    }
    let view = views[times];
    if (view === undefined) {
      const whole = views[repeats];
      view = whole.subarray(0, (whole.length / repeats) * times);
      views[times] = view;
    }
    return view;
  };
}

/** `step` written `repeats` times over (kinds or chunks of a run of identical steps). */
export function repeated(step: readonly number[], repeats: number): Uint8Array {
  const out = new Uint8Array(step.length * repeats);
  for (let p = 0; p < out.length; p++) out[p] = step[p % step.length];
  return out;
}

/**
 * Micro-batches mb, mb + 1, ... and stage `st` at every `width`-th op from `from` to `end`: one of
 * a stretch's steps written for all its repeats (its kind and chunk are block copies).
 */
export function writeEvery(
  microbatch: Int32Array,
  stage: Int32Array,
  from: number,
  end: number,
  width: number,
  mb: number,
  st: number,
): void {
  for (let p = from; p < end; p += width) {
    microbatch[p] = mb++;
    stage[p] = st;
  }
}

/**
 * Writes the packed entries `packed[from..to)` as ops of one kind on device `d` of `P`, a run (one
 * chunk, consecutive micro-batches) at a time from op `i`; returns the op index after them.
 */
export function writeRunsOfKind(
  cols: { kind: Uint8Array; chunk: Uint8Array; microbatch: Int32Array; stage: Int32Array },
  opKind: number,
  packed: Int32Array,
  runEnd: Int32Array,
  from: number,
  to: number,
  i: number,
  P: number,
  d: number,
): number {
  for (let b = from; b < to; ) {
    const len = runEnd[b] - b;
    const y = packed[b];
    const c = y >>> CHUNK_SHIFT;
    cols.kind.fill(opKind, i, i + len);
    cols.chunk.fill(c, i, i + len);
    writeEvery(cols.microbatch, cols.stage, i, i + len, 1, y & MICROBATCH_MASK, c * P + d);
    i += len;
    b += len;
  }
  return i;
}
