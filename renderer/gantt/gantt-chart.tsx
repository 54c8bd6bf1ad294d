import { type JSX, type ReactNode, useCallback, useMemo, useState } from 'react';
import { type ChartDensity, type DeviceRow, deviceRows } from '../../core/layout/gantt-layout';
import type { Theme } from '../../core/layout/palette';
import type { Ms } from '../../core/model/units';
import { describeBar, describeIdle, microbatchPath } from './describe';
import type { DrawStats } from './draw';
import type { GanttAnalysis } from './gantt-analysis';
import { BlockLabels, LaneLabels } from './lane-labels';
import { GanttLegend } from './legend';
import { type ChartSizing, PlotRows, usePlot } from './plot';
import { chartThemeStyle } from './theme-vars';
import { TimeAxis } from './time-axis';
import { GanttTooltip } from './tooltip';
import { useChartLayers } from './use-chart-layers';
import { CHART_KEYS_HELP, useChartKeys } from './use-chart-keys';
import { type OrderEdit, useOrderDrag } from './use-order-drag';
import { clampViewport, fitViewport, type Viewport } from './viewport';
import './gantt.css';

export type { GanttAnalysis } from './gantt-analysis';

/** A column right of the plot, aligned with the device rows (e.g. a bar per device). */
export interface GanttAside {
  /** Width, px. */
  width: number;
  /** Its content, positioned against the rows (row.y is px from the top of the first row). */
  render(rows: DeviceRow[]): ReactNode;
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
  /** Give every device a comm lane even without comm parts. */
  showComm?: boolean;
  /** Row heights (default 'normal'). */
  density?: ChartDensity;
  /** 'rows' (default): as tall as its rows, the page scrolls; 'container': fills its parent, rows scroll inside. */
  sizing?: ChartSizing;
  /** End of a time axis shared with other charts (fit and zoom limits use [0, timeDomain]); default the longest makespan. */
  timeDomain?: Ms;
  aside?: GanttAside;
  /** The "Highlight critical path" toggle; uncontrolled (the chart keeps it) when absent. */
  highlightCriticalPath?: boolean;
  onHighlightCriticalPathChange?(on: boolean): void;
  /** Devices picked by clicking their labels (null: none); labels are not clickable without onSelectDevices. */
  selectedDevices?: readonly number[] | null;
  onSelectDevices?(devices: number[] | null): void;
  /** Show the legend row (default true). */
  legend?: boolean;
  /** Called after every base-layer frame (benchmarks, diagnostics). */
  onFrameDrawn?(info: DrawStats & { ms: number }): void;
  /** Reordering ops by dragging them along their device row (one timeline only; use-order-drag.tsx). */
  orderEdit?: OrderEdit;
}

/**
 * The interactive Gantt chart: legend, time axis, and one compute lane (and comm or P2P link
 * lane) per device drawn on two canvases (base layer and hover/selection overlay), with device
 * labels beside them.
 */
export function GanttChart(props: GanttChartProps): JSX.Element {
  const { timelines, theme, selectedMicrobatch, onViewportChange, onSelectMicrobatch } = props;
  const density = props.density ?? 'normal';
  const [ownHighlight, setOwnHighlight] = useState(false);
  const highlight = props.highlightCriticalPath ?? ownHighlight;
  const setHighlight = props.onHighlightCriticalPathChange ?? setOwnHighlight;
  const analyses = useMemo(() => timelines.map((t) => t.analysis), [timelines]);
  const labels = useMemo(() => timelines.map((t) => t.label), [timelines]);
  const { tls, layout, index, idle, idleStart, criticalPath } = useChartLayers(analyses, {
    showComm: props.showComm,
    density,
    highlightCriticalPath: highlight,
  });
  const domain = props.timeDomain ?? layout.makespan;
  const viewport = useMemo(
    () => clampViewport(props.viewport ?? fitViewport(domain), domain),
    [props.viewport, domain],
  );
  const paths = useMemo(
    () => (selectedMicrobatch === null ? [] : tls.map((t) => microbatchPath(t, selectedMicrobatch))),
    [tls, selectedMicrobatch],
  );
  const [aggregated, setAggregated] = useState(false);
  const { onFrameDrawn } = props;
  const onFrame = useCallback(
    (info: DrawStats & { ms: number }) => {
      setAggregated(info.mergedColumns > 0);
      onFrameDrawn?.(info);
    },
    [onFrameDrawn],
  );

  const plot = usePlot({
    layout,
    index,
    tls,
    idle,
    idleStart,
    viewport,
    timeDomain: domain,
    theme,
    selectedMicrobatch,
    paths,
    criticalPath,
    onViewportChange,
    onSelectMicrobatch,
    onFrameDrawn: onFrame,
    sizing: props.sizing ?? 'rows',
    asideWidth: props.aside?.width,
  });
  const { hover } = plot;
  const order = useOrderDrag({ plot, layout, index, tls, viewport, edit: props.orderEdit });
  const keys = useChartKeys({ live: plot.live, selectedMicrobatch, onViewportChange, onSelectMicrobatch });
  const rows = useMemo(() => (props.aside ? deviceRows(layout) : []), [props.aside, layout]);

  const rowCount = tls.reduce((n, t) => n + t.schedule.devices, 0);
  const ops = tls.reduce((n, t) => n + t.schedule.count, 0);
  const tooltip = !hover
    ? null
    : hover.bar >= 0 && hover.bar < layout.bars.count
      ? describeBar(layout, tls, hover.bar)
      : hover.idle >= 0 && hover.idle < idle.count
        ? describeIdle(layout, tls, idle, hover.idle)
        : null;
  return (
    <div
      ref={plot.rootRef}
      className={plot.sizing === 'rows' ? 'gantt gantt-sized-rows' : 'gantt'}
      style={chartThemeStyle(theme)}
      data-testid="gantt"
      data-rows={rowCount}
      data-ops={ops}
      data-t0={viewport.t0}
      data-t1={viewport.t1}
      data-density={density}
      data-aggregated={aggregated ? 'true' : 'false'}
      data-idle-causes={idle.cause ? 'true' : 'false'}
      role="application"
      aria-roledescription="Gantt chart"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the chart itself takes keyboard zoom and pan (role application)
      tabIndex={0}
      aria-label={`Gantt chart of ${labels.join(', ')}: ${rowCount} device rows, ${ops} ops. ${CHART_KEYS_HELP}`}
      onKeyDown={(e) => {
        if (!order.onKeyDown(e)) keys.onKeyDown(e);
      }}
      onKeyUp={keys.onKeyUp}
      onBlur={keys.onBlur}
      data-order-editing={props.orderEdit?.enabled === true}
    >
      {props.legend !== false && (
        <GanttLegend
          layout={layout}
          idle={idle}
          theme={theme}
          onFit={() => onViewportChange(fitViewport(domain))}
          criticalPaths={analyses.map((a) => a.metrics?.criticalPath ?? null)}
          highlightCriticalPath={highlight}
          onHighlightCriticalPathChange={setHighlight}
          aggregated={aggregated}
        />
      )}
      <TimeAxis viewport={viewport} plotWidth={plot.plotWidth} sticky={plot.sizing === 'rows'} />
      <PlotRows plot={order.plot} height={layout.height}>
        <LaneLabels
          layout={layout}
          compact={density === 'compact'}
          selectedDevices={props.selectedDevices}
          onSelectDevices={props.onSelectDevices}
        />
        {timelines.length > 1 && <BlockLabels layout={layout} labels={labels} />}
        {order.marks}
        {props.aside && (
          <div
            className="gantt-aside"
            data-testid="gantt-aside"
            style={{ width: props.aside.width, left: `calc(var(--gantt-gutter) + ${plot.plotWidth}px)` }}
          >
            {props.aside.render(rows)}
          </div>
        )}
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
