import { type MutableRefObject, useRef } from 'react';
import type { GanttLayout } from '../../core/layout/gantt-layout';
import type { Theme } from '../../core/layout/palette';
import type { Timeline } from '../../core/sim/timeline';
import type { CriticalPathLayer } from './critical-path-layer';
import type { DrawStats, IdleColumns } from './draw';
import type { LayoutIndex } from './spatial-index';
import type { Viewport } from './viewport';

/** What is under the pointer (a bar, else an idle interval, each -1 when none), and where the pointer is. */
export interface Hover {
  bar: number;
  /** Index into the chart's idle columns when no bar is under the pointer. */
  idle: number;
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
  /** Idle intervals to hatch (with causes when known) and their lane offsets. */
  idle: IdleColumns;
  idleStart: Int32Array;
  /** Visible time range, clamped. */
  viewport: Viewport;
  /** End of the time axis the view is clamped to (the makespan, or a shared one). */
  timeDomain: number;
  /** Plot size in CSS px (the rows' visible height, not the whole layout's). */
  plotWidth: number;
  viewHeight: number;
  theme: Theme;
  selectedMicrobatch: number | null;
  /** Dependency arrows of the selected micro-batch, one list per timeline. */
  paths: [number, number][][];
  /** The critical paths to outline, or null when the toggle is off. */
  criticalPath: CriticalPathLayer | null;
  hover: Hover | null;
  onFrameDrawn?(info: DrawStats & { ms: number }): void;
}

export interface ChartState extends ChartValues {
  /** How far the rows are scrolled past the top of the canvas, px; set by the scroll handler between renders. */
  scrollTop: number;
  /** Pointer x over the plot (CSS px), or null when it is elsewhere: where W and S zoom. */
  pointerX: number | null;
}

/**
 * The chart's state as a ref that every render refreshes: event handlers and animation frames
 * read it when they run, so they always see the latest render without being re-created.
 */
export function useChartState(values: ChartValues): MutableRefObject<ChartState> {
  const ref = useRef<ChartState | null>(null);
  ref.current = {
    ...values,
    scrollTop: ref.current?.scrollTop ?? 0,
    pointerX: ref.current?.pointerX ?? null,
  };
  return ref as MutableRefObject<ChartState>;
}
