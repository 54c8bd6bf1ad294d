import { type JSX, useMemo, useState } from 'react';
import type { GanttLayout } from '../../core/layout/gantt-layout';
import { CATEGORIES, type Theme } from '../../core/layout/palette';
import { PAIR_ORDER_ENTRIES } from '../../core/model/costs';
import type { Timeline } from '../../core/sim/timeline';
import type { MeasuredTimeline } from '../../core/trace/measured-timeline';
import { MEASURED_BLOCK, MEASURED_OTHER_CATEGORY } from '../../core/trace/overlay-layout';
import { describeBar, formatMs, type TooltipRow } from '../gantt/describe';
import { BlockLabels } from '../gantt/lane-labels';
import { categoriesPresent } from '../gantt/legend';
import { PlotRows, usePlot } from '../gantt/plot';
import { buildIndex } from '../gantt/spatial-index';
import { chartThemeStyle } from '../gantt/theme-vars';
import { TimeAxis } from '../gantt/time-axis';
import { GanttTooltip } from '../gantt/tooltip';
import { type Viewport, clampViewport, fitViewport } from '../gantt/viewport';
import '../gantt/gantt.css';

/** The overlay selects no micro-batch, so it draws no dependency arrows. */
const NO_PATHS: [number, number][][] = [];
const ignore = () => {};

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
 * chart's canvas drawing, culling and navigation (Ctrl+wheel zoom, Shift+wheel and drag to pan) over an overlay layout.
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
  const plot = usePlot({
    layout,
    index,
    tls,
    viewport,
    theme,
    selectedMicrobatch: null,
    paths: NO_PATHS,
    onViewportChange: setVp,
    onSelectMicrobatch: ignore,
  });
  const { hover } = plot;
  let tooltip: { title: string; rows: TooltipRow[] } | null = null;
  if (hover && hover.bar < layout.bars.count) {
    const lane = layout.lanes[layout.bars.lane[hover.bar]];
    tooltip =
      lane.timeline === MEASURED_BLOCK
        ? describeMeasured(props.measured, layout.bars.op[hover.bar])
        : describeBar(layout, tls, hover.bar);
  }
  return (
    <div
      ref={plot.rootRef}
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
      <TimeAxis viewport={viewport} plotWidth={plot.plotWidth} />
      <PlotRows plot={plot} height={layout.height}>
        <OverlayLaneLabels layout={layout} measured={props.measured} />
        <BlockLabels layout={layout} labels={props.blockLabels} />
      </PlotRows>
      {tooltip && hover ? (
        <GanttTooltip
          title={tooltip.title}
          rows={tooltip.rows}
          rootX={hover.rootX}
          rootY={hover.rootY}
          chartWidth={plot.size.width}
        />
      ) : null}
    </div>
  );
}
