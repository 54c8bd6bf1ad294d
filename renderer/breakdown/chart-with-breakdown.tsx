import { useMemo } from 'react';
import type { Analysis } from '../../core/analyze';
import { GanttChart } from '../gantt';
import { type AppStore, useAppState } from '../state/store';
import { segmentsPresent } from './breakdown';
import { BreakdownColumn } from './breakdown-column';
import { BreakdownLegend } from './breakdown-legend';
import { COMPACT_LANES, REGULAR_LANES, deviceRows } from './row-positions';

/**
 * The Gantt chart of one or more stacked schedules with each device's breakdown bar beside its
 * rows. The chart area takes the height of its content (legend, axis, every row), so the rows never
 * scroll inside the page: the page is the one scroll container. The column of bars ends where the
 * chart ends (both are aligned to the bottom of their row) and is exactly as tall as the rows, so
 * each bar sits beside its device without measuring the chart's legend.
 */
export function ChartWithBreakdown(p: {
  /** Where the view's zoom, selection, theme and compact rows are (and go). */
  store: AppStore;
  timelines: { label: string; analysis: Analysis }[];
  showComm: boolean;
  /**
   * Blocks still being computed (each like the last one shown): their rows' height is kept free
   * below the chart, so the page does not jump when they arrive.
   */
  pendingBlocks?: number;
}) {
  const { store } = p;
  const view = useAppState(store, (s) => s.view);
  const lanes = view.compactRows ? COMPACT_LANES : REGULAR_LANES;
  const tls = useMemo(() => p.timelines.map((t) => t.analysis.timeline), [p.timelines]);
  const pending = p.pendingBlocks ?? 0;
  const { rows, height } = useMemo(() => deviceRows(tls, lanes, p.showComm), [tls, lanes, p.showComm]);
  const reserved = useMemo(() => {
    const last = tls[tls.length - 1];
    if (!last || pending === 0) return 0;
    const all = [...tls, ...Array.from({ length: pending }, () => last)];
    return deviceRows(all, lanes, p.showComm).height - height;
  }, [tls, lanes, p.showComm, pending, height]);
  const blocks = useMemo(
    () => p.timelines.map((t) => ({ label: t.label, metrics: t.analysis.metrics })),
    [p.timelines],
  );
  const segments = useMemo(() => segmentsPresent(blocks.map((b) => b.metrics)), [blocks]);
  return (
    <div className={view.compactRows ? 'chart-with-breakdown compact-rows' : 'chart-with-breakdown'}>
      <div className="chart-row">
        <div className="chart-area">
          <GanttChart
            timelines={p.timelines}
            theme={view.theme}
            viewport={view.viewport}
            onViewportChange={(v) => store.setView({ viewport: v })}
            selectedMicrobatch={view.selectedMicrobatch}
            onSelectMicrobatch={(mb) => store.setView({ selectedMicrobatch: mb })}
            showComm={p.showComm}
            lanes={lanes}
          />
        </div>
        <BreakdownColumn blocks={blocks} rows={rows} rowsHeight={height} />
      </div>
      {reserved > 0 ? <div className="chart-pending" style={{ height: reserved }} /> : null}
      <BreakdownLegend segments={segments} />
    </div>
  );
}
