import { memo } from 'react';
import type { Segment } from './breakdown';

/** What the breakdown bars' colours mean (only the segments present), with definitions on hover. */
export const BreakdownLegend = memo(function BreakdownLegend({ segments }: { segments: Segment[] }) {
  return (
    <p className="breakdown-legend" data-testid="breakdown-legend">
      <span className="breakdown-legend-title">
        Bars right of the rows: each device's makespan (ms) split into
      </span>
      {segments.map((s) => (
        <span key={s.key} className="legend-item" title={s.definition} data-segment={s.key}>
          <span className={`bd-swatch bd-${s.key}`} aria-hidden="true" />
          {s.label}
        </span>
      ))}
      <span className="hint">idle causes as core attributes them; hover a bar for its numbers</span>
    </p>
  );
});
