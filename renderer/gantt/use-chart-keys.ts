import type { KeyboardEvent } from 'react';
import type { Ms } from '../../core/model/units';
import { fitViewport, panBy, type Viewport, zoomAround } from './viewport';

/** Zoom factor of one + or - press. */
const KEY_ZOOM = 1.5;
/** Share of the visible span one arrow press pans by. */
const KEY_PAN = 0.1;

/** Where a key moves the view (null: the key is not the chart's). */
export function viewportForKey(key: string, v: Viewport, makespan: Ms): Viewport | null {
  const span = v.t1 - v.t0;
  const mid = (v.t0 + v.t1) / 2;
  switch (key) {
    case '+':
    case '=':
      return zoomAround(v, KEY_ZOOM, mid, makespan);
    case '-':
    case '_':
      return zoomAround(v, 1 / KEY_ZOOM, mid, makespan);
    case 'ArrowLeft':
      return panBy(v, -span * KEY_PAN, makespan);
    case 'ArrowRight':
      return panBy(v, span * KEY_PAN, makespan);
    case '0':
    case 'f':
    case 'F':
      return fitViewport(makespan);
    default:
      return null;
  }
}

/** What the keys do while the chart has focus, in the words its aria-label uses. */
export const CHART_KEYS_HELP =
  'Keys: + and - zoom, arrow keys pan, 0 or F fits, Escape clears the selection.';

/**
 * The chart's key handler: zoom, pan and fit, and Escape to clear the selection. Keys it handles
 * are prevented, so the app's own shortcuts (which skip prevented events) do not run as well.
 */
export function useChartKeys(p: {
  viewport: Viewport;
  makespan: Ms;
  selectedMicrobatch: number | null;
  onViewportChange(v: Viewport): void;
  onSelectMicrobatch(mb: number | null): void;
}): (e: KeyboardEvent<HTMLElement>) => void {
  return (e) => {
    if (e.key === 'Escape') {
      if (p.selectedMicrobatch === null) return;
      p.onSelectMicrobatch(null);
      e.preventDefault();
      return;
    }
    const next = viewportForKey(e.key, p.viewport, p.makespan);
    if (!next) return;
    e.preventDefault();
    p.onViewportChange(next);
  };
}
