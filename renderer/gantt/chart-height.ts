import { type ChartDensity, planLanes } from '../../core/layout/gantt-layout';
import type { GanttAnalysis } from './gantt-analysis';
import { AXIS_HEIGHT, LEGEND_HEIGHT } from './geometry';

/** Room left for the chart area's border and rounding, px (a legend on two lines scrolls the rows). */
const SLACK = 14;

/**
 * Height (px) the chart needs to show every lane, with its legend and time axis: the lanes as
 * core/layout lays them out for these analyses (comm lanes, P2P link lanes, block headers) at
 * the given density. A chart with sizing="rows" is this tall by itself; with "container", give
 * its parent this height (capped to the space there is).
 */
export function chartHeight(
  analyses: readonly GanttAnalysis[],
  options: boolean | { showComm?: boolean; density?: ChartDensity } = {},
): number {
  const o = typeof options === 'boolean' ? { showComm: options } : options;
  const plan = planLanes(
    analyses.map((a) => a.timeline),
    { showComm: o.showComm, density: o.density, p2pOnComm: analyses.map((a) => p2pOnComm(a)) },
  );
  return plan.height + LEGEND_HEIGHT + AXIS_HEIGHT + SLACK;
}

/** Whether an analysis's transfers occupy the comm stream, when its scenario says so. */
export function p2pOnComm(a: GanttAnalysis): boolean | undefined {
  return a.scenario?.p2p.occupiesComm;
}
