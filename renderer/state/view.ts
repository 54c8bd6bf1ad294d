import type { ScheduleName } from '../../core/model/scenario';
import type { Ms } from '../../core/model/units';

export type ThemeName = 'light' | 'dark';
export type ViewMode = 'main' | 'compare';

/**
 * The view layer: how the user looks at the document. Never undoable, never saved with the
 * scenario, and changing it leaves the redo stack alone.
 */
export interface ViewState {
  mode: ViewMode;
  theme: ThemeName;
  /** Visible time range of the chart, or null to fit the whole timeline. */
  viewport: { t0: Ms; t1: Ms } | null;
  selectedMicrobatch: number | null;
  /** Schedules stacked in the compare view (the scenario's own schedule is always offered). */
  compare: ScheduleName[];
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
    compare: ['1f1b', 'zb-h1', 'dualpipe'],
    editorWidth: 340,
    editorOpen: true,
    perDeviceCosts: false,
    helpOpen: false,
  };
}

/** Zooms a visible range by `factor` (< 1 zooms in) around its centre, clamped to [0, makespan]. */
export function zoomViewport(
  viewport: { t0: Ms; t1: Ms } | null,
  makespan: Ms,
  factor: number,
): { t0: Ms; t1: Ms } | null {
  if (!(makespan > 0)) return viewport;
  const t0 = viewport?.t0 ?? 0;
  const t1 = viewport?.t1 ?? makespan;
  const centre = (t0 + t1) / 2;
  const span = Math.min(makespan, Math.max(makespan * 1e-6, (t1 - t0) * factor));
  let a = centre - span / 2;
  let b = centre + span / 2;
  if (a < 0) {
    b -= a;
    a = 0;
  }
  if (b > makespan) {
    a = Math.max(0, a - (b - makespan));
    b = makespan;
  }
  return a <= 0 && b >= makespan ? null : { t0: a, t1: b };
}
