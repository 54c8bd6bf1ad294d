/**
 * Indexed binary min-heap of devices keyed by the next time each can act (the greedy zero-bubble
 * scheduler's event order). Ties go to the lower device, so orders are deterministic.
 */
export class DeviceHeap {
  readonly key: Float64Array;
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  private n = 0;

  constructor(P: number) {
    this.key = new Float64Array(P);
    this.heap = new Int32Array(P);
    this.pos = new Int32Array(P).fill(-1);
  }

  get size(): number {
    return this.n;
  }

  private less(a: number, b: number): boolean {
    const ka = this.key[a];
    const kb = this.key[b];
    return ka < kb || (ka === kb && a < b);
  }

  private swap(i: number, j: number) {
    const a = this.heap[i];
    const b = this.heap[j];
    this.heap[i] = b;
    this.heap[j] = a;
    this.pos[b] = i;
    this.pos[a] = j;
  }

  private up(i: number) {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(this.heap[i], this.heap[p])) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number) {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < this.n && this.less(this.heap[l], this.heap[best])) best = l;
      if (r < this.n && this.less(this.heap[r], this.heap[best])) best = r;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }

  has(d: number): boolean {
    return this.pos[d] >= 0;
  }

  /** Inserts d, or moves it to the given key. */
  set(d: number, k: number) {
    if (this.pos[d] < 0) {
      this.key[d] = k;
      this.heap[this.n] = d;
      this.pos[d] = this.n++;
      this.up(this.n - 1);
      return;
    }
    const old = this.key[d];
    this.key[d] = k;
    if (k < old) this.up(this.pos[d]);
    else this.down(this.pos[d]);
  }

  pop(): number {
    const d = this.heap[0];
    this.n--;
    if (this.n > 0) {
      this.swap(0, this.n);
    }
    this.pos[d] = -1;
    if (this.n > 0) this.down(0);
    return d;
  }
}
