import { type JSX, useMemo } from 'react';
import { layoutGantt } from '../../core/layout/gantt-layout';
import type { Theme } from '../../core/layout/palette';
import type { Timeline } from '../../core/sim/timeline';
import { describeBar, microbatchPath } from './describe';
import type { DrawStats } from './draw';
import { BlockLabels, LaneLabels } from './lane-labels';
import { GanttLegend } from './legend';
import { PlotRows, usePlot } from './plot';
import { buildIndex } from './spatial-index';
import { chartThemeStyle } from './theme-vars';
import { TimeAxis } from './time-axis';
import { GanttTooltip } from './tooltip';
import { CHART_KEYS_HELP, useChartKeys } from './use-chart-keys';
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
  /** Lane heights (px) for core/layout (compact rows); its defaults when absent. */
  lanes?: { rowHeight: number; commHeight: number };
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
  const { showComm, lanes } = props;
  const layout = useMemo(() => layoutGantt(tls, { showComm, ...lanes }), [tls, showComm, lanes]);
  const index = useMemo(() => buildIndex(layout), [layout]);
  const viewport = useMemo(
    () => clampViewport(props.viewport ?? fitViewport(layout.makespan), layout.makespan),
    [props.viewport, layout.makespan],
  );
  const paths = useMemo(
    () => (selectedMicrobatch === null ? [] : tls.map((t) => microbatchPath(t, selectedMicrobatch))),
    [tls, selectedMicrobatch],
  );

  const plot = usePlot({
    layout,
    index,
    tls,
    viewport,
    theme,
    selectedMicrobatch,
    paths,
    onViewportChange,
    onSelectMicrobatch,
    onFrameDrawn: props.onFrameDrawn,
  });
  const { hover } = plot;
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
  return (
    <div
      ref={plot.rootRef}
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
      <TimeAxis viewport={viewport} plotWidth={plot.plotWidth} />
      <PlotRows plot={plot} height={layout.height}>
        <LaneLabels layout={layout} />
        {timelines.length > 1 && <BlockLabels layout={layout} labels={labels} />}
      </PlotRows>
      {tooltip && hover && (
        <GanttTooltip
          title={tooltip.title}
          rows={tooltip.rows}
          rootX={hover.rootX}
          rootY={hover.rootY}
          chartWidth={plot.size.width}
        />
      )}
    </div>
  );
}
