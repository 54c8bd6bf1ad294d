import type { ScheduleName } from '../../core/model/scenario';
import type { SweepPoint } from '../analysis/engine';
import { LineChart, type Series } from '../charts/line-chart';
import { scheduleColor, scheduleTitle } from './schedule-color';

/** The bubble (idle fraction, %) of each compared schedule against the number of micro-batches. */
export function BubbleSweepChart(p: {
  schedules: ScheduleName[];
  points: SweepPoint[];
  microbatches: number[];
  /** Share of the sweep done (0..1), or null when it is complete. */
  progress: number | null;
  /** The sweep of this scenario was stopped by the user: the points, if any, are an older one's. */
  stopped?: boolean;
}) {
  const series: Series[] = p.schedules.map((s) => ({
    label: scheduleTitle(s),
    color: scheduleColor(s),
    points: p.points
      .filter((pt) => pt.schedule === s)
      .map((pt) => ({ x: pt.microbatches, y: pt.value === null ? null : pt.value * 100 })),
  }));
  return (
    <section>
      <h2>Bubble vs micro-batches</h2>
      <LineChart
        testId="bubble-chart"
        title="Bubble (idle fraction) against micro-batches"
        series={series}
        markers
        xLabel="micro-batches m"
        yLabel="bubble, idle fraction of all devices (%)"
        xTicks={p.microbatches}
        formatX={(v) => String(v)}
        formatY={(v) => `${Math.round(v * 10) / 10}`}
      />
      <p className="hint">
        Bubble = 1 − busy / (P × makespan), measured by simulating each schedule at each m; other costs as in
        the editor.{' '}
        {p.progress !== null
          ? `Computing ${Math.round(p.progress * 100)}%…`
          : p.stopped
            ? `Stopped${p.points.length ? ': the points are of the last finished sweep' : ''}.`
            : ''}
      </p>
    </section>
  );
}
