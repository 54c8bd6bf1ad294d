import { type MutableRefObject, useRef } from 'react';
import type { GanttLayout } from '../../core/layout/gantt-layout';
import type { Theme } from '../../core/layout/palette';
import type { Timeline } from '../../core/sim/timeline';
import type { DrawStats } from './draw';
import type { LayoutIndex } from './spatial-index';
import type { Viewport } from './viewport';

/** The bar under the pointer, and where the pointer is. */
export interface Hover {
  bar: number;
  /** Pointer position relative to the plot (x, y) and to the chart's root element (rootX, rootY). */
  x: number;
  y: number;
  rootX: number;
  rootY: number;
}

/** What the chart shows at its latest render. */
export interface ChartValues {
  layout: GanttLayout;
  index: LayoutIndex;
  tls: Timeline[];
  /** Visible time range, clamped. */
  viewport: Viewport;
  /** Plot size in CSS px (the rows' visible height, not the whole layout's). */
  plotWidth: number;
  viewHeight: number;
  theme: Theme;
  selectedMicrobatch: number | null;
  /** Dependency arrows of the selected micro-batch, one list per timeline. */
  paths: [number, number][][];
  hover: Hover | null;
  onFrameDrawn?(info: DrawStats & { ms: number }): void;
}

export interface ChartState extends ChartValues {
  /** How far the rows are scrolled, px; set by the scroll handler between renders. */
  scrollTop: number;
}

/**
 * The chart's state as a ref that every render refreshes: event handlers and animation frames
 * read it when they run, so they always see the latest render without being re-created.
 */
export function useChartState(values: ChartValues): MutableRefObject<ChartState> {
  const ref = useRef<ChartState | null>(null);
  ref.current = { ...values, scrollTop: ref.current?.scrollTop ?? 0 };
  return ref as MutableRefObject<ChartState>;
}
