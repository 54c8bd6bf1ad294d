import { interpolateTurbo } from 'd3';
import type { Analysis } from '../../core/analyze';
import type { Scenario, ScheduleName } from '../../core/model/scenario';
import { LineChart, type Series } from '../charts/line-chart';
import { activationSeries } from './memory-series';
import { scheduleTitle } from './schedule-color';

const GiB = 1024 ** 3;

/** Above this many devices the chart drops its legend for a colour ramp. */
const LEGEND_DEVICES = 8;

/**
 * Activation memory each device holds over time under one of the compared schedules (picked in the
 * heading), on one y scale for all of them, with the memory left after parameters when a capacity is set.
 */
export function ActivationMemoryChart(p: {
  scenario: Scenario;
  analysed: { schedule: ScheduleName; analysis: Analysis }[];
  shown: ScheduleName | null;
  onShow(s: ScheduleName): void;
}) {
  const { scenario, analysed } = p;
  const memItem = analysed.find((i) => i.schedule === p.shown) ?? analysed[0];
  const devices = memItem?.analysis.schedule.devices ?? 0;
  const deviceColor = (d: number) => interpolateTurbo(0.1 + (0.8 * d) / Math.max(1, devices - 1));
  const memSeries: Series[] = memItem
    ? activationSeries(memItem.analysis).map((pts, d) => ({
        label: `device ${d}`,
        color: deviceColor(d),
        step: true,
        points: pts.map((pt) => ({ x: pt.x, y: pt.y / GiB })),
      }))
    : [];
  // activationSeries keeps at most a few thousand points per device, so spreading them is safe.
  const memMax = Math.max(
    0,
    ...analysed.map((i) =>
      activationSeries(i.analysis).reduce((m, s) => Math.max(m, ...s.map((pt) => pt.y)), 0),
    ),
  );
  return (
    <section>
      <h2>
        Activation memory over time —{' '}
        <select
          aria-label="Schedule shown in the memory chart"
          data-testid="memory-schedule"
          value={memItem?.schedule ?? ''}
          onChange={(e) => p.onShow(e.target.value as ScheduleName)}
        >
          {analysed.map((i) => (
            <option key={i.schedule} value={i.schedule}>
              {scheduleTitle(i.schedule)}
            </option>
          ))}
        </select>
      </h2>
      <LineChart
        testId="memory-chart"
        title="Activation memory per device over time"
        series={memSeries}
        legend={devices <= LEGEND_DEVICES}
        yMax={memMax / GiB}
        xLabel="time (ms)"
        yLabel="activations held (GiB)"
        reference={
          scenario.memory.capacity !== null && memItem
            ? {
                y:
                  (scenario.memory.capacity -
                    memItem.analysis.schedule.paramMultiplier * scenario.memory.parameters) /
                  GiB,
                label: 'capacity − parameters',
              }
            : undefined
        }
      />
      {devices > LEGEND_DEVICES ? (
        <p className="legend">
          <span className="device-ramp" aria-hidden="true" />
          colour runs from device 0 (blue) to device {devices - 1} (red); same y scale for every schedule
        </p>
      ) : (
        <p className="hint">Same y scale for every schedule, so switching shows which holds more.</p>
      )}
    </section>
  );
}
