import type { MetricId } from '../../core/metrics/definitions';

const GiB = 1024 ** 3;

export type Json = Record<string, unknown>;

/** A row of the metrics table: which definition it shows, where its number is in metricsToJSON. */
export interface MetricRow {
  id: MetricId;
  /** Path in metricsToJSON's object ('totals.exposedComm'); the cell carries the raw value. */
  source: string;
  format: (v: unknown, json: Json) => string;
  /** Text beside the value (the analytic bubble, capacity). */
  beside?: (json: Json) => string | null;
  /** Per-device values for the hover text. */
  perDevice?: (json: Json) => string | null;
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

/** The rows of the metrics table, in order: how each reads and formats its number. */
export const METRIC_ROWS: MetricRow[] = [
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
