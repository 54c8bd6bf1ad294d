import type { Analysis } from '../analyze';
import { metricsToJSON } from '../metrics/metrics';
import { NO_PAIR, OP_KIND_NAMES, type OpKindName } from '../model/ops';
import { PART_NAMES, Stream } from '../sim/timeline';
import { groupPartsByOp } from './op-parts';
import { roundMs } from './text';
import { TextOut } from './text-out';
import { LIMITS } from '../format/limits';

export interface SimulateJsonPart {
  name: string;
  stream: 'compute' | 'comm';
  start: number;
  end: number;
}

export interface SimulateJsonOp {
  kind: OpKindName;
  microbatch: number;
  chunk: number;
  stage: number;
  start: number;
  end: number;
  /** Only on ops of an overlapped forward-backward pair; both ops of a pair carry the same number. */
  pair?: number;
  /** Only when the op's chunk is built from parts; sorted by start. */
  parts?: SimulateJsonPart[];
}

/** The object `pipescope simulate --json` prints (the CLI contract, docs/cli.md). */
export interface SimulateJson {
  schedule: string;
  devices: number;
  microbatches: number;
  makespan: number;
  metrics: Record<string, unknown>;
  timeline: { device: number; ops: SimulateJsonOp[] }[];
}

/**
 * The `--json` object of an analysis. Times are milliseconds rounded to whole nanoseconds
 * (see roundMs); ops are listed per device in execution order.
 */
export function toSimulateJson(analysis: Analysis): SimulateJson {
  const { schedule } = analysis;
  const opOf = simulateJsonOps(analysis);
  const devices: SimulateJson['timeline'] = [];
  for (let d = 0; d < schedule.devices; d++) {
    const ops: SimulateJsonOp[] = [];
    for (let i = schedule.deviceStart[d]; i < schedule.deviceStart[d + 1]; i++) ops.push(opOf(i));
    devices.push({ device: d, ops });
  }
  return { ...simulateJsonHeader(analysis), timeline: devices };
}

/**
 * `JSON.stringify(toSimulateJson(analysis))`, written op by op into a budget of characters: the
 * ops are never all held as objects, and past the budget it throws ExportTooLarge (export-text.ts
 * turns that into a message) instead of a RangeError or an out-of-memory abort.
 */
export function simulateJsonText(analysis: Analysis, maxChars: number = LIMITS.exportChars): string {
  const { schedule } = analysis;
  const out = new TextOut(maxChars, 'the JSON');
  // The header's text up to the timeline's "[" (it ends in `"timeline":[]}`).
  const header = JSON.stringify({ ...simulateJsonHeader(analysis), timeline: [] });
  out.push(header.slice(0, -2));
  const opOf = simulateJsonOps(analysis);
  for (let d = 0; d < schedule.devices; d++) {
    out.push(d === 0 ? '' : ',', `{"device":${d},"ops":[`);
    for (let i = schedule.deviceStart[d]; i < schedule.deviceStart[d + 1]; i++)
      out.push(i === schedule.deviceStart[d] ? '' : ',', JSON.stringify(opOf(i)));
    out.push(']}');
  }
  out.push(']}');
  return out.text();
}

function simulateJsonHeader(analysis: Analysis): Omit<SimulateJson, 'timeline'> {
  const { schedule, timeline } = analysis;
  return {
    schedule: schedule.name,
    devices: schedule.devices,
    microbatches: schedule.microbatches,
    makespan: roundMs(timeline.makespan),
    metrics: metricsToJSON(analysis.metrics),
  };
}

/** The JSON op of op i (global index), its parts by start. */
function simulateJsonOps(analysis: Analysis): (i: number) => SimulateJsonOp {
  const { schedule, timeline } = analysis;
  const parts = timeline.parts;
  const byOp = parts ? groupPartsByOp(parts, schedule.count) : null;
  return (i) => {
    const op: SimulateJsonOp = {
      kind: OP_KIND_NAMES[schedule.kind[i]],
      microbatch: schedule.microbatch[i],
      chunk: schedule.chunk[i],
      stage: schedule.stage[i],
      start: roundMs(timeline.start[i]),
      end: roundMs(timeline.end[i]),
    };
    if (schedule.pair[i] !== NO_PAIR) op.pair = schedule.pair[i];
    if (parts && byOp && byOp.offset[i + 1] > byOp.offset[i]) {
      const list: SimulateJsonPart[] = [];
      for (let k = byOp.offset[i]; k < byOp.offset[i + 1]; k++) {
        const p = byOp.order[k];
        list.push({
          name: PART_NAMES[parts.part[p]],
          stream: parts.stream[p] === Stream.COMM ? 'comm' : 'compute',
          start: roundMs(parts.start[p]),
          end: roundMs(parts.end[p]),
        });
      }
      op.parts = list;
    }
    return op;
  };
}
