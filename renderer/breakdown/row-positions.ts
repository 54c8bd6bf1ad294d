import { Stream, type Timeline } from '../../core/sim/timeline';

/** Heights (px) of a device's compute lane and of its communication lane. */
export interface LaneSizes {
  rowHeight: number;
  commHeight: number;
}

/** core/layout's defaults: a 24-px compute lane and a 14-px communication lane. */
export const REGULAR_LANES: LaneSizes = { rowHeight: 24, commHeight: 14 };

/**
 * Compact rows: two schedules of 16 devices with their communication lanes (64 lanes) fit a
 * 1600x1000 screen beside the headline figures, and three fit Compare; the comm lane stays tall
 * enough to see whether its bars sit under compute or under idle time.
 */
export const COMPACT_LANES: LaneSizes = { rowHeight: 8, commHeight: 6 };

/** One device of one stacked timeline: its compute lane's top and its lanes' height together. */
export interface DeviceRow {
  block: number;
  device: number;
  y: number;
  height: number;
}

/** Whether a timeline has parts on the communication stream (then the chart gives it comm lanes). */
export function hasCommParts(t: Timeline): boolean {
  const parts = t.parts;
  if (!parts) return false;
  for (let k = 0; k < parts.count; k++) if (parts.stream[k] === Stream.COMM) return true;
  return false;
}

/**
 * Where the Gantt chart puts each device's rows, px from the top of its rows: the same placement
 * as core/layout's layoutGantt with its default block header (22 px when stacked) and gap (10 px),
 * computed without laying out the bars, so a column beside the chart can line up with it.
 */
export function deviceRows(
  timelines: readonly Timeline[],
  sizes: LaneSizes,
  showComm: boolean,
): { rows: DeviceRow[]; height: number } {
  const header = timelines.length > 1 ? 22 : 0;
  const gap = 10;
  const rows: DeviceRow[] = [];
  let y = 0;
  timelines.forEach((t, block) => {
    if (block > 0) y += gap;
    y += header;
    const height = sizes.rowHeight + (showComm || hasCommParts(t) ? sizes.commHeight : 0);
    for (let device = 0; device < t.schedule.devices; device++) {
      rows.push({ block, device, y, height });
      y += height;
    }
  });
  return { rows, height: y };
}
