import { schemeTableau10 } from 'd3';
import { memo, type ReactNode, useMemo, useState } from 'react';
import type { Analysis } from '../../core/analyze';
import { activationSeries } from './memory-series';
import { LineChart, type Series } from './line-chart';
import { memoryEnvelope } from './memory-envelope';
import { MemoryWarning, fmtGiB, splitWarnings } from './memory-warning';
import { PeakMemoryChart } from './peak-memory-chart';

const GiB = 1024 ** 3;
/** At most this many picked devices are drawn over the envelope; picking another drops the oldest. */
const MAX_PICKED = 6;
const MEDIAN_COLOR = '#7f7f7f';
const BAND_COLOR = '#4e79a7';

/** The device with the highest peak memory (the first one drawn over time). */
function worstDevice(a: Analysis): number {
  const peak = a.metrics.memory.peakMemoryBytes;
  let worst = 0;
  for (let d = 1; d < peak.length; d++) if (peak[d] > peak[worst]) worst = d;
  return worst;
}

/**
 * Memory of one analysis: the over-capacity warning as one line (each device's one click away), each
 * device's peak against the capacity, and memory over time as the range over devices (min..max and
 * median) with the devices the user picks drawn on top. Memoized: an edit re-renders the view above
 * it while it still shows the analysis of the last painted frame (its charts cost a few ms).
 */
export const MemorySection = memo(function MemorySection(p: {
  analysis: Analysis;
  heading: ReactNode;
  yMax?: number;
}) {
  const a = p.analysis;
  const devices = a.schedule.devices;
  const [picked, setPicked] = useState<number[]>(() => [worstDevice(a)]);
  const shown = picked.filter((d) => d < devices);
  const toggle = (d: number) =>
    setPicked((old) => (old.includes(d) ? old.filter((x) => x !== d) : [...old, d].slice(-MAX_PICKED)));
  const env = useMemo(() => memoryEnvelope(a.metrics.memory, a.timeline.makespan), [a]);
  const series: Series[] = useMemo(() => {
    const curves = activationSeries(a);
    const params = a.metrics.memory.parameterBytes;
    return [
      {
        label: 'median over devices',
        color: MEDIAN_COLOR,
        step: true,
        dashed: true,
        points: env.time.map((x, k) => ({ x, y: env.median[k] / GiB })),
      },
      ...shown.map((d, k) => ({
        label: `device ${d}`,
        color: schemeTableau10[k % 10],
        step: true,
        points: curves[d].map((pt) => ({ x: pt.x, y: (params + pt.y) / GiB })),
      })),
    ];
  }, [a, env, shown]);
  const m = a.metrics.memory;
  const lines = splitWarnings(a.warnings).memory;
  return (
    <section className="memory-section" data-testid="memory-section">
      <h2>{p.heading}</h2>
      <MemoryWarning memory={m} devices={devices} lines={lines} />
      <div className="charts-row">
        <PeakMemoryChart memory={m} devices={devices} picked={shown} onToggle={toggle} yMax={p.yMax} />
        <LineChart
          testId="memory-chart"
          title="Memory in use per device over time: the range over devices and the devices picked"
          series={series}
          band={{
            label: `range over ${devices} devices (min–max)`,
            color: BAND_COLOR,
            step: true,
            points: env.time.map((x, k) => ({ x, y0: env.min[k] / GiB, y1: env.max[k] / GiB })),
          }}
          yMax={Math.max(p.yMax ?? 0, m.capacity ?? 0) / GiB}
          xLabel="time (ms)"
          yLabel="memory in use (GiB, per device)"
          reference={
            m.capacity !== null ? { y: m.capacity / GiB, label: `capacity ${fmtGiB(m.capacity)}` } : undefined
          }
        />
      </div>
      <p className="hint">
        Memory in use = parameters ({fmtGiB(m.parameterBytes)} per device) + activations held. Pick devices
        with the bars (up to {MAX_PICKED}).
      </p>
    </section>
  );
});
