import type { ChartDensity } from '../../core/layout/gantt-layout';
import type { ScheduleName } from '../../core/model/scenario';
import type { Ms } from '../../core/model/units';
import { clampViewport, fitViewport, zoomAround } from '../gantt/viewport';

export type ThemeName = 'light' | 'dark';
export type ViewMode = 'main' | 'compare' | 'trace' | 'tune';
/** What Export and Copy hold: everything, the chart's visible range, or the selected devices. */
export type ExportScopeChoice = 'all' | 'visible' | 'devices';

/**
 * The view layer: how the user looks at the document. Never undoable, never saved with the
 * scenario, and changing it leaves the redo stack alone.
 */
export interface ViewState {
  mode: ViewMode;
  theme: ThemeName;
  /** Visible time range of the chart, or null to fit the whole timeline (visibleRange() resolves it). */
  viewport: { t0: Ms; t1: Ms } | null;
  selectedMicrobatch: number | null;
  /**
   * Devices picked in the chart (clicking device labels), ascending, or null for none picked: the
   * chart marks them, and exports of "selected devices" draw only these.
   */
  selectedDevices: number[] | null;
  /** What the exports hold (the Export menu's choice). */
  exportScope: ExportScopeChoice;
  /**
   * Row height of the charts (both views): 'normal' (24 px per compute lane) or 'compact' (9 px),
   * so two schedules of 16 devices fit the first screen and three fit Compare.
   */
  chartDensity: ChartDensity;
  /** Whether the charts outline the critical path ("Highlight critical path"). */
  highlightCriticalPath: boolean;
  /** Schedules stacked in the compare view (the scenario's own schedule is always offered). */
  compare: ScheduleName[];
  /**
   * Compare: the schedule the speed-up ratios are against, or null for the CLI's rule (1F1B when it
   * is compared, else the first).
   */
  baseline: ScheduleName | null;
  /**
   * Schedule view: the schedule drawn under the document's on the same time axis, with the headline
   * figures side by side (null: the document's schedule alone). Ignored when it is the document's own.
   */
  reference: ScheduleName | null;
  /** Editor side panel width in px, and whether per-device cost tables are expanded. */
  editorWidth: number;
  editorOpen: boolean;
  perDeviceCosts: boolean;
  helpOpen: boolean;
}

export function initialView(theme: ThemeName = 'light'): ViewState {
  return {
    mode: 'main',
    theme,
    viewport: null,
    selectedMicrobatch: null,
    selectedDevices: null,
    exportScope: 'all',
    // Compact: the first screen's two schedules of 16 devices fit 1600x1000 beside their figures.
    chartDensity: 'compact',
    highlightCriticalPath: false,
    // GPipe, 1F1B and DualPipe: the three whose order on chunk parts surprises (GPipe beats 1F1B).
    compare: ['gpipe', '1f1b', 'dualpipe'],
    baseline: null,
    reference: '1f1b',
    editorWidth: 340,
    editorOpen: true,
    perDeviceCosts: false,
    helpOpen: false,
  };
}

/**
 * Zooms a visible range by `factor` (< 1 zooms in) around its centre, with the chart's own limits
 * (renderer/gantt/viewport.ts). Zooming out to the fitted range or beyond returns null (fit).
 */
export function zoomViewport(
  viewport: { t0: Ms; t1: Ms } | null,
  makespan: Ms,
  factor: number,
): { t0: Ms; t1: Ms } | null {
  if (!(makespan > 0)) return viewport;
  const fit = fitViewport(makespan);
  const v = viewport ?? fit;
  const next = zoomAround(v, 1 / factor, (v.t0 + v.t1) / 2, makespan);
  return next.t1 - next.t0 >= (fit.t1 - fit.t0) * (1 - 1e-9) ? null : next;
}

/**
 * The time range the chart shows for a view's viewport: the whole timeline with its margin when
 * it is null (fit), else the viewport within the chart's limits. What an export of "the visible
 * range" should draw.
 */
export function visibleRange(viewport: { t0: Ms; t1: Ms } | null, makespan: Ms): { t0: Ms; t1: Ms } {
  return clampViewport(viewport ?? fitViewport(makespan), makespan);
}
