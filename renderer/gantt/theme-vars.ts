import type { CSSProperties } from 'react';
import { CHART_COLORS, type Theme } from '../../core/layout/palette';
import { AXIS_HEIGHT, GUTTER } from './geometry';

/**
 * The CSS custom properties gantt.css reads, set on the chart's root. Colours come from
 * core/layout/palette.ts, which the canvas and the SVG export also draw with, so the stylesheet
 * holds no colour of its own; sizes come from geometry.ts, which the pointer maths also uses.
 */
function chartVars(theme: Theme): CSSProperties {
  const c = CHART_COLORS[theme];
  return {
    '--gantt-bg': c.background,
    '--gantt-text': c.text,
    '--gantt-muted': c.mutedText,
    '--gantt-grid': c.grid,
    '--gantt-separator': c.laneSeparator,
    '--gantt-bubble-fill': c.bubbleFill,
    '--gantt-bubble-hatch': c.bubbleHatch,
    '--gantt-pair-outline': c.pairOutline,
    '--gantt-highlight': c.highlight,
    '--gantt-picked': c.picked,
    '--gantt-gutter': `${GUTTER}px`,
    '--gantt-axis-height': `${AXIS_HEIGHT}px`,
  } as CSSProperties;
}

const VARS: Record<Theme, CSSProperties> = { light: chartVars('light'), dark: chartVars('dark') };

/** The root's style for a theme: the same object every time, so React does not rewrite it. */
export function chartThemeStyle(theme: Theme): CSSProperties {
  return VARS[theme];
}
