import { format, scaleLinear } from 'd3';
import { memo } from 'react';
import type { Metrics } from '../../core/metrics/metrics';
import { fmtMs } from '../metrics/metric-rows';
import { SEGMENTS, deviceBreakdown, segmentPixels } from './breakdown';
import type { DeviceRow } from '../gantt';
import { AXIS_HEIGHT } from '../gantt/geometry';

/** "1,000": d3's grouping, not toLocaleString (whose first call sets up Intl, ~15 ms on opening). */
const thousands = format(',');

/** Width of the bars, px: room for a readable split of the longest makespan. */
export const BREAKDOWN_WIDTH = 150;
/** Gap between the chart's plot and the bars, px. */
const GAP = 10;
/** The column's width as the chart's aside, px. */
export const BREAKDOWN_ASIDE_WIDTH = GAP + BREAKDOWN_WIDTH;
/** Height of the scale above the bars, px: the chart's time axis row, beside which it sits. */
const HEAD_HEIGHT = AXIS_HEIGHT;
/** Space right of the longest bar for its last tick label, px. */
const RIGHT_PAD = 14;
/** The bar's height inside its row: the row less this much above and below, at most MAX_BAR px. */
const BAR_INSET = 1;
const MAX_BAR = 14;

/** Device d's breakdown in words, for the hover text. */
function deviceText(label: string, d: number, ms: Float64Array, makespan: number): string {
  const parts = SEGMENTS.map((s, k) =>
    ms[k] > 0 ? `${s.label} ${fmtMs(ms[k])} (${((ms[k] / makespan) * 100).toFixed(1)}%)` : null,
  ).filter(Boolean);
  return `${label}, device ${d} (makespan ${fmtMs(makespan)}): ${parts.join(', ')}`;
}

/**
 * One bar per device beside the Gantt chart's rows (the chart's aside): the device's iteration
 * split into computation and idle time by cause (breakdown.ts), on one ms scale for every stacked
 * schedule (so a faster schedule's bars are shorter). Rows are where the chart lays them out, px
 * from the top of the first row; the scale sits above them, beside the chart's time axis.
 */
export const BreakdownColumn = memo(function BreakdownColumn(p: {
  blocks: { label: string; metrics: Metrics }[];
  rows: DeviceRow[];
}) {
  const rowsHeight = Math.max(0, ...p.rows.map((r) => r.y + r.height));
  const longest = Math.max(0, ...p.blocks.map((b) => b.metrics.makespan));
  const pxPerMs = longest > 0 ? (BREAKDOWN_WIDTH - RIGHT_PAD) / longest : 0;
  const x = scaleLinear()
    .domain([0, longest || 1])
    .range([0, BREAKDOWN_WIDTH - RIGHT_PAD]);
  const ticks = x.ticks(2);
  return (
    <div className="breakdown" data-testid="breakdown" data-px-per-ms={pxPerMs} style={{ paddingLeft: GAP }}>
      <svg
        className="breakdown-axis"
        data-testid="breakdown-axis"
        width={BREAKDOWN_WIDTH}
        height={HEAD_HEIGHT}
        style={{ left: GAP }}
        aria-label="Each device's iteration, ms per device"
        role="img"
      >
        <title>Each device's iteration (ms, per device): the bars' scale</title>
        {ticks.map((t, k) => (
          <g key={t} transform={`translate(${Math.round(x(t)) + 0.5},0)`}>
            <line y1={HEAD_HEIGHT - 6} y2={HEAD_HEIGHT} />
            <text y={HEAD_HEIGHT - 10} textAnchor={t === 0 ? 'start' : 'middle'}>
              {thousands(t)}
              {k === ticks.length - 1 ? ' ms' : ''}
            </text>
          </g>
        ))}
      </svg>
      <svg
        className="breakdown-bars"
        width={BREAKDOWN_WIDTH}
        height={rowsHeight}
        role="img"
        aria-label="Per device: computation and idle time by cause, bar length the makespan"
      >
        {p.rows.map((row) => {
          const block = p.blocks[row.timeline];
          if (!block) return null;
          const ms = deviceBreakdown(block.metrics, row.device);
          const h = Math.max(2, Math.min(MAX_BAR, row.height - 2 * BAR_INSET - 1));
          const y = row.y + Math.round((row.height - h) / 2);
          const px = segmentPixels(ms, pxPerMs);
          return (
            <g
              key={`${row.timeline}:${row.device}`}
              data-testid="breakdown-bar"
              data-block={row.timeline}
              data-device={row.device}
              data-makespan={block.metrics.makespan}
            >
              <title>{deviceText(block.label, row.device, ms, block.metrics.makespan)}</title>
              {SEGMENTS.map((s, k) =>
                px[k].width > 0 ? (
                  <rect
                    key={s.key}
                    className={`bd-${s.key}`}
                    data-segment={s.key}
                    data-ms={ms[k]}
                    x={px[k].x}
                    y={y}
                    width={px[k].width}
                    height={h}
                  />
                ) : null,
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
});
