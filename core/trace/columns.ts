/**
 * Growable typed columns: the trace reader appends one value per kept event without knowing how
 * many will come, and a column of doubles costs 8 bytes a row where an object per event costs
 * ~100 (see the project's conventions on timelines).
 */

/** Rows a fresh column holds before it first grows; it doubles after that. */
const INITIAL_ROWS = 1024;

type TypedArray = Float64Array | Int32Array;

class Column<T extends TypedArray> {
  private data: T;
  length = 0;

  constructor(private readonly make: (rows: number) => T) {
    this.data = make(INITIAL_ROWS);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  /** The values pushed so far, trimmed to their count (a copy: the column can keep growing). */
  values(): T {
    return this.data.slice(0, this.length) as T;
  }
}

export class F64Column extends Column<Float64Array> {
  constructor() {
    super((n) => new Float64Array(n));
  }
}

export class I32Column extends Column<Int32Array> {
  constructor() {
    super((n) => new Int32Array(n));
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
