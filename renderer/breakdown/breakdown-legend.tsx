import { memo } from 'react';
import type { Segment } from './breakdown';

/**
 * What the breakdown bars' colours mean (only the segments present), with definitions on hover: one
 * line at 1600 px, so it shows under the rows of three 16-device schedules.
 */
export const BreakdownLegend = memo(function BreakdownLegend({ segments }: { segments: Segment[] }) {
  return (
    <p className="breakdown-legend" data-testid="breakdown-legend">
      <span
        className="breakdown-legend-title"
        title="The idle time is split by cause as core attributes it (see each colour's definition)."
      >
        Bars right of the rows: each device's makespan (ms) split into
      </span>
      {segments.map((s) => (
        <span key={s.key} className="legend-item" title={s.definition} data-segment={s.key}>
          <span className={`bd-swatch bd-${s.key}`} aria-hidden="true" />
          {s.label}
        </span>
      ))}
      <span className="hint">hover a bar for its numbers</span>
    </p>
  );
});
