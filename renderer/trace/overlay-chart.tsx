import { type JSX, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GanttLayout } from '../../core/layout/gantt-layout';
import { CATEGORIES, type Theme } from '../../core/layout/palette';
import { PAIR_ORDER_ENTRIES } from '../../core/model/costs';
import type { Timeline } from '../../core/sim/timeline';
import type { MeasuredTimeline } from '../../core/trace/measured-timeline';
import { MEASURED_BLOCK, MEASURED_OTHER_CATEGORY } from '../../core/trace/overlay-layout';
import type { Hover } from '../gantt/chart-state';
import { useChartState } from '../gantt/chart-state';
import { describeBar, formatMs, type TooltipRow } from '../gantt/describe';
import { GUTTER } from '../gantt/geometry';
import { BlockLabels } from '../gantt/lane-labels';
import { categoriesPresent } from '../gantt/legend';
import { buildIndex } from '../gantt/spatial-index';
import { chartThemeStyle } from '../gantt/theme-vars';
import { TimeAxis } from '../gantt/time-axis';
import { GanttTooltip } from '../gantt/tooltip';
import { useCanvasFrames } from '../gantt/use-canvas-frames';
import { useElementSize } from '../gantt/use-chart-size';
import { usePlotPointer } from '../gantt/use-plot-pointer';
import { useWheelNavigation } from '../gantt/use-wheel-navigation';
import { type Viewport, clampViewport, fitViewport } from '../gantt/viewport';
import '../gantt/gantt.css';

/** What the tooltip says about a measured op: the kernel, the annotation and part it belongs to. */
function describeMeasured(m: MeasuredTimeline, op: number): { title: string; rows: TooltipRow[] } {
  const e = m.entry[op];
  const st = m.streams[m.stream[op]];
  return {
    title: m.names[m.name[op]],
    rows: [
      {
        label: 'annotation',
        value: m.annotation[op] < 0 ? 'none open at its launch' : m.names[m.annotation[op]],
      },
      { label: 'part', value: e < 0 ? 'none' : PAIR_ORDER_ENTRIES[e] },
      { label: 'stream', value: `${st.id} (${st.role === 'comm' ? 'communication' : 'compute'})` },
      { label: 'start', value: formatMs(m.start[op]) },
      { label: 'end', value: formatMs(m.end[op]) },
      { label: 'duration', value: formatMs(m.end[op] - m.start[op]) },
    ],
  };
}

/** Lane names: the planned device's lanes, then each measured stream with its role. */
function OverlayLaneLabels({ layout, measured }: { layout: GanttLayout; measured: MeasuredTimeline }) {
  const first = layout.blocks[MEASURED_BLOCK].firstLane;
  return (
    <>
      {layout.lanes.map((lane, k) => {
        const st = k >= first ? measured.streams[k - first] : null;
        const text = st
          ? `stream ${st.id}${st.role === 'comm' ? ' comm' : ''}`
          : lane.label.replace(/^Device \d+ /, '');
        return (
          <div
            key={`${lane.timeline}:${lane.label}`}
            className={`gantt-lane-label ${lane.stream === 0 ? 'gantt-lane-label-compute' : 'gantt-lane-label-comm'}`}
            style={{ top: lane.y, height: lane.height, lineHeight: `${lane.height}px` }}
          >
            {text}
          </div>
        );
      })}
    </>
  );
}

/** The colours in use (planned and measured alike), grey for measured work of no part, and idle. */
function OverlayLegend(p: { layout: GanttLayout; theme: Theme; onFit(): void; onRun(): void }) {
  const { layout, theme } = p;
  const present = useMemo(() => categoriesPresent(layout), [layout]);
  return (
    <div className="gantt-legend" data-testid="overlay-legend">
      {present.map((id) => (
        <span key={id} className="gantt-legend-item">
          <span className="gantt-swatch" style={{ background: CATEGORIES[id][theme].fill }} />
          {id === MEASURED_OTHER_CATEGORY
            ? 'measured GPU work of no part (or P2P in the plan)'
            : CATEGORIES[id].label}
        </span>
      ))}
      <span className="gantt-legend-item">
        <span className="gantt-swatch gantt-swatch-bubble" />
        idle (compute lane or stream)
      </span>
      <span className="gantt-fit">
        <button
          type="button"
          onClick={p.onRun}
          data-testid="overlay-zoom-run"
          title="Show the measured window: a profile often covers far less time than the planned iteration"
        >
          Zoom to the run
        </button>{' '}
        <button type="button" onClick={p.onFit} title="Show the whole plan and run">
          Fit
        </button>
      </span>
    </div>
  );
}

/**
 * The planned device above the measured streams of a rank, on one time axis from 0: the Gantt
 * chart's canvas drawing, culling and navigation (wheel zoom, drag to pan) over an overlay layout.
 */
export function OverlayChart(props: {
  layout: GanttLayout;
  planned: Timeline | null;
  measured: MeasuredTimeline;
  blockLabels: [string, string];
  theme: Theme;
}): JSX.Element {
  const { layout, theme } = props;
  const index = useMemo(() => buildIndex(layout), [layout]);
  const [vp, setVp] = useState<Viewport | null>(null);
  const viewport = useMemo(
    () => clampViewport(vp ?? fitViewport(layout.makespan), layout.makespan),
    [vp, layout.makespan],
  );
  const tls = useMemo(() => (props.planned ? [props.planned] : []), [props.planned]);
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
    selectedMicrobatch: null,
    paths: [],
    hover,
  });
  const requestDraw = useCanvasFrames(live, baseRef, overlayRef);
  // biome-ignore lint/correctness/useExhaustiveDependencies: these values are what the base layer shows
  useEffect(() => requestDraw(true), [layout, viewport, plotWidth, viewHeight, theme, requestDraw]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the overlay shows the hovered bar
  useEffect(() => requestDraw(false), [hover, requestDraw]);
  const onScroll = useCallback(() => {
    live.current.scrollTop = scrollerRef.current?.scrollTop ?? 0;
    requestDraw(true);
  }, [live, requestDraw]);
  useWheelNavigation(scrollerRef, live, setVp);
  const pointer = usePlotPointer({
    live,
    rootRef,
    hover,
    setHover,
    onViewportChange: setVp,
    onSelectMicrobatch: () => {},
  });
  let tooltip: { title: string; rows: TooltipRow[] } | null = null;
  if (hover && hover.bar < layout.bars.count) {
    const lane = layout.lanes[layout.bars.lane[hover.bar]];
    tooltip =
      lane.timeline === MEASURED_BLOCK
        ? describeMeasured(props.measured, layout.bars.op[hover.bar])
        : describeBar(layout, tls, hover.bar);
  }
  const canvasSize = { width: plotWidth, height: viewHeight };
  return (
    <div
      ref={rootRef}
      className="gantt"
      style={chartThemeStyle(theme)}
      data-testid="overlay-chart"
      data-lanes={layout.lanes.length}
      data-measured-ops={props.measured.count}
      data-t0={viewport.t0}
      data-t1={viewport.t1}
      role="img"
      aria-label={`${props.blockLabels[0]} above ${props.blockLabels[1]}, on one time axis`}
    >
      <OverlayLegend
        layout={layout}
        theme={theme}
        onFit={() => setVp(null)}
        onRun={() => setVp(fitViewport(props.measured.makespan))}
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
          <OverlayLaneLabels layout={layout} measured={props.measured} />
          <BlockLabels layout={layout} labels={props.blockLabels} />
        </div>
      </div>
      {tooltip && hover ? (
        <GanttTooltip
          title={tooltip.title}
          rows={tooltip.rows}
          rootX={hover.rootX}
          rootY={hover.rootY}
          chartWidth={size.width}
        />
      ) : null}
    </div>
  );
}
