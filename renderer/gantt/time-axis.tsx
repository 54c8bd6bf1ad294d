import { scaleLinear } from 'd3';
import type { JSX } from 'react';
import { TIME_TICK_SPACING_PX, timeTicks } from '../../core/layout/time-axis';
import type { Ms } from '../../core/model/units';
import { AXIS_HEIGHT } from './geometry';
import type { Viewport } from './viewport';

/** Ticks closer than this to an end are anchored inward so their label is not cut off, px. */
const EDGE = 20;

/** The unit the axis counts in for a visible span: s above 20 s, µs below 0.05 ms, else ms. */
export function axisUnit(span: Ms): { unit: string; scale: number } {
  if (span >= 20_000) return { unit: 's', scale: 1000 };
  if (span < 0.05) return { unit: 'µs', scale: 0.001 };
  return { unit: 'ms', scale: 1 };
}

/**
 * The time axis above the plot: its unit in the gutter, d3's ticks over the plot. `sticky` keeps
 * it at the top of the scrolling page while the rows scroll under it.
 */
export function TimeAxis({
  viewport,
  plotWidth,
  sticky = false,
}: {
  viewport: Viewport;
  plotWidth: number;
  sticky?: boolean;
}): JSX.Element {
  const { unit, scale: unitScale } = axisUnit(viewport.t1 - viewport.t0);
  const axisScale = scaleLinear()
    .domain([viewport.t0 / unitScale, viewport.t1 / unitScale])
    .range([0, plotWidth]);
  // The SVG export asks core for the same ticks, so the canvas and an exported figure agree.
  const ticks = timeTicks(viewport.t0 / unitScale, viewport.t1 / unitScale, plotWidth);
  const tickFormat = axisScale.tickFormat(Math.max(2, Math.floor(plotWidth / TIME_TICK_SPACING_PX)));
  return (
    <div className={sticky ? 'gantt-axis gantt-axis-sticky' : 'gantt-axis'} data-testid="gantt-axis">
      <div className="gantt-axis-unit">time ({unit})</div>
      <svg width={plotWidth} height={AXIS_HEIGHT} aria-hidden="true">
        {ticks.map((tick) => {
          const x = axisScale(tick);
          return (
            <g key={tick} transform={`translate(${x},0)`}>
              <line y1={AXIS_HEIGHT - 6} y2={AXIS_HEIGHT} />
              <text
                y={AXIS_HEIGHT - 10}
                textAnchor={x < EDGE ? 'start' : x > plotWidth - EDGE ? 'end' : 'middle'}
              >
                {tickFormat(tick)}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
