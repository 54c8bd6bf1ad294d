import { type ReactNode, type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import type { GanttLayout } from '../../core/layout/gantt-layout';
import type { Theme } from '../../core/layout/palette';
import type { Timeline } from '../../core/sim/timeline';
import { type Hover, useChartState } from './chart-state';
import type { DrawStats } from './draw';
import { GUTTER } from './geometry';
import type { LayoutIndex } from './spatial-index';
import { useCanvasFrames } from './use-canvas-frames';
import { useElementSize } from './use-chart-size';
import { type PlotPointer, usePlotPointer } from './use-plot-pointer';
import { useWheelNavigation } from './use-wheel-navigation';
import type { Viewport } from './viewport';

export interface PlotInput {
  layout: GanttLayout;
  index: LayoutIndex;
  tls: Timeline[];
  /** Visible time range, clamped. */
  viewport: Viewport;
  theme: Theme;
  selectedMicrobatch: number | null;
  paths: [number, number][][];
  onViewportChange(v: Viewport): void;
  onSelectMicrobatch(mb: number | null): void;
  onFrameDrawn?(info: DrawStats & { ms: number }): void;
}

export interface Plot {
  rootRef: RefObject<HTMLDivElement | null>;
  scrollerRef: RefObject<HTMLDivElement | null>;
  baseRef: RefObject<HTMLCanvasElement | null>;
  overlayRef: RefObject<HTMLCanvasElement | null>;
  /** The rows' visible area (CSS px), and the plot's part of it right of the lane labels. */
  size: { width: number; height: number };
  plotWidth: number;
  viewHeight: number;
  hover: Hover | null;
  pointer: PlotPointer;
  onScroll(): void;
}

/**
 * A layout drawn on two canvases (base layer and hover/selection overlay) with the chart's
 * navigation: the size it has, one redraw per frame when what it shows changes, wheel zoom and
 * pan, pointer hover, drag and click. The Gantt chart and the trace overlay both use it.
 */
export function usePlot(p: PlotInput): Plot {
  const rootRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const baseRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(scrollerRef);
  const [hover, setHover] = useState<Hover | null>(null);
  const plotWidth = Math.max(50, size.width - GUTTER);
  const viewHeight = Math.max(1, Math.min(p.layout.height, size.height));
  const { layout, viewport, theme, selectedMicrobatch, paths, onViewportChange, onSelectMicrobatch } = p;
  const live = useChartState({
    layout,
    index: p.index,
    tls: p.tls,
    viewport,
    plotWidth,
    viewHeight,
    theme,
    selectedMicrobatch,
    paths,
    hover,
    onFrameDrawn: p.onFrameDrawn,
  });
  const requestDraw = useCanvasFrames(live, baseRef, overlayRef);
  // biome-ignore lint/correctness/useExhaustiveDependencies: these values are what the base layer shows
  useEffect(() => requestDraw(true), [layout, viewport, plotWidth, viewHeight, theme, requestDraw]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: these values are what the overlay shows
  useEffect(() => requestDraw(false), [hover, selectedMicrobatch, paths, requestDraw]);
  const onScroll = useCallback(() => {
    live.current.scrollTop = scrollerRef.current?.scrollTop ?? 0;
    requestDraw(true);
  }, [live, requestDraw]);
  useWheelNavigation(scrollerRef, live, onViewportChange);
  const pointer = usePlotPointer({ live, rootRef, hover, setHover, onViewportChange, onSelectMicrobatch });
  return { rootRef, scrollerRef, baseRef, overlayRef, size, plotWidth, viewHeight, hover, pointer, onScroll };
}

/** The scrolling rows: the two canvases pinned to the top, and the labels (children) beside them. */
export function PlotRows({ plot, height, children }: { plot: Plot; height: number; children: ReactNode }) {
  const canvasSize = { width: plot.plotWidth, height: plot.viewHeight };
  const { pointer } = plot;
  return (
    <div ref={plot.scrollerRef} className="gantt-scroller" onScroll={plot.onScroll}>
      <div className="gantt-rows" style={{ height }}>
        <div
          className={pointer.panning ? 'gantt-plot gantt-plot-panning' : 'gantt-plot'}
          style={canvasSize}
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
