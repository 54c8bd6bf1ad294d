import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import type { GanttLayout } from '../../core/layout/gantt-layout';
import type { Theme } from '../../core/layout/palette';
import type { Timeline } from '../../core/sim/timeline';
import { type ChartState, type Hover, useChartState } from './chart-state';
import type { CriticalPathLayer } from './critical-path-layer';
import type { DrawStats, IdleColumns } from './draw';
import { AXIS_HEIGHT, GUTTER } from './geometry';
import type { LayoutIndex } from './spatial-index';
import { useCanvasFrames } from './use-canvas-frames';
import { useElementSize } from './use-chart-size';
import { type PlotPointer, usePlotPointer } from './use-plot-pointer';
import { useScrollFrame } from './use-scroll-frame';
import { useWheelNavigation } from './use-wheel-navigation';
import type { Viewport } from './viewport';

/**
 * How a chart takes its height: 'rows' is as tall as its rows and lets the page (the nearest
 * scrolling ancestor) scroll them, with the time axis sticking above; 'container' fills its
 * parent and scrolls its rows itself.
 */
export type ChartSizing = 'rows' | 'container';

export interface PlotInput {
  layout: GanttLayout;
  index: LayoutIndex;
  tls: Timeline[];
  /** Idle intervals to hatch; default the layout's bubbles (no causes). */
  idle?: IdleColumns;
  idleStart?: Int32Array;
  /** Visible time range, clamped. */
  viewport: Viewport;
  /** End of the time axis zoom and pan are clamped to; default the layout's makespan. */
  timeDomain?: number;
  theme: Theme;
  selectedMicrobatch: number | null;
  paths: [number, number][][];
  criticalPath?: CriticalPathLayer | null;
  onViewportChange(v: Viewport): void;
  onSelectMicrobatch(mb: number | null): void;
  onFrameDrawn?(info: DrawStats & { ms: number }): void;
  /** Default 'container'. */
  sizing?: ChartSizing;
  /** Width of a column right of the plot (px), default 0. */
  asideWidth?: number;
}

export interface Plot {
  rootRef: RefObject<HTMLDivElement | null>;
  scrollerRef: RefObject<HTMLDivElement | null>;
  rowsRef: RefObject<HTMLDivElement | null>;
  plotRef: RefObject<HTMLDivElement | null>;
  baseRef: RefObject<HTMLCanvasElement | null>;
  overlayRef: RefObject<HTMLCanvasElement | null>;
  live: RefObject<ChartState>;
  /** The chart's width and the rows' visible height (CSS px), and the plot's width between the labels and the aside. */
  size: { width: number; height: number };
  plotWidth: number;
  viewHeight: number;
  sizing: ChartSizing;
  /** Where the canvases stick, px below the top of what scrolls (under the sticky time axis). */
  stickyTop: number;
  asideWidth: number;
  hover: Hover | null;
  pointer: PlotPointer;
}

/**
 * A layout drawn on two canvases (base layer and hover/selection overlay) with the chart's
 * navigation: the size it has, one redraw per frame when what it shows changes, wheel zoom and
 * pan, pointer hover, drag and click, and scrolling (the rows' or the page's). The Gantt chart and
 * the trace overlay both use it.
 */
export function usePlot(p: PlotInput): Plot {
  const rootRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const rowsRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const baseRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(scrollerRef);
  const [hover, setHover] = useState<Hover | null>(null);
  const sizing = p.sizing ?? 'container';
  const asideWidth = p.asideWidth ?? 0;
  const plotWidth = Math.max(50, size.width - GUTTER - asideWidth);
  const stickyTop = sizing === 'rows' ? AXIS_HEIGHT : 0;
  const { layout, viewport, theme, selectedMicrobatch, paths, onViewportChange, onSelectMicrobatch } = p;
  const idle = p.idle ?? layout.bubbles;
  const idleStart = p.idleStart ?? p.index.bubbleStart;
  const criticalPath = p.criticalPath ?? null;
  // The canvas height comes from the scroll frame, which needs the live state first: it is read
  // from the previous render's measurement (viewHeightRef) and corrected by a re-render.
  const viewHeightRef = useRef(1);
  const live = useChartState({
    layout,
    index: p.index,
    tls: p.tls,
    idle,
    idleStart,
    viewport,
    timeDomain: p.timeDomain ?? layout.makespan,
    plotWidth,
    viewHeight: viewHeightRef.current,
    theme,
    selectedMicrobatch,
    paths,
    criticalPath,
    hover,
    onFrameDrawn: p.onFrameDrawn,
  });
  const requestDraw = useCanvasFrames(live, baseRef, overlayRef);
  const viewHeight = useScrollFrame({
    own: sizing === 'container',
    stickyTop,
    scrollerRef,
    rowsRef,
    plotRef,
    layoutHeight: layout.height,
    live,
    requestDraw,
  });
  viewHeightRef.current = viewHeight;
  live.current.viewHeight = viewHeight;
  // biome-ignore lint/correctness/useExhaustiveDependencies: these values are what the base layer shows
  useEffect(() => requestDraw(true), [layout, idle, viewport, plotWidth, viewHeight, theme, requestDraw]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: these values are what the overlay shows
  useEffect(() => requestDraw(false), [hover, selectedMicrobatch, paths, criticalPath, requestDraw]);
  useWheelNavigation(plotRef, live, onViewportChange);
  const pointer = usePlotPointer({ live, rootRef, hover, setHover, onViewportChange, onSelectMicrobatch });
  return {
    rootRef,
    scrollerRef,
    rowsRef,
    plotRef,
    baseRef,
    overlayRef,
    live,
    size,
    plotWidth,
    viewHeight,
    sizing,
    stickyTop,
    asideWidth,
    hover,
    pointer,
  };
}

/**
 * The rows: the two canvases pinned (sticky) to the top of what scrolls, and the labels and the
 * aside column (children) beside them.
 */
export function PlotRows({ plot, height, children }: { plot: Plot; height: number; children: ReactNode }) {
  const canvasSize = { width: plot.plotWidth, height: plot.viewHeight };
  const { pointer } = plot;
  return (
    <div
      ref={plot.scrollerRef}
      className={plot.sizing === 'rows' ? 'gantt-scroller gantt-scroller-page' : 'gantt-scroller'}
    >
      <div ref={plot.rowsRef} className="gantt-rows" style={{ height }}>
        <div
          ref={plot.plotRef}
          className={pointer.panning ? 'gantt-plot gantt-plot-panning' : 'gantt-plot'}
          style={{ ...canvasSize, top: plot.stickyTop }}
          onPointerDown={pointer.onPointerDown}
          onPointerMove={pointer.onPointerMove}
          onPointerUp={pointer.onPointerUp}
          onPointerLeave={pointer.onPointerLeave}
        >
          <canvas ref={plot.baseRef} style={canvasSize} />
          <canvas ref={plot.overlayRef} style={canvasSize} />
        </div>
        {children}
      </div>
    </div>
  );
}
