import { type RefObject, useLayoutEffect, useState } from 'react';
import { AXIS_HEIGHT, LEGEND_HEIGHT } from '../gantt/geometry';

/** The chart area's border, px (views.css): the rows start this much below its outer top. */
const AREA_BORDER = 1;

/**
 * How far below the top of the chart area (`ref`) the Gantt chart's device rows start, px: its
 * legend (one line or more, as the width allows) and its time axis. Followed with a
 * ResizeObserver on the legend, so the column beside the rows stays aligned when it wraps.
 */
export function useRowsTop(ref: RefObject<HTMLElement | null>, deps: unknown): number {
  const [top, setTop] = useState(AREA_BORDER + LEGEND_HEIGHT + AXIS_HEIGHT);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `deps` says when the chart was rebuilt
  useLayoutEffect(() => {
    const area = ref.current;
    const rows = area?.querySelector<HTMLElement>('.gantt-scroller');
    if (!area || !rows) return;
    const measure = () => {
      const t = rows.getBoundingClientRect().top - area.getBoundingClientRect().top;
      setTop((old) => (Math.abs(old - t) < 0.5 ? old : Math.round(t)));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    const legend = area.querySelector('.gantt-legend');
    if (legend) ro.observe(legend);
    ro.observe(area);
    return () => ro.disconnect();
  }, [ref, deps]);
  return top;
}
