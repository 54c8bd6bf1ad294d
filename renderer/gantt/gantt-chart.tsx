import { type JSX, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { layoutGantt } from '../../core/layout/gantt-layout';
import type { Theme } from '../../core/layout/palette';
import type { Timeline } from '../../core/sim/timeline';
import { type Hover, useChartState } from './chart-state';
import { describeBar, microbatchPath } from './describe';
import type { DrawStats } from './draw';
import { GUTTER } from './geometry';
import { BlockLabels, LaneLabels } from './lane-labels';
import { GanttLegend } from './legend';
import { buildIndex } from './spatial-index';
import { chartThemeStyle } from './theme-vars';
import { TimeAxis } from './time-axis';
import { GanttTooltip } from './tooltip';
import { useCanvasFrames } from './use-canvas-frames';
import { CHART_KEYS_HELP, useChartKeys } from './use-chart-keys';
import { useElementSize } from './use-chart-size';
import { usePlotPointer } from './use-plot-pointer';
import { useWheelNavigation } from './use-wheel-navigation';
import { clampViewport, fitViewport, type Viewport } from './viewport';
import './gantt.css';

/** What the chart needs of an analysis (core/analyze.ts's Analysis is assignable to it). */
export interface GanttAnalysis {
  timeline: Timeline;
}

export interface GanttChartProps {
  /** One block of rows per entry, stacked on one time axis (compare view when several). */
  timelines: { label: string; analysis: GanttAnalysis }[];
  theme: Theme;
  /** Visible time range (ms); null fits the whole timeline. */
  viewport: Viewport | null;
  onViewportChange(v: Viewport): void;
  selectedMicrobatch: number | null;
  onSelectMicrobatch(mb: number | null): void;
  /** Give every device a comm lane even without comm parts (e.g. to see P2P transfers). */
  showComm?: boolean;
  /** Called after every base-layer frame (benchmarks, diagnostics). */
  onFrameDrawn?(info: DrawStats & { ms: number }): void;
}

/**
 * The interactive Gantt chart: legend, time axis, and one compute lane (and comm lane) per device
 * drawn on two canvases (base layer and hover/selection overlay), with device labels beside them.
 */
export function GanttChart(props: GanttChartProps): JSX.Element {
  const { timelines, theme, selectedMicrobatch, onViewportChange, onSelectMicrobatch } = props;
  const tls = useMemo(() => timelines.map((t) => t.analysis.timeline), [timelines]);
  const labels = useMemo(() => timelines.map((t) => t.label), [timelines]);
  const layout = useMemo(() => layoutGantt(tls, { showComm: props.showComm }), [tls, props.showComm]);
  const index = useMemo(() => buildIndex(layout), [layout]);
  const viewport = useMemo(
    () => clampViewport(props.viewport ?? fitViewport(layout.makespan), layout.makespan),
    [props.viewport, layout.makespan],
  );
  const paths = useMemo(
    () => (selectedMicrobatch === null ? [] : tls.map((t) => microbatchPath(t, selectedMicrobatch))),
    [tls, selectedMicrobatch],
  );

  const rootRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const baseRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(scrollerRef);
  const [hover, setHover] = useState<Hover | null>(null);
  const plotWidth = Math.max(50, size.width - GUTTER);
  const viewHeight = Math.max(1, Math.min(layout.height, size.height));

  const live = useChartState({
    layout,
    index,
    tls,
    viewport,
    plotWidth,
    viewHeight,
    theme,
    selectedMicrobatch,
    paths,
    hover,
    onFrameDrawn: props.onFrameDrawn,
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
  const onKeyDown = useChartKeys({
    viewport,
    makespan: layout.makespan,
    selectedMicrobatch,
    onViewportChange,
    onSelectMicrobatch,
  });

  const rows = tls.reduce((n, t) => n + t.schedule.devices, 0);
  const ops = tls.reduce((n, t) => n + t.schedule.count, 0);
  const tooltip = hover && hover.bar < layout.bars.count ? describeBar(layout, tls, hover.bar) : null;
  const canvasSize = { width: plotWidth, height: viewHeight };
  return (
    <div
      ref={rootRef}
      className="gantt"
      style={chartThemeStyle(theme)}
      data-testid="gantt"
      data-rows={rows}
      data-ops={ops}
      data-t0={viewport.t0}
      data-t1={viewport.t1}
      role="application"
      aria-roledescription="Gantt chart"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the chart itself takes keyboard zoom and pan (role application)
      tabIndex={0}
      aria-label={`Gantt chart of ${labels.join(', ')}: ${rows} device rows, ${ops} ops. ${CHART_KEYS_HELP}`}
      onKeyDown={onKeyDown}
    >
      <GanttLegend
        layout={layout}
        theme={theme}
        onFit={() => onViewportChange(fitViewport(layout.makespan))}
      />
      <TimeAxis viewport={viewport} plotWidth={plotWidth} />
      <div ref={scrollerRef} className="gantt-scroller" onScroll={onScroll}>
        <div className="gantt-rows" style={{ height: layout.height }}>
          <div
            className={pointer.panning ? 'gantt-plot gantt-plot-panning' : 'gantt-plot'}
            style={canvasSize}
            onPointerDown={pointer.onPointerDown}
            onPointerMove={pointer.onPointerMove}
            onPointerUp={pointer.onPointerUp}
            onPointerLeave={pointer.onPointerLeave}
          >
            <canvas ref={baseRef} style={canvasSize} />
            <canvas ref={overlayRef} style={canvasSize} />
          </div>
          <LaneLabels layout={layout} />
          {timelines.length > 1 && <BlockLabels layout={layout} labels={labels} />}
        </div>
      </div>
      {tooltip && hover && (
        <GanttTooltip
          title={tooltip.title}
          rows={tooltip.rows}
          rootX={hover.rootX}
          rootY={hover.rootY}
          chartWidth={size.width}
        />
      )}
    </div>
  );
}
