import type { Analysis } from '../analyze';
import { NO_PAIR, OP_KIND_NAMES } from '../model/ops';
import { PART_NAMES, Stream } from '../sim/timeline';
import { groupPartsByOp } from './op-parts';
import { csvField, formatMs, roundMs } from './text';
import { TextOut } from './text-out';
import { LIMITS } from '../format/limits';
import { type ExportScope, opsKept } from './scope';

/** RFC 4180 line break. */
const CRLF = '\r\n';

export const OPS_CSV_HEADER = [
  'device',
  'index',
  'kind',
  'microbatch',
  'chunk',
  'stage',
  'pair',
  'start_ms',
  'end_ms',
  'duration_ms',
] as const;

export const PARTS_CSV_HEADER = [
  'device',
  'index',
  'kind',
  'microbatch',
  'chunk',
  'stage',
  'pair',
  'part',
  'stream',
  'start_ms',
  'end_ms',
  'duration_ms',
] as const;

/**
 * One row per op, devices in order, each device's ops in execution order. `index` is the op's
 * position in its device's order (0-based); `pair` is empty for ops outside an overlapped pair.
 * Times in ms rounded to whole nanoseconds; duration_ms = end_ms - start_ms of the rounded values.
 * RFC 4180: CRLF line ends (also after the last row), fields quoted only when they need it.
 * With a scope, only the ops of its devices that overlap its range (with their real times; `index`
 * stays the op's position in its device's whole order).
 * Throws ExportTooLarge past `maxChars` (export-text.ts turns that into a message).
 */
export function toCsv(
  analysis: Analysis,
  maxChars: number = LIMITS.exportChars,
  scope?: ExportScope,
): string {
  const { schedule, timeline } = analysis;
  const out = new TextOut(maxChars, 'the CSV');
  out.push(OPS_CSV_HEADER.join(','), CRLF);
  const kept = opsKept(analysis, scope);
  for (let d = 0; d < schedule.devices; d++) {
    const first = schedule.deviceStart[d];
    for (let i = first; i < schedule.deviceStart[d + 1]; i++) {
      if (kept && !kept[i]) continue;
      const start = roundMs(timeline.start[i]);
      const end = roundMs(timeline.end[i]);
      out.push(
        `${d},${i - first},${OP_KIND_NAMES[schedule.kind[i]]},${schedule.microbatch[i]},${schedule.chunk[i]},` +
          `${schedule.stage[i]},${schedule.pair[i] === NO_PAIR ? '' : schedule.pair[i]},${formatMs(start)},` +
          `${formatMs(end)},${formatMs(end - start)}${CRLF}`,
      );
    }
  }
  return out.text();
}

/**
 * One row per part (a second file, because an op has several parts): the op's columns as in
 * toCsv, then the part's name and stream ("compute" or "comm") and its times. Rows follow the op
 * order of toCsv, each op's parts by start time. Only the header when the chunks have no parts.
 * A scope keeps the parts of the ops toCsv keeps.
 */
export function toPartsCsv(
  analysis: Analysis,
  maxChars: number = LIMITS.exportChars,
  scope?: ExportScope,
): string {
  const { schedule, timeline } = analysis;
  const out = new TextOut(maxChars, 'the parts CSV');
  out.push(PARTS_CSV_HEADER.join(','), CRLF);
  const parts = timeline.parts;
  if (parts) {
    const byOp = groupPartsByOp(parts, schedule.count);
    const partName = PART_NAMES.map((n) => csvField(n));
    const kept = opsKept(analysis, scope);
    for (let d = 0; d < schedule.devices; d++) {
      const first = schedule.deviceStart[d];
      for (let i = first; i < schedule.deviceStart[d + 1]; i++) {
        if (kept && !kept[i]) continue;
        const opColumns =
          `${d},${i - first},${OP_KIND_NAMES[schedule.kind[i]]},${schedule.microbatch[i]},${schedule.chunk[i]},` +
          `${schedule.stage[i]},${schedule.pair[i] === NO_PAIR ? '' : schedule.pair[i]}`;
        for (let k = byOp.offset[i]; k < byOp.offset[i + 1]; k++) {
          const p = byOp.order[k];
          const start = roundMs(parts.start[p]);
          const end = roundMs(parts.end[p]);
          out.push(
            `${opColumns},${partName[parts.part[p]]},${parts.stream[p] === Stream.COMM ? 'comm' : 'compute'},` +
              `${formatMs(start)},${formatMs(end)},${formatMs(end - start)}${CRLF}`,
          );
        }
      }
    }
  }
  return out.text();
}
