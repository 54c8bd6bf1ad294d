import { PAIR_ORDER_ENTRIES, type PairOrderEntry, pairOrderErrors } from '../model/costs';
import type { ChunkParts, DeviceParts } from '../model/scenario';
import type { Ms } from '../model/units';
import type { AnnotationFigures, AnnotationInstance } from './analyze-trace';
import { ENTRY_FIELD, type TraceMapping, partMatcher } from './mapping';

export interface MeasuredParts {
  /** Part times of one chunk in ms; parts the trace does not show are 0 (see `measured`). */
  parts: DeviceParts;
  /** The parts the trace measured, in PAIR_ORDER_ENTRIES order. */
  measured: PairOrderEntry[];
  /** Per measured part: annotation ranges found and their summed GPU time (ms). */
  sources: { entry: PairOrderEntry; names: string[]; ranges: number; gpuMs: Ms }[];
  /** The order one overlapped pair ran its ten parts in, as seen in the trace; null if it never shows one. */
  pairOrder: PairOrderEntry[] | null;
  warnings: string[];
}

export function zeroParts(): DeviceParts {
  return {
    forward: { attention: 0, dispatch: 0, mlp: 0, combine: 0 },
    backward: { combine: 0, mlpInput: 0, mlpWeight: 0, dispatch: 0, attentionInput: 0, attentionWeight: 0 },
  };
}

/** Sets one part's time: one number for every device, or one per device. */
export function setPart(parts: ChunkParts, entry: PairOrderEntry, ms: Ms | Ms[]): void {
  const [dir, field] = ENTRY_FIELD[entry];
  (parts[dir] as Record<string, Ms | Ms[]>)[field] = ms;
}

export function getPart(parts: DeviceParts, entry: PairOrderEntry): Ms {
  const [dir, field] = ENTRY_FIELD[entry];
  return (parts[dir] as Record<string, number>)[field];
}

/**
 * Measured part times of one chunk from one device's annotations: each part's time is the GPU
 * time of the ranges mapped to it (the kernels attributed to them, summed). With layersPerChunk
 * it is the mean per range times layersPerChunk (a chunk sums the layers it contains); without,
 * the trace is taken to hold one chunk of each kind (DeepSeek's profile data: one pair of 4-layer
 * chunks), so all ranges are summed. Null when no annotation maps to a part.
 */
export function measureParts(
  annotations: readonly AnnotationFigures[],
  instances: readonly AnnotationInstance[],
  mapping: TraceMapping,
): MeasuredParts | null {
  const entryOf = partMatcher(mapping);
  const byEntry = new Map<PairOrderEntry, { names: string[]; ranges: number; gpuMs: Ms }>();
  for (const a of annotations) {
    const e = entryOf(a.name);
    if (e === null) continue;
    let s = byEntry.get(e);
    if (!s) byEntry.set(e, (s = { names: [], ranges: 0, gpuMs: 0 }));
    s.names.push(a.name);
    s.ranges += a.count;
    s.gpuMs += a.gpuMs;
  }
  if (byEntry.size === 0) return null;
  const warnings: string[] = [];
  const parts = zeroParts();
  const measured: PairOrderEntry[] = [];
  const sources: MeasuredParts['sources'] = [];
  const L = mapping.layersPerChunk;
  for (const e of PAIR_ORDER_ENTRIES) {
    const s = byEntry.get(e);
    if (!s) continue;
    measured.push(e);
    sources.push({ entry: e, ...s });
    setPart(parts, e, L === null || s.ranges === 0 ? s.gpuMs : (s.gpuMs / s.ranges) * L);
  }
  if (L === null) {
    const counts = new Set(sources.map((s) => s.ranges));
    if (counts.size > 1)
      warnings.push(
        `the parts have different numbers of ranges (${sources.map((s) => `${s.entry} ${s.ranges}`).join(', ')}), so the trace is not one chunk of each kind; give layersPerChunk in the mapping`,
      );
  }
  const missing = PAIR_ORDER_ENTRIES.filter((e) => !byEntry.has(e));
  if (missing.length > 0) warnings.push(`not in the trace, left at 0: ${missing.join(', ')}`);
  const order = pairOrderSeen(instances, entryOf);
  if (order.warning) warnings.push(order.warning);
  return { parts, measured, sources, pairOrder: order.order, warnings };
}

/**
 * The pair order the trace shows. Take the CPU ranges of parts in start order; every run of ten
 * consecutive ranges naming ten different parts is a candidate (one layer of an overlapped pair
 * runs each part once). Candidates a pair cannot run (pairOrderErrors) are dropped: this drops
 * the runs that straddle two layers, which put a part before the one it needs (DeepSeek's trace:
 * four layers of the same ten parts). The most frequent remaining order wins, the first seen on a tie.
 */
export function pairOrderSeen(
  instances: readonly AnnotationInstance[],
  entryOf: (name: string) => PairOrderEntry | null,
): { order: PairOrderEntry[] | null; warning: string | null } {
  const seq = instances
    .filter((x) => x.cpu)
    .map((x) => ({ entry: entryOf(x.name), t: x.cpuStart }))
    .filter((x): x is { entry: PairOrderEntry; t: number } => x.entry !== null)
    .sort((a, b) => a.t - b.t)
    .map((x) => x.entry);
  if (seq.length === 0) return { order: null, warning: null };
  const N = PAIR_ORDER_ENTRIES.length;
  const tally = new Map<string, { order: PairOrderEntry[]; n: number; first: number }>();
  for (let i = 0; i + N <= seq.length; i++) {
    const run = seq.slice(i, i + N);
    if (new Set(run).size !== N) continue;
    const key = run.join('|');
    const t = tally.get(key);
    if (t) t.n++;
    else tally.set(key, { order: run, n: 1, first: i });
  }
  if (tally.size === 0)
    return {
      order: null,
      warning: 'no pair order: no stretch of the trace runs all ten parts of a pair once each',
    };
  const ranked = [...tally.values()].sort((a, b) => b.n - a.n || a.first - b.first);
  const runnable = ranked.find((c) => pairOrderErrors(c.order).length === 0);
  if (runnable) return { order: runnable.order, warning: null };
  const best = ranked[0];
  return {
    order: null,
    warning: `the pair order seen (${best.order.join(', ')}) cannot run: ${pairOrderErrors(best.order)[0].message}`,
  };
}
