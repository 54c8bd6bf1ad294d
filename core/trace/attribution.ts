import type { TraceFile } from './reader';

/** How a GPU op found its annotation. */
export const VIA = {
  /** No annotation holds it. */
  none: 0,
  /** Its launch (found by correlation) lies inside a CPU annotation of the launching process. */
  launch: 1,
  /** It has no launch in the trace, but lies inside a gpu_user_annotation range of its stream. */
  gpuAnnotation: 2,
} as const;

export interface Attribution {
  /**
   * Per op: its annotation instance, or -1. Instances are the CPU annotations
   * (0 .. annotations.count - 1), then the GPU annotation ranges (annotations.count + k).
   */
  instanceOf: Int32Array;
  /** Per op: VIA */
  via: Uint8Array;
  /** Per op: the launch time (ms, CPU clock), or NaN when it has no launch in the trace. */
  launchTs: Float64Array;
}

/**
 * Gives each GPU op of the trace to an annotation: the innermost (shortest) CPU annotation of the
 * launching process whose range contains the launch, on any thread (autograd launches backward
 * kernels from its own thread while the annotation sits on the main thread). Ops without a launch
 * in the trace fall back to the innermost gpu_user_annotation range of their device and stream
 * that contains their start. Ranges are closed: a launch at an annotation's end is inside it.
 */
export function attribute(trace: TraceFile): Attribution {
  const { ops, annotations: ann, gpuAnnotations: gann } = trace;
  const n = ops.count;
  const instanceOf = new Int32Array(n).fill(-1);
  const via = new Uint8Array(n);
  const launchTs = new Float64Array(n).fill(Number.NaN);
  const launchProcess = new Int32Array(n).fill(-1);

  // Correlation -> launch; runtime events first, flow starts for correlations they lack.
  const byCorrelation = new Map<number, number>();
  const { launches, flows } = trace;
  for (let k = 0; k < launches.count; k++) byCorrelation.set(launches.correlation[k], k);
  const flowBase = launches.count;
  for (let k = 0; k < flows.count; k++)
    if (!byCorrelation.has(flows.correlation[k])) byCorrelation.set(flows.correlation[k], flowBase + k);
  for (let i = 0; i < n; i++) {
    const c = ops.correlation[i];
    if (Number.isNaN(c)) continue;
    const k = byCorrelation.get(c);
    if (k === undefined) continue;
    if (k < flowBase) {
      launchTs[i] = launches.ts[k];
      launchProcess[i] = launches.process[k];
    } else {
      launchTs[i] = flows.ts[k - flowBase];
      launchProcess[i] = flows.process[k - flowBase];
    }
  }

  // Innermost containing CPU annotation, one sweep per process.
  const annGroups = groupBy(ann.count, (k) => ann.process[k]);
  const opGroups = groupBy(n, (i) => launchProcess[i]);
  for (const [process, opList] of opGroups) {
    if (process < 0) continue;
    const annList = annGroups.get(process);
    if (!annList) continue;
    innermost(
      annList,
      (k) => ann.start[k],
      (k) => ann.end[k],
      opList,
      (i) => launchTs[i],
      (i, k) => {
        instanceOf[i] = k;
        via[i] = VIA.launch;
      },
    );
  }

  // Ops with no launch: innermost GPU annotation range on their own device and stream.
  if (gann.count > 0) {
    const key = (device: number, stream: number) => `${device}/${stream}`;
    const gGroups = groupBy(gann.count, (k) => key(gann.device[k], gann.stream[k]));
    const orphanGroups = groupBy(n, (i) => (launchProcess[i] < 0 ? key(ops.device[i], ops.stream[i]) : ''));
    for (const [where, opList] of orphanGroups) {
      if (where === '') continue;
      const gList = gGroups.get(where);
      if (!gList) continue;
      innermost(
        gList,
        (k) => gann.start[k],
        (k) => gann.end[k],
        opList,
        (i) => ops.start[i],
        (i, k) => {
          instanceOf[i] = ann.count + k;
          via[i] = VIA.gpuAnnotation;
        },
      );
    }
  }
  return { instanceOf, via, launchTs };
}

function groupBy<K>(count: number, keyOf: (i: number) => K): Map<K, number[]> {
  const groups = new Map<K, number[]>();
  for (let i = 0; i < count; i++) {
    const k = keyOf(i);
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  }
  return groups;
}

/**
 * For each point, the shortest interval containing it. Sweep the points in time order, adding
 * intervals as they start to a heap ordered by length; an interval at the top that ended before
 * the point has ended for every later point too, so it is dropped for good. O((I + Q) log I).
 * Equal lengths: the later start wins, then the later interval in the file (the inner of two
 * ranges that start together).
 */
export function innermost(
  intervals: number[],
  startOf: (k: number) => number,
  endOf: (k: number) => number,
  points: number[],
  at: (q: number) => number,
  found: (q: number, k: number) => void,
): void {
  const byStart = [...intervals].sort((a, b) => startOf(a) - startOf(b) || a - b);
  const byTime = [...points].sort((a, b) => at(a) - at(b) || a - b);
  const heap = new IntervalHeap(startOf, endOf);
  let next = 0;
  for (const q of byTime) {
    const t = at(q);
    while (next < byStart.length && startOf(byStart[next]) <= t) heap.push(byStart[next++]);
    while (heap.size > 0 && endOf(heap.top()) < t) heap.pop();
    if (heap.size > 0) found(q, heap.top());
  }
}

/** A binary min-heap of interval indices by (length, -start, -index). */
class IntervalHeap {
  private items: number[] = [];

  constructor(
    private readonly startOf: (k: number) => number,
    private readonly endOf: (k: number) => number,
  ) {}

  get size(): number {
    return this.items.length;
  }

  top(): number {
    return this.items[0];
  }

  private less(a: number, b: number): boolean {
    const la = this.endOf(a) - this.startOf(a);
    const lb = this.endOf(b) - this.startOf(b);
    if (la !== lb) return la < lb;
    const sa = this.startOf(a);
    const sb = this.startOf(b);
    if (sa !== sb) return sa > sb;
    return a > b;
  }

  push(k: number): void {
    const h = this.items;
    h.push(k);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  pop(): void {
    const h = this.items;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
