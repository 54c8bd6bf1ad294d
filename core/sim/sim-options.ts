/**
 * Working memory a caller lends the simulator, to reuse across runs. Besides the timeline it
 * returns, a run needs scratch of about 10 bytes per op (the fast walk) or 16 (the general walk);
 * reusing it spares the page faults of fresh memory, which cost a million-op run several ms (see
 * docs/simulator-and-metrics.md, "Memory"). Each walk grows it to what its run needs and writes
 * every element before reading it, so one scratch serves any number of runs, one at a time (never
 * two at once). It holds the largest run's size for as long as the caller keeps it; a run without
 * one allocates its own, which the garbage collector frees with the run.
 */
export class SimScratch {
  private buffer = new ArrayBuffer(0);
  private readonly columns: (Float64Array | Int32Array | Uint8Array)[] = [];

  /** A buffer of at least `bytes` bytes, with stale contents. */
  take(bytes: number): ArrayBuffer {
    if (this.buffer.byteLength < bytes) this.buffer = new ArrayBuffer(bytes);
    return this.buffer;
  }

  /** Output column `slot` (see SimOptions.reuseOutput) of exactly n elements, with stale contents. */
  column<T extends Float64Array | Int32Array | Uint8Array>(
    slot: number,
    make: new (length: number) => T,
    n: number,
  ): T {
    let c = this.columns[slot] as T | undefined;
    if (c === undefined || c.length < n) {
      c = new make(Math.max(n, 2 * (c?.length ?? 0)));
      this.columns[slot] = c;
    }
    return c.subarray(0, n) as T;
  }
}

/** How a run went, for tests and benchmarks that must know which path it took. */
export interface WalkStats {
  /** 'plain': the fast walk (simulate-plain.ts); 'general': simulateGeneral. */
  walk: 'plain' | 'general';
  /** Fast walk: sweeps over the devices before it finished or fell back to wake lists (general: 0). */
  sweeps: number;
  /** Fast walk: whether it finished on wake lists (general: false). */
  wakeLists: boolean;
}

export interface SimOptions {
  /** Memory to reuse; without it the run allocates its own. */
  scratch?: SimScratch;
  /**
   * With a scratch: the general walk writes the timeline's columns (op times, transfers, parts)
   * into it too, so they are valid only until the scratch's next run. For a caller that reads a
   * timeline and drops it before the next run (the tuner: thousands of timelines, each read once).
   */
  reuseOutput?: boolean;
  /** Filled with how the run went. */
  stats?: WalkStats;
}

/** The run's scratch: the caller's, or a fresh buffer. */
export function scratchBuffer(options: SimOptions | undefined, bytes: number): ArrayBuffer {
  return options?.scratch ? options.scratch.take(bytes) : new ArrayBuffer(bytes);
}
