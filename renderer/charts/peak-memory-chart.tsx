import { scaleBand, scaleLinear } from 'd3';
import { type KeyboardEvent, useRef, useState } from 'react';
import type { MemoryMetrics } from '../../core/metrics/memory';
import { fmtGiB } from './memory-warning';
import { CHART_MARGIN, YAxis } from './y-axis';

const GiB = 1024 ** 3;
const M = CHART_MARGIN;
/** At most this many device numbers under the bars; the others are in each bar's hover text. */
const MAX_X_LABELS = 16;

/**
 * Each device's peak memory as a bar (parameters, then activations at their peak) against the
 * capacity line; what a bar holds above the capacity is marked. A bar toggles its device in the memory-over-time
 * chart: click it, or focus the bars (one tab stop), move with the arrow keys and press Enter.
 */
export function PeakMemoryChart(p: {
  memory: MemoryMetrics;
  devices: number;
  picked: readonly number[];
  onToggle(d: number): void;
  /** Top of the y scale (bytes), to share it between schedules. */
  yMax?: number;
  width?: number;
  height?: number;
}) {
  const width = p.width ?? 460;
  const height = p.height ?? 240;
  const m = p.memory;
  const [focus, setFocus] = useState(0);
  const bars = useRef<(SVGGElement | null)[]>([]);
  let top = p.yMax ?? 0;
  for (let d = 0; d < p.devices; d++) top = Math.max(top, m.peakMemoryBytes[d]);
  if (m.capacity !== null) top = Math.max(top, m.capacity);
  const x = scaleBand<number>()
    .domain(Array.from({ length: p.devices }, (_, d) => d))
    .range([M.left, width - M.right])
    .padding(0.15);
  const y = scaleLinear()
    .domain([0, top > 0 ? top / GiB : 1])
    .nice()
    .range([height - M.bottom, M.top]);
  const every = Math.ceil(p.devices / MAX_X_LABELS);
  const params = m.parameterBytes / GiB;
  const cap = m.capacity === null ? Number.POSITIVE_INFINITY : m.capacity / GiB;
  const over = new Set(m.overCapacity);
  const move = (e: KeyboardEvent, d: number) => {
    const next = e.key === 'ArrowRight' ? d + 1 : e.key === 'ArrowLeft' ? d - 1 : -1;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      p.onToggle(d);
    } else if (next >= 0 && next < p.devices) {
      e.preventDefault();
      setFocus(next);
      bars.current[next]?.focus();
    }
  };
  return (
    <figure className="chart peak-memory" data-testid="peak-memory-chart">
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
        <title>
          Peak memory per device (GiB) against the capacity; Enter on a bar draws that device over time
        </title>
        <g className="grid">
          {y.ticks(5).map((t) => (
            <line key={t} x1={M.left} x2={width - M.right} y1={y(t)} y2={y(t)} />
          ))}
        </g>
        <YAxis
          y={y}
          ticks={y.ticks(5)}
          format={String}
          left={M.left}
          top={M.top}
          bottom={height - M.bottom}
          label="peak memory (GiB, per device)"
        />
        <g className="axis x-axis">
          <line x1={M.left} x2={width - M.right} y1={height - M.bottom} y2={height - M.bottom} />
          {x
            .domain()
            .filter((d) => d % every === 0)
            .map((d) => (
              <text
                key={d}
                x={(x(d) ?? 0) + x.bandwidth() / 2}
                y={height - M.bottom + 15}
                textAnchor="middle"
              >
                {d}
              </text>
            ))}
          <text className="axis-label" x={(M.left + width - M.right) / 2} y={height - 6} textAnchor="middle">
            device
          </text>
        </g>
        {x.domain().map((d) => {
          const peak = m.peakMemoryBytes[d] / GiB;
          const bx = x(d) ?? 0;
          const picked = p.picked.includes(d);
          const cls = picked ? 'mem-bar picked' : 'mem-bar';
          return (
            // biome-ignore lint/a11y/useSemanticElements: an SVG bar cannot be a <button>
            <g
              key={d}
              ref={(el) => {
                bars.current[d] = el;
              }}
              className={cls}
              role="button"
              tabIndex={d === focus ? 0 : -1}
              aria-pressed={picked}
              data-testid="peak-memory-bar"
              data-device={d}
              data-bytes={m.peakMemoryBytes[d]}
              onClick={() => {
                setFocus(d);
                p.onToggle(d);
              }}
              onKeyDown={(e) => move(e, d)}
            >
              <title>
                {`device ${d}: peak ${fmtGiB(m.peakMemoryBytes[d])} = parameters ${fmtGiB(m.parameterBytes)} + activations ${fmtGiB(m.peakActivationBytes[d])}${over.has(d) && m.capacity !== null ? `, over the ${fmtGiB(m.capacity)} capacity` : ''}${picked ? ' (drawn over time)' : ''}`}
              </title>
              <rect
                className="mem-params"
                x={bx}
                width={x.bandwidth()}
                y={y(params)}
                height={y(0) - y(params)}
              />
              <rect
                className="mem-act"
                x={bx}
                width={x.bandwidth()}
                y={y(Math.min(peak, cap))}
                height={Math.max(0, y(params) - y(Math.min(peak, cap)))}
              />
              {peak > cap ? (
                <rect
                  className="mem-over"
                  x={bx}
                  width={x.bandwidth()}
                  y={y(peak)}
                  height={Math.max(0, y(Math.max(params, cap)) - y(peak))}
                />
              ) : null}
            </g>
          );
        })}
        {m.capacity !== null ? (
          <g className="reference" data-testid="capacity-line" data-bytes={m.capacity}>
            <line x1={M.left} x2={width - M.right} y1={y(m.capacity / GiB)} y2={y(m.capacity / GiB)} />
            <text x={width - M.right - 4} y={y(m.capacity / GiB) - 4} textAnchor="end">
              capacity {fmtGiB(m.capacity)}
            </text>
          </g>
        ) : null}
      </svg>
      <figcaption className="legend">
        <span className="legend-item">
          <span className="mem-swatch mem-params" aria-hidden="true" /> parameters
        </span>
        <span className="legend-item">
          <span className="mem-swatch mem-act" aria-hidden="true" /> activations at the peak
        </span>
        {m.overCapacity.length ? (
          <span className="legend-item">
            <span className="mem-swatch mem-over" aria-hidden="true" /> above the capacity
          </span>
        ) : null}
        <span className="hint">click a bar to draw that device over time</span>
      </figcaption>
    </figure>
  );
}
