import { useMemo } from 'react';
import type { Analysis } from '../../core/analyze';
import type { Ms } from '../../core/model/units';
import { chartHeight, GanttChart, type GanttAside, type OrderEdit } from '../gantt';
import { type AppStore, useAppState } from '../state/store';
import { segmentsPresent } from './breakdown';
import { BREAKDOWN_ASIDE_WIDTH, BreakdownColumn } from './breakdown-column';
import { BreakdownLegend } from './breakdown-legend';

/**
 * The Gantt chart of one or more stacked schedules with each device's breakdown bar beside its
 * rows: the bars are the chart's aside, placed at the device rows the chart lays out (core's
 * deviceRows), so they line up at every density. The chart is as tall as its rows, so the page is
 * the one scroll container. Zoom, selection, density, the critical-path toggle and the picked
 * devices are the view's (the store's), shared by both views.
 */
export function ChartWithBreakdown(p: {
  store: AppStore;
  timelines: { label: string; analysis: Analysis }[];
  showComm: boolean;
  /** End of the time axis when it should not be the longest makespan shown (see GanttChart). */
  timeDomain?: Ms;
  /** Reordering the one timeline's ops (the Schedule view's Edit order). */
  orderEdit?: OrderEdit;
  /**
   * Blocks still being computed (each like the last one shown): their rows' height is kept free
   * below the chart, so the page does not jump when they arrive.
   */
  pendingBlocks?: number;
}) {
  const { store, showComm } = p;
  const view = useAppState(store, (s) => s.view);
  const density = view.chartDensity;
  const pending = p.pendingBlocks ?? 0;
  const reserved = useMemo(() => {
    const analyses = p.timelines.map((t) => t.analysis);
    const last = analyses[analyses.length - 1];
    if (!last || pending === 0) return 0;
    const all = [...analyses, ...Array.from({ length: pending }, () => last)];
    return chartHeight(all, { showComm, density }) - chartHeight(analyses, { showComm, density });
  }, [p.timelines, showComm, density, pending]);
  const blocks = useMemo(
    () => p.timelines.map((t) => ({ label: t.label, metrics: t.analysis.metrics })),
    [p.timelines],
  );
  const segments = useMemo(() => segmentsPresent(blocks.map((b) => b.metrics)), [blocks]);
  // Stable while the blocks are: the chart recomputes its rows only when its aside changes.
  const aside = useMemo(
    (): GanttAside => ({
      width: BREAKDOWN_ASIDE_WIDTH,
      render: (rows) => <BreakdownColumn blocks={blocks} rows={rows} />,
    }),
    [blocks],
  );
  return (
    <div className="chart-with-breakdown">
      <div className="chart-area">
        <GanttChart
          timelines={p.timelines}
          theme={view.theme}
          viewport={view.viewport}
          onViewportChange={(v) => store.setView({ viewport: v })}
          selectedMicrobatch={view.selectedMicrobatch}
          onSelectMicrobatch={(mb) => store.setView({ selectedMicrobatch: mb })}
          showComm={showComm}
          density={density}
          timeDomain={p.timeDomain}
          aside={aside}
          orderEdit={p.orderEdit}
          highlightCriticalPath={view.highlightCriticalPath}
          onHighlightCriticalPathChange={(on) => store.setView({ highlightCriticalPath: on })}
          selectedDevices={view.selectedDevices}
          onSelectDevices={(devices) => store.setView({ selectedDevices: devices })}
        />
      </div>
      {reserved > 0 ? <div className="chart-pending" style={{ height: reserved }} /> : null}
      <BreakdownLegend segments={segments} />
    </div>
  );
}
