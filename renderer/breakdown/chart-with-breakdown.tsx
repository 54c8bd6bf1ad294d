import { useMemo, useRef } from 'react';
import type { Analysis } from '../../core/analyze';
import type { Theme } from '../../core/layout/palette';
import { GanttChart, type Viewport } from '../gantt';
import { segmentsPresent } from './breakdown';
import { BreakdownColumn } from './breakdown-column';
import { BreakdownLegend } from './breakdown-legend';
import { COMPACT_LANES, REGULAR_LANES, deviceRows } from './row-positions';
import { useRowsTop } from './use-rows-top';

/**
 * The Gantt chart of one or more stacked schedules with each device's breakdown bar beside its
 * rows. The chart area is exactly as tall as its rows, so they never scroll inside the page: the
 * page is the one scroll container.
 */
export function ChartWithBreakdown(p: {
  timelines: { label: string; analysis: Analysis }[];
  theme: Theme;
  viewport: Viewport | null;
  onViewportChange(v: Viewport): void;
  selectedMicrobatch: number | null;
  onSelectMicrobatch(mb: number | null): void;
  showComm: boolean;
  compact: boolean;
  /**
   * Blocks still being computed (each like the last one shown): their rows' height is kept free
   * below the chart, so the page does not jump when they arrive.
   */
  pendingBlocks?: number;
}) {
  const areaRef = useRef<HTMLDivElement>(null);
  const lanes = p.compact ? COMPACT_LANES : REGULAR_LANES;
  const tls = useMemo(() => p.timelines.map((t) => t.analysis.timeline), [p.timelines]);
  const pending = p.pendingBlocks ?? 0;
  const { rows } = useMemo(() => deviceRows(tls, lanes, p.showComm), [tls, lanes, p.showComm]);
  const height = useMemo(() => {
    const last = tls[tls.length - 1];
    const all = last ? [...tls, ...Array.from({ length: pending }, () => last)] : tls;
    return deviceRows(all, lanes, p.showComm).height;
  }, [tls, lanes, p.showComm, pending]);
  const blocks = useMemo(
    () => p.timelines.map((t) => ({ label: t.label, metrics: t.analysis.metrics })),
    [p.timelines],
  );
  const segments = useMemo(() => segmentsPresent(blocks.map((b) => b.metrics)), [blocks]);
  const top = useRowsTop(areaRef, p.timelines);
  return (
    <div className={p.compact ? 'chart-with-breakdown compact-rows' : 'chart-with-breakdown'}>
      <div className="chart-row">
        <div ref={areaRef} className="chart-area" style={{ height: top + height + 1 }}>
          <GanttChart
            timelines={p.timelines}
            theme={p.theme}
            viewport={p.viewport}
            onViewportChange={p.onViewportChange}
            selectedMicrobatch={p.selectedMicrobatch}
            onSelectMicrobatch={p.onSelectMicrobatch}
            showComm={p.showComm}
            lanes={lanes}
          />
        </div>
        <BreakdownColumn blocks={blocks} rows={rows} rowsHeight={height} top={top} />
      </div>
      <BreakdownLegend segments={segments} />
    </div>
  );
}
