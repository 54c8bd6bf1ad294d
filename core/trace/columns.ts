/**
 * Growable typed columns: the trace reader appends one value per kept event without knowing how
 * many will come, and a column of doubles costs 8 bytes a row where an object per event costs
 * ~100 (see the project's conventions on timelines).
 */

/** Rows a fresh column holds before it first grows; it doubles after that. */
const INITIAL_ROWS = 1024;

export class F64Column {
  private data = new Float64Array(INITIAL_ROWS);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  /** The values pushed so far, trimmed to their count (a copy: the column can keep growing). */
  values(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

export class I32Column {
  private data = new Int32Array(INITIAL_ROWS);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  values(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Strings to dense ids and back: kernel and annotation names repeat thousands of times. */
export class Interner<T = string> {
  private readonly ids = new Map<T, number>();
  readonly values: T[] = [];

  id(v: T): number {
    let id = this.ids.get(v);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(v, id);
      this.values.push(v);
    }
    return id;
  }
}
