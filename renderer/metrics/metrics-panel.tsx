import { memo, useId, useMemo } from 'react';
import type { Analysis } from '../../core/analyze';
import { METRIC_DEFINITIONS, type MetricId } from '../../core/metrics/definitions';
import { metricsToJSON } from '../../core/metrics/metrics';

const GiB = 1024 ** 3;

type Json = Record<string, unknown>;

/** A row of the metrics table: which definition it shows, where its number is in metricsToJSON. */
interface Row {
  id: MetricId;
  /** Path in metricsToJSON's object ('totals.exposedComm'); the cell carries the raw value. */
  source: string;
  format: (v: unknown, json: Json) => string;
  /** Text beside the value (the analytic bubble, capacity). */
  beside?: (json: Json) => string | null;
  /** Per-device values for the hover text. */
  perDevice?: (json: Json) => string | null;
}

function get(json: Json, path: string): unknown {
  let v: unknown = json;
  for (const k of path.split('.')) v = v && typeof v === 'object' ? (v as Json)[k] : undefined;
  return v;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function fmtMs(v: number): string {
  const a = Math.abs(v);
  const digits = a >= 1000 ? 1 : a >= 100 ? 2 : a >= 1 ? 3 : 4;
  return `${Number.parseFloat(v.toFixed(digits))} ms`;
}

const fmtPct = (v: number) => `${Number.parseFloat((v * 100).toFixed(2))} %`;
const fmtGiB = (b: number) => `${Number.parseFloat((b / GiB).toFixed(2))} GiB`;

function maxOf(v: unknown): { value: number; device: number } | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  let best = -1;
  for (let d = 0; d < v.length; d++) if (typeof v[d] === 'number' && (best < 0 || v[d] > v[best])) best = d;
  return best < 0 ? null : { value: v[best] as number, device: best };
}

function listPerDevice(v: unknown, f: (x: number) => string): string | null {
  if (!Array.isArray(v)) return null;
  return v.map((x, d) => `device ${d}: ${typeof x === 'number' ? f(x) : 'n/a'}`).join(' · ');
}

const ROWS: Row[] = [
  { id: 'makespan', source: 'makespan', format: (v) => (num(v) === null ? '—' : fmtMs(num(v)!)) },
  {
    id: 'bubbleIdleFraction',
    source: 'bubbleIdleFraction',
    format: (v) => (num(v) === null ? '—' : fmtPct(num(v)!)),
    beside: (j) => {
      const m = num(j.bubbleMegatron);
      return m === null ? null : `Megatron formula (P−1)/(v·m): ${fmtPct(m)}`;
    },
  },
  {
    id: 'bubbleOverIdeal',
    source: 'bubbleOverIdeal',
    format: (v) => (num(v) === null ? '—' : fmtPct(num(v)!)),
  },
  {
    id: 'maxIdle',
    source: 'maxIdle',
    format: (v) => (num(v) === null ? '—' : fmtMs(num(v)!)),
    beside: (j) => {
      const a = j.analyticBubble as Json | undefined;
      if (!a) return null;
      const value = num(a.value);
      if (value === null) return `analytic: no closed form for this schedule`;
      const failing = Array.isArray(a.failing) ? (a.failing as string[]) : [];
      return `analytic ${a.formula} = ${fmtMs(value)}${a.conditionsHold ? ' (its conditions hold)' : failing.length ? ` — not exact here: ${failing.join('; ')}` : ''}`;
    },
    perDevice: (j) => listPerDevice(j.idle, fmtMs),
  },
  {
    id: 'commToComputeRatio',
    source: 'totals.commToComputeRatio',
    format: (v) => (num(v) === null ? 'no computation' : `${Number.parseFloat(num(v)!.toFixed(3))} : 1`),
  },
  {
    id: 'overlap',
    source: 'totals.overlap',
    format: (v) => (num(v) === null ? 'no communication' : fmtPct(num(v)!)),
    perDevice: (j) => listPerDevice(j.overlap, fmtPct),
  },
  {
    id: 'exposedComm',
    source: 'totals.exposedComm',
    format: (v) => (num(v) === null ? '—' : `${fmtMs(num(v)!)} total`),
    perDevice: (j) => listPerDevice(j.exposedComm, fmtMs),
  },
  {
    id: 'peakActivations',
    source: 'peakActivations',
    format: (v) => {
      const m = maxOf(v);
      return m ? `${m.value} chunks (device ${m.device})` : '—';
    },
    beside: (j) => {
      const m = maxOf(j.peakActivationBytes);
      return m ? `${fmtGiB(m.value)} of activations at the peak` : null;
    },
    perDevice: (j) => listPerDevice(j.peakActivations, String),
  },
  {
    id: 'parameterMultiplier',
    source: 'parameterMultiplier',
    format: (v) => (num(v) === null ? '—' : `${num(v)}×`),
  },
  {
    id: 'peakMemoryBytes',
    source: 'peakMemoryBytes',
    format: (v) => {
      const m = maxOf(v);
      return m ? `${fmtGiB(m.value)} (device ${m.device})` : '—';
    },
    beside: (j) => {
      const cap = num(j.capacity);
      if (cap === null) return 'capacity: unlimited';
      const over = Array.isArray(j.overCapacity) ? j.overCapacity.length : 0;
      return `capacity ${fmtGiB(cap)}${over ? ` — ${over} device(s) over` : ' — fits'}`;
    },
    perDevice: (j) => listPerDevice(j.peakMemoryBytes, fmtGiB),
  },
];

function MetricLabel({ id, extra }: { id: MetricId; extra?: string | null }) {
  const tipId = useId();
  const def = METRIC_DEFINITIONS[id];
  return (
    <span className="tip">
      <button
        type="button"
        className="metric-name"
        aria-describedby={tipId}
        data-testid={`metric-label-${id}`}
      >
        {def.label}
      </button>
      <span className="tip-body" role="tooltip" id={tipId} data-testid={`metric-definition-${id}`}>
        <strong>{def.label}</strong> ({def.unit}): {def.definition}
        {extra ? (
          <>
            <br />
            <br />
            {extra}
          </>
        ) : null}
      </span>
    </span>
  );
}

/**
 * The metrics of one or more analyses side by side. Every number is read from metricsToJSON (the
 * same object `pipescope simulate --json` prints) and every label explains its definition on hover.
 */
export const MetricsPanel = memo(function MetricsPanel({
  analyses,
  labels,
}: {
  analyses: Analysis[];
  labels: string[];
}) {
  const keys = analyses.map((a) => a.schedule.name);
  const jsons = useMemo(() => analyses.map((a) => metricsToJSON(a.metrics)), [analyses]);
  const single = analyses.length === 1;
  return (
    <table className="metrics" data-testid="metrics">
      <caption>
        {single ? 'Metrics' : 'Metrics side by side'} — hover or focus a name for its definition
      </caption>
      <thead>
        <tr>
          <th scope="col">metric</th>
          {labels.map((l) => (
            <th scope="col" key={l}>
              {single ? 'value' : l}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ROWS.map((row) => (
          <tr key={row.id} data-metric={row.id}>
            <th scope="row">
              <MetricLabel id={row.id} extra={single && row.perDevice ? row.perDevice(jsons[0]) : null} />
            </th>
            {jsons.map((j, k) => {
              const raw = get(j, row.source);
              const beside = row.beside?.(j);
              return (
                <td
                  // biome-ignore lint/suspicious/noArrayIndexKey: one column per analysis, in order
                  key={k}
                  className="value"
                  data-testid={`metric-${row.id}`}
                  data-source={row.source}
                  data-column={keys[k]}
                  data-json={JSON.stringify(raw ?? null)}
                  title={!single && row.perDevice ? (row.perDevice(j) ?? undefined) : undefined}
                >
                  {row.format(raw, j)}
                  {beside ? <span className="analytic">{beside}</span> : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
});
