import type { KeyboardEvent, MutableRefObject } from 'react';
import type { Ms } from '../../core/model/units';
import type { ChartState } from './chart-state';
import { motionKey, useKeyMotion } from './key-motion';
import { fitViewport, panBy, type Viewport, zoomAround } from './viewport';

/** Zoom factor of one + or - press. */
const KEY_ZOOM = 1.5;
/** Share of the visible span one arrow press pans by. */
const KEY_PAN = 0.1;

/** Where a key moves the view (null: the key is not the chart's). W/A/S/D are continuous: useKeyMotion. */
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

/** Everything the chart does with keys, wheel and pointer, for help screens (in the order to list them). */
export const CHART_SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: 'Wheel', what: 'Scroll the page (the chart’s rows scroll with it)' },
  { keys: 'Ctrl+wheel, Cmd+wheel, pinch', what: 'Zoom the chart around the pointer' },
  { keys: 'Shift+wheel, sideways swipe, drag', what: 'Pan the chart' },
  { keys: 'W / S (hold)', what: 'Zoom in / out, around the pointer when it is over the chart' },
  { keys: 'A / D (hold)', what: 'Pan left / right' },
  { keys: '+ / -', what: 'Zoom in / out one step' },
  { keys: '← / →', what: 'Pan by a tenth of the view' },
  { keys: '0 or F', what: 'Fit the whole timeline' },
  { keys: 'Click a bar', what: 'Highlight its micro-batch and its dependencies' },
  { keys: 'Click a device label', what: 'Select that device (Ctrl/Cmd+click adds, Shift+click a range)' },
  { keys: 'Escape', what: 'Clear the highlighted micro-batch' },
  {
    keys: 'Drag an op, Alt+← / Alt+→',
    what: 'With Edit order on: move an op (the selected one) earlier / later on its device',
  },
];

/** What the keys do while the chart has focus, in the words its aria-label uses. */
export const CHART_KEYS_HELP =
  'Keys: W and S zoom, A and D pan (hold them), + and - zoom, arrow keys pan, 0 or F fits, Escape clears the selection.';

/**
 * The chart's key handlers: zoom, pan and fit, W/A/S/D held, and Escape to clear the selection.
 * Keys it handles are prevented, so the app's own shortcuts (which skip prevented events) do not
 * run as well.
 */
export function useChartKeys(p: {
  live: MutableRefObject<ChartState>;
  selectedMicrobatch: number | null;
  onViewportChange(v: Viewport): void;
  onSelectMicrobatch(mb: number | null): void;
}): {
  onKeyDown(e: KeyboardEvent<HTMLElement>): void;
  onKeyUp(e: KeyboardEvent<HTMLElement>): void;
  onBlur(): void;
} {
  const motion = useKeyMotion(p.live, p.onViewportChange);
  return {
    onKeyDown(e) {
      if (e.key === 'Escape') {
        if (p.selectedMicrobatch === null) return;
        p.onSelectMicrobatch(null);
        e.preventDefault();
        return;
      }
      const m = motionKey(e);
      if (m) {
        e.preventDefault();
        motion.down(m);
        return;
      }
      const s = p.live.current;
      const next = viewportForKey(e.key, s.viewport, s.timeDomain);
      if (!next) return;
      e.preventDefault();
      p.onViewportChange(next);
    },
    onKeyUp(e) {
      const m = motionKey(e) ?? motionKey({ key: e.key, ctrlKey: false, metaKey: false, altKey: false });
      if (m) motion.up(m);
    },
    onBlur: motion.stop,
  };
}
