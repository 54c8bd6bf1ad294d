import type { MetricId } from '../../core/metrics/definitions';
import type { Metrics } from '../../core/metrics/metrics';
import { MetricLabel } from './metric-label';
import { fmtMs } from './metric-rows';
import { type Ratio, amountRatio, speedup } from './ratio';

export interface HeadlineItem {
  /** Column key (the schedule's name). */
  key: string;
  label: string;
  metrics: Metrics;
}

interface Figure {
  id: MetricId;
  label: string;
  /** Unit and which devices the number speaks for. */
  scope: string;
  value(m: Metrics): number | null;
  /** A second number after a slash (the max beside a mean). */
  second?(m: Metrics): number | null;
  format(v: number): string;
  /** Why there is no value. */
  missing(m: Metrics): string;
  ratio(v: number | null, base: number | null): Ratio;
}

const pct = (v: number) => `${Number.parseFloat((v * 100).toFixed(1))} %`;

/** The figures that answer "how much faster, and does it hide its communication?". */
export const HEADLINE_FIGURES: Figure[] = [
  {
    id: 'makespan',
    label: 'Iteration time',
    scope: 'ms, whole iteration',
    value: (m) => m.makespan,
    format: fmtMs,
    missing: () => '—',
    ratio: (v, b) => (v === null || b === null ? { value: null, text: '—' } : speedup(v, b)),
  },
  {
    id: 'steadyStateOverlap',
    label: 'Steady-state overlap',
    scope: '%, steady-state windows',
    value: (m) => m.steadyState.overlap,
    format: pct,
    missing: (m) => (m.steadyState.none ? 'no steady state' : 'no communication'),
    ratio: amountRatio,
  },
  {
    id: 'overlap',
    label: 'Overlap, whole iteration',
    scope: '%, all devices',
    value: (m) => m.comm.overlapFraction,
    format: pct,
    missing: () => 'no communication',
    ratio: amountRatio,
  },
  {
    id: 'exposedCommMean',
    label: 'Exposed communication',
    scope: 'ms per device, mean / max',
    value: (m) => m.comm.exposedCommMean,
    second: (m) => m.comm.exposedCommMax,
    format: fmtMs,
    missing: () => '—',
    ratio: amountRatio,
  },
];

/** "1.59× faster than 1F1B", "same as 1F1B" (the hover text; the cell says "1.59× faster"). */
function against(r: Ratio, baseline: string): string {
  if (r.value === null || r.text === 'none') return r.text;
  return r.text.startsWith('same') ? `${r.text} as ${baseline}` : `${r.text} than ${baseline}`;
}

/**
 * The headline figures of one or more schedules side by side, each against the baseline's (the
 * ratio under every other column's number): how much faster, how much of the communication is
 * hidden in the steady state and over the whole iteration, how much one device loses to it.
 */
export function HeadlineFigures(p: {
  items: HeadlineItem[];
  baseline: string | null;
  caption: string;
  /** A column still being computed (its name): shown empty, so the table keeps its size. */
  pending?: string | null;
}) {
  const base = p.items.find((i) => i.key === p.baseline) ?? null;
  return (
    <table className="metrics headline" data-testid="headline">
      <caption>{p.caption}</caption>
      <thead>
        <tr>
          <th scope="col">figure</th>
          {p.items.map((i) => (
            <th scope="col" key={i.key} data-column={i.key}>
              {i.label}
              {i === base && p.items.length > 1 ? <span className="unit"> (baseline)</span> : null}
            </th>
          ))}
          {p.pending ? (
            <th scope="col" data-column="pending">
              {p.pending}
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {HEADLINE_FIGURES.map((f) => (
          <tr key={f.id} data-figure={f.id}>
            <th scope="row">
              <MetricLabel id={f.id} label={f.label} testPrefix="headline" />{' '}
              <span className="unit">({f.scope})</span>
            </th>
            {p.items.map((i) => {
              const v = f.value(i.metrics);
              const second = f.second?.(i.metrics) ?? null;
              const r = base && i !== base && v !== null ? f.ratio(v, f.value(base.metrics)) : null;
              return (
                <td
                  key={i.key}
                  className="value"
                  data-testid={`headline-${f.id}`}
                  data-column={i.key}
                  data-value={JSON.stringify(v)}
                >
                  {v === null ? (
                    <span className="unit">{f.missing(i.metrics)}</span>
                  ) : (
                    <span className="num">
                      {second !== null
                        ? `${f.format(v).replace(/ ms$/, '')} / ${f.format(second)}`
                        : f.format(v)}
                    </span>
                  )}
                  {r && base ? (
                    <>
                      {' '}
                      <span
                        className="ratio"
                        data-testid="headline-ratio"
                        data-ratio={JSON.stringify(r.value)}
                        title={against(r, base.label)}
                      >
                        {r.text}
                      </span>
                    </>
                  ) : null}
                </td>
              );
            })}
            {p.pending ? <td className="value unit">computing…</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
