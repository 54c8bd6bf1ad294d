import { roundMs } from '../export/text';
import type { PathError } from '../model/path-error';
import { PAIR_ORDER_ENTRIES, type PairOrderEntry } from '../model/costs';
import type { DeviceParts } from '../model/scenario';
import { type RankAnalysis, analyzeTraceFile } from './analyze-trace';
import type { StreamRole } from './figures';
import { type TraceMapping, traceMappingToJson } from './mapping';
import { type MeasuredParts, getPart, measureParts, setPart, zeroParts } from './parts';
import type { TraceFile } from './reader';

export const TRACE_SUMMARY_FORMAT = 'pipescope-trace-summary';

export interface TraceInput {
  /** How the user named the file (shown in messages and the result). */
  source: string;
  trace: TraceFile;
}

export interface RankSummary extends RankAnalysis {
  source: string;
  parts: MeasuredParts | null;
}

export interface TraceSummary {
  files: {
    source: string;
    rank: number;
    events: number;
    bytes: number;
    startDate: string | null;
    truncated: boolean;
  }[];
  ranks: RankSummary[];
  /** Mean over the ranks that measured each part; null when no annotation maps to a part. */
  parts: MeasuredParts | null;
  mapping: TraceMapping;
  warnings: { source: string; message: string }[];
}

export type SummaryResult =
  | { ok: true; summary: TraceSummary }
  | { ok: false; errors: (PathError & { source: string })[] };

/**
 * Figures of every rank in the files (ranks from distributedInfo.rank, else file order), and the
 * parts the mapping measures, per rank and averaged over the ranks. A file without GPU events is
 * an error when no other file has any, and is left out with a warning otherwise.
 */
export function summarizeTraces(inputs: readonly TraceInput[], mapping: TraceMapping): SummaryResult {
  const errors: (PathError & { source: string })[] = [];
  const warnings: TraceSummary['warnings'] = [];
  const ranks: RankSummary[] = [];
  const files: TraceSummary['files'] = [];
  const commKernels = mapping.commKernels.map((p) => new RegExp(p, 'i'));
  inputs.forEach(({ source, trace }, i) => {
    const a = analyzeTraceFile(trace, i, { streamRoles: mapping.streamRoles, commKernels });
    if (!a.ok) {
      for (const e of a.errors) errors.push({ source, ...e });
      return;
    }
    files.push({
      source,
      rank: a.ranks[0]?.rank ?? i,
      events: trace.events,
      bytes: trace.bytes,
      startDate: trace.startDate,
      truncated: trace.truncated,
    });
    for (const w of a.warnings) warnings.push({ source, message: w });
    for (const r of a.ranks) {
      const parts = measureParts(r.annotations, r.instances, mapping);
      if (parts) for (const w of parts.warnings) warnings.push({ source, message: `rank ${r.rank}: ${w}` });
      ranks.push({ ...r, source, parts });
    }
  });
  // A rank without GPU work (a CPU-only process of the job) is left out with a warning, unless
  // there is nothing else to measure.
  if (errors.length > 0 && ranks.length === 0) return { ok: false, errors };
  for (const e of errors) warnings.push({ source: e.source, message: `left out: ${e.path}: ${e.message}` });
  const seen = new Map<number, string>();
  for (const f of files) {
    const other = seen.get(f.rank);
    if (other !== undefined)
      warnings.push({ source: f.source, message: `rank ${f.rank} again (also in ${other})` });
    else seen.set(f.rank, f.source);
  }
  ranks.sort((a, b) => a.rank - b.rank || a.device - b.device);
  return { ok: true, summary: { files, ranks, parts: meanParts(ranks), mapping, warnings } };
}

/** Each part averaged over the ranks that measured it; the pair order most ranks show. */
function meanParts(ranks: readonly RankSummary[]): MeasuredParts | null {
  const measuredRanks = ranks.filter((r) => r.parts !== null).map((r) => r.parts!);
  if (measuredRanks.length === 0) return null;
  if (measuredRanks.length === 1) return measuredRanks[0];
  const parts = zeroParts();
  const measured: PairOrderEntry[] = [];
  const sources: MeasuredParts['sources'] = [];
  for (const e of PAIR_ORDER_ENTRIES) {
    const having = measuredRanks.filter((p) => p.measured.includes(e));
    if (having.length === 0) continue;
    measured.push(e);
    setPart(parts, e, having.reduce((s, p) => s + getPart(p.parts, e), 0) / having.length);
    const src = having.flatMap((p) => p.sources.filter((s) => s.entry === e));
    sources.push({
      entry: e,
      names: [...new Set(src.flatMap((s) => s.names))],
      ranges: src.reduce((s, x) => s + x.ranges, 0),
      gpuMs: src.reduce((s, x) => s + x.gpuMs, 0),
    });
  }
  const orders = new Map<string, { order: PairOrderEntry[]; n: number }>();
  for (const p of measuredRanks) {
    if (!p.pairOrder) continue;
    const k = p.pairOrder.join('|');
    const o = orders.get(k);
    if (o) o.n++;
    else orders.set(k, { order: p.pairOrder, n: 1 });
  }
  const best = [...orders.values()].sort((a, b) => b.n - a.n)[0];
  return { parts, measured, sources, pairOrder: best ? best.order : null, warnings: [] };
}

const ratio = (x: number | null) => (x === null || !Number.isFinite(x) ? null : Math.round(x * 1e6) / 1e6);

/** Measured parts in the JSON: `parts` exactly as a scenario's `parts` field takes them, and beside them what was measured from what. */
export interface PartsJson {
  parts: DeviceParts;
  partsMeasured: PairOrderEntry[];
  partSources: { entry: PairOrderEntry; names: string[]; ranges: number; gpuMs: number }[];
}

export interface RankJson extends Partial<PartsJson> {
  rank: number;
  rankFrom: 'distributedInfo' | 'file order';
  device: number;
  deviceName: string | null;
  source: string;
  streams: {
    id: number;
    role: StreamRole;
    roleFrom: 'kernels' | 'override';
    busyMs: number;
    ops: number;
    commShare: number | null;
  }[];
  windowMs: number;
  computeMs: number;
  commMs: number;
  overlapMs: number;
  overlap: number | null;
  exposedCommMs: number;
  idleMs: number;
  commToComputeRatio: number | null;
  attributed: RankAnalysis['attributed'];
  annotations: {
    name: string;
    count: number;
    gpuMs: number;
    spanMs: number;
    cpuMs: number;
    streams: Record<string, number>;
  }[];
}

export interface TraceSummaryJson extends Partial<PartsJson> {
  format: typeof TRACE_SUMMARY_FORMAT;
  version: 1;
  files: TraceSummary['files'];
  ranks: RankJson[];
  /** The mapping used (with parts only). */
  mapping?: Record<string, unknown>;
  /** "SOURCE: message" */
  warnings: string[];
}

function partsJson(p: MeasuredParts): PartsJson {
  const round = (o: Record<string, number>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, roundMs(v)]));
  const parts: DeviceParts = {
    forward: round(p.parts.forward) as DeviceParts['forward'],
    backward: round(p.parts.backward) as DeviceParts['backward'],
  };
  if (p.pairOrder) parts.pairOrder = [...p.pairOrder];
  return {
    parts,
    partsMeasured: p.measured,
    partSources: p.sources.map((s) => ({ ...s, gpuMs: roundMs(s.gpuMs) })),
  };
}

/**
 * The `pipescope trace --json` object: one entry per rank (and device) with its streams, the
 * figures, and GPU time per annotation; `parts` (one chunk, ms, as the scenario format takes
 * them, plus which were measured) when the mapping matched any annotation. Times in ms rounded
 * to 1 ns; ratios to 1e-6.
 */
export function traceSummaryToJson(s: TraceSummary): TraceSummaryJson {
  const ranks = s.ranks.map((r): RankJson => {
    const f = r.figures;
    const rank: RankJson = {
      rank: r.rank,
      rankFrom: r.rankFrom,
      device: r.device,
      deviceName: r.deviceInfo?.name ?? null,
      source: r.source,
      streams: f.streams.map((st) => ({
        id: st.id,
        role: st.role,
        roleFrom: st.roleFrom,
        busyMs: roundMs(st.busyMs),
        ops: st.ops,
        commShare: ratio(st.commShare),
      })),
      windowMs: roundMs(f.windowMs),
      computeMs: roundMs(f.computeMs),
      commMs: roundMs(f.commMs),
      overlapMs: roundMs(f.overlapMs),
      overlap: ratio(f.overlap),
      exposedCommMs: roundMs(f.exposedCommMs),
      idleMs: roundMs(f.idleMs),
      commToComputeRatio: ratio(f.commToComputeRatio),
      attributed: r.attributed,
      annotations: r.annotations.map((a) => ({
        name: a.name,
        count: a.count,
        gpuMs: roundMs(a.gpuMs),
        spanMs: roundMs(a.spanMs),
        cpuMs: roundMs(a.cpuMs),
        streams: Object.fromEntries(
          [...a.streams].sort((x, y) => x[0] - y[0]).map(([id, ms]) => [String(id), roundMs(ms)]),
        ),
      })),
    };
    return r.parts ? { ...rank, ...partsJson(r.parts) } : rank;
  });
  const out: TraceSummaryJson = {
    format: TRACE_SUMMARY_FORMAT,
    version: 1,
    files: s.files,
    ranks,
    warnings: [],
  };
  if (s.parts) Object.assign(out, partsJson(s.parts), { mapping: traceMappingToJson(s.mapping) });
  out.warnings = s.warnings.map((w) => `${w.source}: ${w.message}`);
  return out;
}
