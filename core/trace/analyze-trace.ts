import type { PathError } from '../model/path-error';
import type { Ms } from '../model/units';
import { VIA, attribute } from './attribution';
import { type DeviceFigures, type StreamRole, deviceFigures } from './figures';
import { commKernelMatcher } from './kernels';
import type { DeviceInfo, TraceFile } from './reader';

/** Per annotation name, on one device. */
export interface AnnotationFigures {
  name: string;
  /** CPU ranges with this name in the file (GPU-only ranges count when no CPU range has the name). */
  count: number;
  /** Summed durations of those CPU ranges. */
  cpuMs: Ms;
  /** GPU time of the ops attributed to it (summed durations) on this device. */
  gpuMs: Ms;
  /** gpuMs by stream id. */
  streams: Map<number, Ms>;
  /** Summed over its ranges: from the first attributed op's start to the last one's end. */
  spanMs: Ms;
}

/** One annotation range and what it ran on one device: the input of measured parts and pair order. */
export interface AnnotationInstance {
  name: string;
  /** CPU start (ms from the trace origin); for a GPU-only range, its GPU start. */
  cpuStart: Ms;
  gpuMs: Ms;
  /** True for a CPU range (record_function), false for a GPU-only range. */
  cpu: boolean;
}

export interface RankAnalysis {
  /** distributedInfo.rank, else the file's position among the files read. */
  rank: number;
  rankFrom: 'distributedInfo' | 'file order';
  device: number;
  deviceInfo: DeviceInfo | null;
  figures: DeviceFigures;
  annotations: AnnotationFigures[];
  instances: AnnotationInstance[];
  attributed: { ops: number; viaLaunch: number; viaGpuAnnotation: number; none: number };
}

export interface StreamRoleOverride {
  /** Only on this rank; null: on every rank. */
  rank: number | null;
  stream: number;
  role: StreamRole;
}

export interface AnalyzeOptions {
  streamRoles?: readonly StreamRoleOverride[];
  /** Extra communication kernel name patterns. */
  commKernels?: readonly RegExp[];
}

export type FileAnalysis =
  | { ok: true; ranks: RankAnalysis[]; warnings: string[] }
  | { ok: false; errors: PathError[] };

/**
 * Figures for each device of one trace file: stream roles and busy times, compute and
 * communication time and their overlap, and GPU time per annotation. A file without GPU ops is an
 * error: there is nothing to measure.
 */
export function analyzeTraceFile(
  trace: TraceFile,
  fileIndex: number,
  options: AnalyzeOptions = {},
): FileAnalysis {
  const { ops } = trace;
  if (ops.count === 0)
    return {
      ok: false,
      errors: [
        {
          path: 'traceEvents',
          message: `no GPU events (kernel, gpu_memcpy or gpu_memset) among its ${trace.events.toLocaleString('en-US')} events: profile with ProfilerActivity.CUDA to record what the GPU ran`,
        },
      ],
    };
  const rank = trace.rank ?? fileIndex;
  const rankFrom = trace.rank !== null ? 'distributedInfo' : 'file order';
  const isCommName = commKernelMatcher(options.commKernels);
  const commByName = trace.names.map((n) => isCommName(n));
  const isComm = (i: number) => commByName[ops.name[i]];
  const overrides = options.streamRoles ?? [];
  const roleOverride = (stream: number): StreamRole | undefined => {
    let role: StreamRole | undefined;
    for (const o of overrides) {
      if (o.stream !== stream) continue;
      if (o.rank === rank) return o.role;
      if (o.rank === null) role = o.role;
    }
    return role;
  };

  const attr = attribute(trace);
  const devices = [...new Set(ops.device)].sort((a, b) => a - b);
  const warnings = [...trace.warnings];
  if (devices.length > 1)
    warnings.push(
      `GPU ops on ${devices.length} devices (${devices.join(', ')}) in one file: one entry per device, all with rank ${rank}`,
    );
  const ranks = devices.map((device) => {
    const figures = deviceFigures(ops, device, isComm, roleOverride);
    const { annotations, instances } = annotationFigures(trace, attr.instanceOf, device);
    let viaLaunch = 0;
    let viaGpu = 0;
    let count = 0;
    for (let i = 0; i < ops.count; i++) {
      if (ops.device[i] !== device) continue;
      count++;
      if (attr.via[i] === VIA.launch) viaLaunch++;
      else if (attr.via[i] === VIA.gpuAnnotation) viaGpu++;
    }
    return {
      rank,
      rankFrom,
      device,
      deviceInfo: trace.devices.find((d) => d.id === device) ?? null,
      figures,
      annotations,
      instances,
      attributed: { ops: count, viaLaunch, viaGpuAnnotation: viaGpu, none: count - viaLaunch - viaGpu },
    } satisfies RankAnalysis;
  });
  return { ok: true, ranks, warnings };
}

/** GPU time per annotation name and per annotation range on one device. */
function annotationFigures(
  trace: TraceFile,
  instanceOf: Int32Array,
  device: number,
): { annotations: AnnotationFigures[]; instances: AnnotationInstance[] } {
  const { ops, annotations: ann, gpuAnnotations: gann, names } = trace;
  const total = ann.count + gann.count;
  const gpuMs = new Float64Array(total);
  const first = new Float64Array(total).fill(Number.POSITIVE_INFINITY);
  const last = new Float64Array(total).fill(Number.NEGATIVE_INFINITY);
  const byStream = new Map<number, Map<number, number>>(); // name id -> stream -> ms
  for (let i = 0; i < ops.count; i++) {
    const k = instanceOf[i];
    if (k < 0 || ops.device[i] !== device) continue;
    const d = ops.end[i] - ops.start[i];
    gpuMs[k] += d;
    if (ops.start[i] < first[k]) first[k] = ops.start[i];
    if (ops.end[i] > last[k]) last[k] = ops.end[i];
    const nameId = k < ann.count ? ann.name[k] : gann.name[k - ann.count];
    let m = byStream.get(nameId);
    if (!m) byStream.set(nameId, (m = new Map()));
    m.set(ops.stream[i], (m.get(ops.stream[i]) ?? 0) + d);
  }
  const stats = new Map<number, AnnotationFigures>();
  const cpuNames = new Set<number>();
  for (let k = 0; k < ann.count; k++) cpuNames.add(ann.name[k]);
  const instances: AnnotationInstance[] = [];
  for (let k = 0; k < total; k++) {
    const cpu = k < ann.count;
    const nameId = cpu ? ann.name[k] : gann.name[k - ann.count];
    // A GPU-only range counts only for the ops it took (those with no launch in the trace).
    if (!cpu && !(gpuMs[k] > 0)) continue;
    const name = names[nameId];
    let s = stats.get(nameId);
    if (!s) {
      s = { name, count: 0, cpuMs: 0, gpuMs: 0, streams: byStream.get(nameId) ?? new Map(), spanMs: 0 };
      stats.set(nameId, s);
    }
    if (cpu) {
      s.count++;
      s.cpuMs += ann.end[k] - ann.start[k];
    } else if (!cpuNames.has(nameId)) s.count++;
    s.gpuMs += gpuMs[k];
    if (last[k] > first[k]) s.spanMs += last[k] - first[k];
    instances.push({
      name,
      cpuStart: cpu ? ann.start[k] : gann.start[k - ann.count],
      gpuMs: gpuMs[k],
      cpu,
    });
  }
  const annotations = [...stats.values()].sort((a, b) => b.gpuMs - a.gpuMs || a.name.localeCompare(b.name));
  return { annotations, instances };
}
