import { NO_PAIR, type OpKind } from '../model/ops';
import { ScheduleBuilder } from '../model/schedule';
import type { PartName, Timeline } from '../sim/timeline';
import { PART_NAMES, Stream } from '../sim/timeline';

/** Hand-built timelines for layout and renderer tests: ops given with their times, device by device. */
export interface TestOp {
  kind: OpKind;
  mb: number;
  stage?: number;
  chunk?: number;
  pair?: number;
  start: number;
  end: number;
  waitedFor?: number;
}

export interface TestPart {
  /** Index of the op in the built schedule (device-major order, as given). */
  op: number;
  name: PartName;
  stream: Stream;
  start: number;
  end: number;
}

export function buildTimeline(
  devices: TestOp[][],
  extra: {
    parts?: TestPart[];
    transfers?: { fromOp: number; toOp: number; start: number; end: number }[];
    makespan?: number;
    name?: string;
  } = {},
): Timeline {
  const microbatches = Math.max(1, ...devices.flat().map((o) => o.mb + 1));
  const b = new ScheduleBuilder({
    name: extra.name ?? 'custom',
    devices: devices.length,
    microbatches,
    chunksPerDevice: 1,
    stages: devices.length,
    chunkShare: 1,
    paramMultiplier: 1,
  });
  devices.forEach((ops, d) => {
    for (const o of ops) b.push(d, o.kind, o.mb, o.chunk ?? 0, o.stage ?? d, o.pair ?? NO_PAIR);
  });
  const schedule = b.build();
  const all = devices.flat();
  const start = Float64Array.from(all, (o) => o.start);
  const end = Float64Array.from(all, (o) => o.end);
  const waitedFor = Int32Array.from(all, (o) => o.waitedFor ?? -1);
  let makespan = extra.makespan ?? 0;
  for (const o of all) makespan = Math.max(makespan, o.end);
  const ps = extra.parts ?? null;
  const tr = extra.transfers ?? [];
  return {
    schedule,
    start,
    end,
    waitedFor,
    makespan,
    parts: ps && {
      count: ps.length,
      op: Int32Array.from(ps, (p) => p.op),
      part: Uint8Array.from(ps, (p) => PART_NAMES.indexOf(p.name)),
      stream: Uint8Array.from(ps, (p) => p.stream),
      start: Float64Array.from(ps, (p) => p.start),
      end: Float64Array.from(ps, (p) => p.end),
    },
    transfers: {
      count: tr.length,
      fromOp: Int32Array.from(tr, (t) => t.fromOp),
      toOp: Int32Array.from(tr, (t) => t.toOp),
      start: Float64Array.from(tr, (t) => t.start),
      end: Float64Array.from(tr, (t) => t.end),
    },
  };
}

export { Stream };
