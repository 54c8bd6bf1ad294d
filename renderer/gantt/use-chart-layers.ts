import { useEffect, useMemo, useState } from 'react';
import { type ChartDensity, type GanttLayout, layoutGantt } from '../../core/layout/gantt-layout';
import { type IdleLayout, layoutIdle } from '../../core/layout/idle-layout';
import type { Timeline } from '../../core/sim/timeline';
import { p2pOnComm } from './chart-height';
import { type CriticalPathLayer, criticalPathLayer } from './critical-path-layer';
import type { IdleColumns } from './draw';
import type { GanttAnalysis } from './gantt-analysis';
import { buildIndex, laneOffsets, type LayoutIndex } from './spatial-index';

/**
 * Up to this many ops the idle causes are worked out before the first frame; above, just after it
 * (the chart first shows its idle time hatched without causes, a frame later tinted by cause), so
 * a million-op timeline paints without waiting for them.
 */
const IDLE_CAUSES_BEFORE_PAINT_OPS = 200_000;

export interface ChartLayers {
  tls: Timeline[];
  layout: GanttLayout;
  index: LayoutIndex;
  /** Idle intervals with causes once known, else the layout's bubbles. */
  idle: IdleColumns;
  idleStart: Int32Array;
  /** The critical path on the lanes, when asked for and known. */
  criticalPath: CriticalPathLayer | null;
}

/** Everything the chart draws, derived from its analyses (each memoized on what it depends on). */
export function useChartLayers(
  analyses: readonly GanttAnalysis[],
  options: { showComm?: boolean; density: ChartDensity; highlightCriticalPath: boolean },
): ChartLayers {
  const { showComm, density, highlightCriticalPath } = options;
  const tls = useMemo(() => analyses.map((a) => a.timeline), [analyses]);
  const layout = useMemo(
    () => layoutGantt(tls, { showComm, density, p2pOnComm: analyses.map(p2pOnComm) }),
    [tls, analyses, showComm, density],
  );
  const index = useMemo(() => buildIndex(layout), [layout]);
  const ops = layout.bars.count;
  const early = ops <= IDLE_CAUSES_BEFORE_PAINT_OPS;
  const sync = useMemo(() => (early ? layoutIdle(layout, tls) : null), [early, layout, tls]);
  const [late, setLate] = useState<{ layout: GanttLayout; idle: IdleLayout } | null>(null);
  useEffect(() => {
    if (early || typeof requestAnimationFrame === 'undefined') return;
    // After the first frame is painted: the next frame's callback, then a task.
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setLate({ layout, idle: layoutIdle(layout, tls) }), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [early, layout, tls]);
  const causes = sync ?? (late?.layout === layout ? late.idle : null);
  const idleStart = useMemo(
    () => (causes ? laneOffsets(causes, layout.lanes.length) : index.bubbleStart),
    [causes, layout, index],
  );
  const criticalPath = useMemo(
    () =>
      highlightCriticalPath && analyses.some((a) => a.metrics)
        ? criticalPathLayer(
            layout,
            tls,
            analyses.map((a) => a.metrics?.criticalPath ?? null),
          )
        : null,
    [highlightCriticalPath, analyses, layout, tls],
  );
  return { tls, layout, index, idle: causes ?? layout.bubbles, idleStart, criticalPath };
}
