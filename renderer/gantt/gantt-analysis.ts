import type { CriticalPath } from '../../core/metrics/critical-path';
import type { Timeline } from '../../core/sim/timeline';

/** What the chart needs of an analysis (core/analyze.ts's Analysis is assignable to it). */
export interface GanttAnalysis {
  timeline: Timeline;
  /** For "Highlight critical path"; without it the toggle is not offered. */
  metrics?: { criticalPath: CriticalPath };
  /** Where P2P transfers go: on the comm lane when they occupy that stream, else on a thin link lane. */
  scenario?: { p2p: { occupiesComm: boolean } };
}
