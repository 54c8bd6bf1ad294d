import { METRIC_DEFINITIONS, type MetricId } from '../../core/metrics/definitions';

const GiB = 1024 ** 3;

export type Json = Record<string, unknown>;

/** What a row may read besides the metrics' JSON: the schedule's shape. */
export interface RowContext {
  devices: number;
  stages: number;
  microbatches: number;
}

/** A row of the metrics table: which definition it shows, where its number is in metricsToJSON. */
export interface MetricRow {
  id: MetricId;
  /** The row's name when it is not the definition's label. */
  label?: string;
  /** Unit and which devices the number speaks for, shown beside the name (default: the definition's). */
  scope?: string;
  /** Path in metricsToJSON's object ('exposedCommMean'); the cell carries the raw value. */
  source: string;
  format: (v: unknown, json: Json) => string;
  /** Text beside the value (the analytic bubble, capacity). */
  beside?: (json: Json, ctx: RowContext) => string | null;
  /** Per-device values for the hover text. */
  perDevice?: (json: Json) => string | null;
}

/** "(ms, per device)": a row's unit and scope as the table shows them beside its name. */
export function rowScope(row: MetricRow): string {
  const def = METRIC_DEFINITIONS[row.id];
  return row.scope ?? `${def.unit}, ${def.scope}`;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function fmtMs(v: number): string {
  const a = Math.abs(v);
  const digits = a >= 1000 ? 1 : a >= 100 ? 2 : a >= 1 ? 3 : 4;
  return `${Number.parseFloat(v.toFixed(digits))} ms`;
}

const fmtPct = (v: number) => `${Number.parseFloat((v * 100).toFixed(2))} %`;
const at = (j: Json, key: string): Json => (j[key] && typeof j[key] === 'object' ? (j[key] as Json) : {});

/** "104.1 ms mean, 123.84 ms max": a mean over devices with the largest device beside it. */
function meanMax(mean: unknown, max: unknown): string {
  const a = num(mean);
  const b = num(max);
  if (a === null) return '—';
  return b === null ? `${fmtMs(a)} mean` : `${fmtMs(a)} mean, ${fmtMs(b)} max`;
}
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
    beside: (j, c) => {
      const m = num(j.bubbleMegatron);
      const v = c.stages / c.devices;
      return m === null
        ? null
        : `Megatron formula (P−1)/(v·m): ${fmtPct(m)}, v = stages / devices = ${c.stages}/${c.devices} = ${Number.parseFloat(v.toFixed(3))}`;
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
    scope: '%, all devices together',
    source: 'totals.overlap',
    format: (v) => (num(v) === null ? 'no communication' : fmtPct(num(v)!)),
    perDevice: (j) => listPerDevice(j.overlap, fmtPct),
  },
  {
    id: 'exposedCommMean',
    label: 'Exposed communication',
    scope: 'ms per device, mean and max over devices',
    source: 'exposedCommMean',
    format: (v, j) => meanMax(v, j.exposedCommMax),
    perDevice: (j) => listPerDevice(j.exposedComm, fmtMs),
  },
  {
    id: 'steadyStateOverlap',
    source: 'steadyState.overlap',
    format: (v, j) =>
      num(v) !== null ? fmtPct(num(v)!) : at(j, 'steadyState').none ? 'no steady state' : 'no communication',
  },
  {
    id: 'steadyStateExposedComm',
    scope: "ms per device's steady-state window, mean and max over devices",
    source: 'steadyState.exposedCommMean',
    format: (v, j) => (num(v) === null ? 'no steady state' : meanMax(v, at(j, 'steadyState').exposedCommMax)),
    perDevice: (j) => listPerDevice(at(j, 'steadyState').exposedComm, fmtMs),
  },
  {
    id: 'steadyStateBubble',
    source: 'steadyState.bubbleIdleFraction',
    format: (v) => (num(v) === null ? 'no steady state' : fmtPct(num(v)!)),
  },
  {
    id: 'criticalPath',
    scope: 'ms, the iteration',
    source: 'criticalPath.length',
    format: (v) => (num(v) === null ? '—' : fmtMs(num(v)!)),
    beside: (j) => {
      const p = at(j, 'criticalPath');
      const parts = [`computation ${fmtMs(num(p.compute) ?? 0)}`];
      if (num(p.exposedComm)) parts.push(`exposed communication ${fmtMs(num(p.exposedComm)!)}`);
      if (num(p.p2p)) parts.push(`P2P ${fmtMs(num(p.p2p)!)}`);
      if (num(p.wait)) parts.push(`queued transfers ${fmtMs(num(p.wait)!)}`);
      return `${parts.join(' + ')}: what to shorten`;
    },
  },
  {
    id: 'peakActivations',
    scope: 'chunks, max over devices',
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
    scope: 'GiB, max over devices',
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
