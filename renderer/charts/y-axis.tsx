import type { ScaleLinear } from 'd3';

/** Room around a small chart's plot, px: tick labels and the axis labels fit in it. */
export const CHART_MARGIN = { top: 12, right: 16, bottom: 42, left: 58 };

/** A small chart's y axis: its line, ticks with their labels, and its name turned along it. */
export function YAxis(p: {
  y: ScaleLinear<number, number>;
  ticks: number[];
  format(v: number): string;
  /** The plot's left edge, top and bottom (px). */
  left: number;
  top: number;
  bottom: number;
  label: string;
}) {
  return (
    <g className="axis y-axis">
      <line x1={p.left} x2={p.left} y1={p.top} y2={p.bottom} />
      {p.ticks.map((t) => (
        <g key={t} transform={`translate(${p.left},${p.y(t)})`}>
          <line x2={-5} />
          <text x={-8} dy="0.32em" textAnchor="end">
            {p.format(t)}
          </text>
        </g>
      ))}
      <text
        className="axis-label"
        transform={`translate(14,${(p.top + p.bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
      >
        {p.label}
      </text>
    </g>
  );
}
