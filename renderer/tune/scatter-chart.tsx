import { scaleLinear } from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { TuneResult } from '../../core/tune';
import { tuneColor } from './colors';
import { useElementSize } from '../gantt/use-chart-size';
import { choiceLabel, formatGiB, formatMsValue } from './format';

const M = { top: 14, right: 18, bottom: 44, left: 70 };
const HEIGHT = 360;
/** Radius of a point, px; the Pareto front's and the chosen one's rings are larger. */
const R = 3;
/** A pointer within this many px of a point hovers or picks it. */
const PICK_PX = 8;
const GiB = 2 ** 30;

interface Plotted {
  r: TuneResult;
  x: number;
  y: number;
}

/**
 * Iteration time against peak memory, one point per configuration that ran, coloured by schedule:
 * filled when feasible, hollow when over a memory limit; the Pareto front joined by a step line;
 * the capacity as a vertical line. Points on a canvas (thousands of them), axes in SVG.
 */
export function ScatterChart(p: {
  results: readonly TuneResult[];
  capacity: number | null;
  pareto: ReadonlySet<number>;
  selected: number | null;
  /** The best configuration (labelled in the chart), or null. */
  best: number | null;
  onPick(index: number): void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const { width: measured } = useElementSize(box);
  const width = Math.max(360, measured);
  const ran = useMemo(() => p.results.filter((r) => r.figures !== null), [p.results]);
  const { x, y } = useMemo(() => scales(ran, p.capacity, width), [ran, p.capacity, width]);
  const plotted: Plotted[] = useMemo(
    () => ran.map((r) => ({ r, x: x(r.figures!.peakMemory / GiB), y: y(r.figures!.makespan) })),
    [ran, x, y],
  );
  // least memory (slowest) first
  const front = useMemo(
    () => plotted.filter((q) => p.pareto.has(q.r.index)).sort((a, b) => a.x - b.x),
    [plotted, p.pareto],
  );
  const [hover, setHover] = useState<Plotted | null>(null);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(width * dpr);
    c.height = Math.round(HEIGHT * dpr);
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, HEIGHT);
    const fg = getComputedStyle(c).color;
    g.lineWidth = 1.2;
    for (const q of plotted) {
      const color = tuneColor(q.r.choice.schedule);
      g.beginPath();
      g.arc(q.x, q.y, R, 0, 2 * Math.PI);
      if (q.r.reason === null) {
        g.fillStyle = color;
        g.fill();
      } else {
        g.strokeStyle = color;
        g.globalAlpha = 0.55;
        g.stroke();
        g.globalAlpha = 1;
      }
    }
    if (front.length > 0) {
      // the front as a staircase, the edge of what its points dominate (slower and larger): from
      // each point right at its own time to the next point's memory, then down to that point;
      // no configuration lies below or left of it
      g.strokeStyle = fg;
      g.lineWidth = 1.5;
      g.beginPath();
      front.forEach((q, i) => {
        if (i === 0) g.moveTo(q.x, q.y);
        else {
          g.lineTo(q.x, front[i - 1].y);
          g.lineTo(q.x, q.y);
        }
      });
      g.stroke();
      for (const q of front) {
        g.beginPath();
        g.arc(q.x, q.y, R + 2.5, 0, 2 * Math.PI);
        g.stroke();
      }
    }
    const best = p.best === null ? undefined : plotted.find((q) => q.r.index === p.best);
    if (best) {
      g.fillStyle = fg;
      g.font = '600 11px system-ui, sans-serif';
      g.textBaseline = 'middle';
      g.fillText('best', best.x + R + 6, best.y + 10);
    }
    const chosen = plotted.find((q) => q.r.index === p.selected);
    if (chosen) {
      g.strokeStyle = fg;
      g.lineWidth = 2;
      g.beginPath();
      g.arc(chosen.x, chosen.y, R + 6, 0, 2 * Math.PI);
      g.stroke();
    }
  }, [plotted, front, width, p.selected, p.best]);

  const nearest = (e: { clientX: number; clientY: number; currentTarget: Element }): Plotted | null => {
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    let best: Plotted | null = null;
    let bestD = PICK_PX * PICK_PX;
    for (const q of plotted) {
      const d = (q.x - px) ** 2 + (q.y - py) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = q;
      }
    }
    return best;
  };

  const xTicks = x.ticks(7);
  const yTicks = y.ticks(6);
  const fx = x.tickFormat(7);
  const capX = p.capacity === null ? null : x(p.capacity / GiB);
  return (
    <div className="tune-scatter" ref={box} data-testid="tune-scatter" data-points={plotted.length}>
      <svg
        width={width}
        height={HEIGHT}
        role="img"
        aria-label="Iteration time (ms) against peak memory per device (GiB), one point per configuration"
      >
        <g className="grid">
          {yTicks.map((t) => (
            <line key={t} x1={M.left} x2={width - M.right} y1={y(t)} y2={y(t)} />
          ))}
        </g>
        <g className="axis">
          <line x1={M.left} x2={width - M.right} y1={HEIGHT - M.bottom} y2={HEIGHT - M.bottom} />
          {xTicks.map((t) => (
            <g key={t} transform={`translate(${x(t)},${HEIGHT - M.bottom})`}>
              <line y2={5} />
              <text y={17} textAnchor="middle">
                {fx(t)}
              </text>
            </g>
          ))}
          <text className="axis-label" x={(M.left + width - M.right) / 2} y={HEIGHT - 6} textAnchor="middle">
            Peak memory, largest device (GiB: parameters + activations)
          </text>
          <line x1={M.left} x2={M.left} y1={M.top} y2={HEIGHT - M.bottom} />
          {yTicks.map((t) => (
            <g key={t} transform={`translate(${M.left},${y(t)})`}>
              <line x2={-5} />
              <text x={-8} dy="0.32em" textAnchor="end">
                {formatMsValue(t)}
              </text>
            </g>
          ))}
          <text
            className="axis-label"
            transform={`translate(16,${(M.top + HEIGHT - M.bottom) / 2}) rotate(-90)`}
            textAnchor="middle"
          >
            Iteration time (ms)
          </text>
        </g>
        {capX !== null && capX >= M.left && capX <= width - M.right ? (
          <g className="reference" data-testid="tune-capacity-line">
            <line x1={capX} x2={capX} y1={M.top} y2={HEIGHT - M.bottom} />
            <text x={capX - 4} y={M.top + 10} textAnchor="end">
              capacity {formatGiB(p.capacity!)}
            </text>
          </g>
        ) : null}
      </svg>
      <canvas
        ref={canvas}
        className="tune-points"
        style={{ width, height: HEIGHT }}
        onPointerMove={(e) => setHover(nearest(e))}
        onPointerLeave={() => setHover(null)}
        onClick={(e) => {
          const q = nearest(e);
          if (q) p.onPick(q.r.index);
        }}
      />
      {hover ? (
        <div
          className="tune-tip"
          style={{ left: Math.min(hover.x + 12, width - 260), top: Math.max(0, hover.y - 60) }}
          data-testid="tune-tip"
        >
          <strong>{choiceLabel(hover.r.choice)}</strong>
          <br />
          {formatMsValue(hover.r.figures!.makespan)} ms, {formatGiB(hover.r.figures!.peakMemory)} peak
          {hover.r.reason !== null ? ' (over a memory limit)' : ''}
          <br />
          click to open it in the schedule view
        </div>
      ) : null}
    </div>
  );
}

function scales(ran: readonly TuneResult[], capacity: number | null, width: number) {
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = 0;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = 0;
  for (const r of ran) {
    const f = r.figures!;
    x0 = Math.min(x0, f.peakMemory / GiB);
    x1 = Math.max(x1, f.peakMemory / GiB);
    y0 = Math.min(y0, f.makespan);
    y1 = Math.max(y1, f.makespan);
  }
  if (capacity !== null) {
    x0 = Math.min(x0, capacity / GiB);
    x1 = Math.max(x1, capacity / GiB);
  }
  if (!(x1 > x0)) [x0, x1] = [Number.isFinite(x0) ? x0 * 0.9 : 0, Number.isFinite(x0) ? x0 * 1.1 + 1 : 1];
  if (!(y1 > y0)) [y0, y1] = [Number.isFinite(y0) ? y0 * 0.9 : 0, Number.isFinite(y0) ? y0 * 1.1 + 1 : 1];
  const padX = (x1 - x0) * 0.04;
  const padY = (y1 - y0) * 0.05;
  return {
    x: scaleLinear()
      .domain([Math.max(0, x0 - padX), x1 + padX])
      .nice()
      .range([M.left, width - M.right]),
    y: scaleLinear()
      .domain([Math.max(0, y0 - padY), y1 + padY])
      .nice()
      .range([HEIGHT - M.bottom, M.top]),
  };
}
