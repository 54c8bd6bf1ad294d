import { area, curveLinear, curveStepAfter, max as d3max, extent, line, scaleLinear } from 'd3';
import { useId } from 'react';
import { CHART_MARGIN, YAxis } from './y-axis';

export interface Series {
  label: string;
  color: string;
  /** Points in x order; y null breaks the line (e.g. a schedule that cannot run there). */
  points: { x: number; y: number | null }[];
  /** Draw as a step function (memory over time) instead of straight segments. */
  step?: boolean;
  dashed?: boolean;
}

/** A shaded range between two curves (e.g. the min..max envelope over devices), drawn under the lines. */
export interface Band {
  label: string;
  color: string;
  points: { x: number; y0: number; y1: number }[];
  step?: boolean;
}

export interface LineChartProps {
  title: string;
  series: Series[];
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** Mark each point (sweeps) rather than only the line (curves). */
  markers?: boolean;
  yMin?: number;
  yMax?: number;
  xTicks?: number[];
  formatY?: (v: number) => string;
  formatX?: (v: number) => string;
  /** A horizontal reference line, e.g. the memory capacity. */
  reference?: { y: number; label: string };
  testId?: string;
  legend?: boolean;
  band?: Band;
}

const M = CHART_MARGIN;

/** A small SVG chart: d3 computes scales, ticks and paths; React renders the elements. */
export function LineChart(p: LineChartProps) {
  const width = p.width ?? 460;
  const height = p.height ?? 240;
  const clipId = useId();
  const all = p.series.flatMap((s) => s.points);
  for (const b of p.band?.points ?? []) all.push({ x: b.x, y: b.y1 });
  const [x0, x1] = extent(all, (d) => d.x) as [number | undefined, number | undefined];
  const yTop = Math.max(p.yMax ?? 0, d3max(all, (d) => d.y ?? 0) ?? 0, p.reference?.y ?? 0);
  const x = scaleLinear()
    .domain([x0 ?? 0, x1 !== undefined && x1 > (x0 ?? 0) ? x1 : (x0 ?? 0) + 1])
    .range([M.left, width - M.right]);
  const y = scaleLinear()
    .domain([p.yMin ?? 0, yTop > (p.yMin ?? 0) ? yTop : (p.yMin ?? 0) + 1])
    .nice()
    .range([height - M.bottom, M.top]);
  const fx = p.formatX ?? ((v: number) => x.tickFormat(6)(v));
  const fy = p.formatY ?? ((v: number) => y.tickFormat(5)(v));
  const xTicks = p.xTicks ?? x.ticks(6);
  const yTicks = y.ticks(5);
  return (
    <figure className="chart" data-testid={p.testId}>
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${p.title}: ${p.yLabel} against ${p.xLabel}`}
      >
        <title>{p.title}</title>
        <defs>
          <clipPath id={clipId}>
            <rect
              x={M.left}
              y={M.top - 2}
              width={width - M.left - M.right}
              height={height - M.top - M.bottom + 4}
            />
          </clipPath>
        </defs>
        <g className="grid">
          {yTicks.map((t) => (
            <line key={t} x1={M.left} x2={width - M.right} y1={y(t)} y2={y(t)} />
          ))}
        </g>
        <g className="axis x-axis">
          <line x1={M.left} x2={width - M.right} y1={height - M.bottom} y2={height - M.bottom} />
          {xTicks.map((t) => (
            <g key={t} transform={`translate(${x(t)},${height - M.bottom})`}>
              <line y2={5} />
              <text y={17} textAnchor="middle">
                {fx(t)}
              </text>
            </g>
          ))}
          <text className="axis-label" x={(M.left + width - M.right) / 2} y={height - 6} textAnchor="middle">
            {p.xLabel}
          </text>
        </g>
        <YAxis
          y={y}
          ticks={yTicks}
          format={fy}
          left={M.left}
          top={M.top}
          bottom={height - M.bottom}
          label={p.yLabel}
        />
        {p.reference ? (
          <g className="reference">
            <line x1={M.left} x2={width - M.right} y1={y(p.reference.y)} y2={y(p.reference.y)} />
            <text x={width - M.right - 4} y={y(p.reference.y) - 4} textAnchor="end">
              {p.reference.label}
            </text>
          </g>
        ) : null}
        <g clipPath={`url(#${clipId})`}>
          {p.band ? (
            <path
              className="band"
              data-band={p.band.label}
              d={
                area<{ x: number; y0: number; y1: number }>()
                  .x((d) => x(d.x))
                  .y0((d) => y(d.y0))
                  .y1((d) => y(d.y1))
                  .curve(p.band.step ? curveStepAfter : curveLinear)(p.band.points) ?? ''
              }
              fill={p.band.color}
              fillOpacity={0.22}
              stroke="none"
            />
          ) : null}
          {p.series.map((s) => {
            const path = line<{ x: number; y: number | null }>()
              .defined((d) => d.y !== null && Number.isFinite(d.y))
              .x((d) => x(d.x))
              .y((d) => y(d.y as number));
            if (s.step) path.curve(curveStepAfter);
            return (
              <g key={s.label} className="series" data-series={s.label}>
                <path
                  d={path(s.points) ?? ''}
                  fill="none"
                  stroke={s.color}
                  strokeWidth={p.markers ? 1.8 : 1.2}
                  strokeDasharray={s.dashed ? '5 3' : undefined}
                />
                {p.markers
                  ? s.points.map((d) =>
                      d.y === null ? null : (
                        <circle key={d.x} cx={x(d.x)} cy={y(d.y)} r={3} fill={s.color}>
                          <title>{`${s.label}: ${fx(d.x)} → ${fy(d.y)}`}</title>
                        </circle>
                      ),
                    )
                  : null}
              </g>
            );
          })}
        </g>
      </svg>
      {p.legend !== false ? (
        <figcaption className="legend">
          {p.band ? (
            <span className="legend-item">
              <span className="swatch band-swatch" style={{ background: p.band.color }} aria-hidden="true" />
              {p.band.label}
            </span>
          ) : null}
          {p.series.map((s) => (
            <span key={s.label} className="legend-item">
              <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
              {s.label}
            </span>
          ))}
        </figcaption>
      ) : null}
    </figure>
  );
}
