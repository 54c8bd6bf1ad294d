import type { Analysis } from '../analyze';
import { METRIC_DEFINITIONS, type MetricId } from '../metrics/definitions';

/** The metrics table of the SVG: a header (the analyses), one row per figure, notes defining the figures. */
export interface MetricsSummary {
  header: string[];
  rows: string[][];
  notes: string[];
}

interface Column {
  id: MetricId;
  /** Header text after the definition's label, e.g. the unit and how devices are combined. */
  suffix: string;
  value(a: Analysis): number | null;
  format(v: number): string;
}

const percent = (v: number) => `${(v * 100).toFixed(1)}%`;
const ms = (v: number) => `${round3(v)}`;
const round3 = (v: number) => Math.round(v * 1000) / 1000;
const maxOf = (a: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
};

/** The figures the SVG's metrics table shows, each named by its METRIC_DEFINITIONS label. */
const COLUMNS: Column[] = [
  { id: 'makespan', suffix: '(ms)', value: (a) => a.metrics.makespan, format: ms },
  { id: 'bubbleIdleFraction', suffix: '', value: (a) => a.metrics.bubbleIdleFraction, format: percent },
  { id: 'bubbleOverIdeal', suffix: '', value: (a) => a.metrics.bubbleOverIdeal, format: percent },
  {
    id: 'commToComputeRatio',
    suffix: '',
    value: (a) => a.metrics.comm.commToComputeRatio,
    format: (v) => `${v.toFixed(2)} : 1`,
  },
  { id: 'overlap', suffix: '', value: (a) => a.metrics.comm.overlapFraction, format: percent },
  // Per device, as mean and max: the sum over devices can exceed the makespan and reads as time lost.
  {
    id: 'exposedCommMean',
    suffix: '(ms per device)',
    value: (a) => a.metrics.comm.exposedCommMean,
    format: ms,
  },
  {
    id: 'exposedCommMax',
    suffix: '(ms per device)',
    value: (a) => a.metrics.comm.exposedCommMax,
    format: ms,
  },
  {
    id: 'peakActivations',
    suffix: '(max)',
    value: (a) => maxOf(a.metrics.memory.peakActivations),
    format: (v) => String(v),
  },
  {
    id: 'parameterMultiplier',
    suffix: '',
    value: (a) => a.metrics.memory.parameterMultiplier,
    format: (v) => `${v}x`,
  },
];

/**
 * One row per figure (its definition's label, then one value per analysis), so long labels get a
 * column of their own and stacked schedules sit side by side.
 */
export function metricsSummary(analyses: Analysis[], labels: string[]): MetricsSummary {
  const header = ['Figure', ...labels];
  const rows = COLUMNS.map((c) => [
    `${METRIC_DEFINITIONS[c.id].label} ${c.suffix}`.trim(),
    ...analyses.map((a) => {
      const v = c.value(a);
      return v === null || !Number.isFinite(v) ? 'n/a' : c.format(v);
    }),
  ]);
  const notes = COLUMNS.map(
    (c) => `${METRIC_DEFINITIONS[c.id].label}: ${METRIC_DEFINITIONS[c.id].definition}`,
  );
  notes.push(
    'Bubbles are measured on the compute stream; "mean" is over devices, "max" is the largest device; n/a: undefined (no communication).',
  );
  return { header, rows, notes };
}
