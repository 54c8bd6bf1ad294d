import type { Analysis } from '../../core/analyze';
import { Stream } from '../../core/sim/timeline';
import { AXIS_HEIGHT, LEGEND_HEIGHT } from './geometry';

/** Room left for the chart area's border and rounding, px (a legend on two lines scrolls the rows). */
const SLACK = 14;

/**
 * Height (px) the chart needs to show every lane without scrolling, following core/layout's
 * defaults (compute lane 24 px, comm lane 14 px, block header 22 px and gap 10 px when stacked)
 * plus the legend and time axis. Capped by the caller to the space there is.
 */
export function chartHeight(analyses: Analysis[], showComm = false): number {
  let lanes = 0;
  for (const a of analyses) {
    const parts = a.timeline.parts;
    let comm = showComm;
    if (parts) for (let k = 0; k < parts.count && !comm; k++) comm = parts.stream[k] === Stream.COMM;
    lanes += a.schedule.devices * (24 + (comm ? 14 : 0));
  }
  const stacked = analyses.length > 1 ? analyses.length * 22 + (analyses.length - 1) * 10 : 0;
  return lanes + stacked + LEGEND_HEIGHT + AXIS_HEIGHT + SLACK;
}
