import { type JSX, useMemo } from 'react';
import type { GanttLayout } from '../../core/layout/gantt-layout';
import { CATEGORIES, type Theme } from '../../core/layout/palette';

/** Ids of the categories that have at least one bar, in palette order. */
export function categoriesPresent(layout: GanttLayout): number[] {
  const seen = new Uint8Array(CATEGORIES.length);
  for (let b = 0; b < layout.bars.count; b++) seen[layout.bars.category[b]] = 1;
  return CATEGORIES.filter((c) => seen[c.id]).map((c) => c.id);
}

/** The colours in use, the bubble hatch, the pair outline when there are pairs, and the Fit button. */
export function GanttLegend(props: { layout: GanttLayout; theme: Theme; onFit(): void }): JSX.Element {
  const { layout, theme } = props;
  const present = useMemo(() => categoriesPresent(layout), [layout]);
  return (
    <div className="gantt-legend" data-testid="gantt-legend">
      {present.map((id) => (
        <span key={id} className="gantt-legend-item">
          <span className="gantt-swatch" style={{ background: CATEGORIES[id][theme].fill }} />
          {CATEGORIES[id].label}
        </span>
      ))}
      <span className="gantt-legend-item">
        <span className="gantt-swatch gantt-swatch-bubble" />
        idle (bubble, compute stream)
      </span>
      {layout.pairs.count > 0 && (
        <span className="gantt-legend-item">
          <span className="gantt-swatch gantt-swatch-pair" />
          overlapped F&amp;B pair
        </span>
      )}
      <button
        type="button"
        className="gantt-fit"
        onClick={props.onFit}
        title="Fit the whole timeline (0 or F)"
      >
        Fit
      </button>
    </div>
  );
}
