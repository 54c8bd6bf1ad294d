import { NO_PAIR } from '../model/ops';
import type { Schedule } from '../model/schedule';

/** The op columns of a schedule a generator writes itself (scheduleFromColumns takes them). */
export type OpColumns = Pick<Schedule, 'kind' | 'microbatch' | 'chunk' | 'stage' | 'pair'>;

/**
 * Columns for n ops, kind F (0) and no pair to start with (`pairs: false` leaves the pair column
 * for the caller to write, every entry). They share two buffers, one per element type: at a
 * million ops each fresh allocation costs its page faults, more than writing the ops.
 */
export function opColumns(n: number, pairs = true): OpColumns {
  const ints = new Int32Array(3 * n);
  const bytes = new Uint8Array(2 * n);
  const pair = ints.subarray(2 * n);
  return {
    kind: bytes.subarray(0, n),
    chunk: bytes.subarray(n),
    microbatch: ints.subarray(0, n),
    stage: ints.subarray(n, 2 * n),
    pair: pairs ? pair.fill(NO_PAIR) : pair,
  };
}
