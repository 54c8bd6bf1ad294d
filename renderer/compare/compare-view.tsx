import { interpolateTurbo, schemeTableau10 } from 'd3';
import { type MutableRefObject, useMemo, useState } from 'react';
import { type Analysis, applicableSchedules } from '../../core/analyze';
import type { Scenario, ScheduleName } from '../../core/model/scenario';
import { scheduleNames, scheduleTitle } from '../../core/schedules';
import { useChannel } from '../analysis/use-channel';
import type { ExportTarget } from '../app';
import { chartHeight } from '../chart-height';
import { LineChart, type Series } from '../charts/line-chart';
import { GanttChart } from '../gantt';
import { MetricsPanel } from '../metrics/metrics-panel';
import { type AppStore, useAppState } from '../state/store';
import { activationSeries } from './memory-series';
import { useCompare, useSweep } from './use-compare';

const GiB = 1024 ** 3;
const title = scheduleTitle;

/** A colour per schedule, by its place in the registry. */
export function scheduleColor(s: ScheduleName): string {
  return schemeTableau10[scheduleNames().indexOf(s) % 10];
}

/** Several schedules of the same scenario on one time axis, with their metrics and trade-offs. */
export function CompareView({
  store,
  scenario,
  exportTarget,
}: {
  store: AppStore;
  scenario: Scenario;
  exportTarget: MutableRefObject<ExportTarget | null>;
}) {
  const view = useAppState(store, (s) => s.view);
  const compareChannel = useChannel();
  const sweepChannel = useChannel();
  const applicable = useMemo(() => applicableSchedules(scenario), [scenario]);
  const reason = new Map(applicable.map((a) => [a.name, a.errors]));
  const chosen = view.compare.includes(scenario.schedule)
    ? view.compare
    : [scenario.schedule, ...view.compare];
  const runnable = applicable
    .filter((a) => chosen.includes(a.name) && a.errors.length === 0)
    .map((a) => a.name);
  const { items, computing } = useCompare(scenario, runnable, compareChannel);
  const analysed = useMemo(
    () => items.filter((i): i is typeof i & { analysis: Analysis } => i.analysis !== null),
    [items],
  );
  const timelines = useMemo(
    () => analysed.map((i) => ({ label: title(i.schedule), analysis: i.analysis })),
    [analysed],
  );
  const analyses = useMemo(() => analysed.map((i) => i.analysis), [analysed]);
  const labels = useMemo(() => analysed.map((i) => title(i.schedule)), [analysed]);
  const sweepResult = useSweep(scenario, runnable, sweepChannel);
  const [memorySchedule, setMemorySchedule] = useState<ScheduleName | null>(null);

  exportTarget.current = analysed.length
    ? { analyses: analysed.map((i) => i.analysis), labels: analysed.map((i) => title(i.schedule)) }
    : null;

  const toggle = (s: ScheduleName, on: boolean) =>
    store.setView((v) => ({
      compare: on ? [...v.compare.filter((x) => x !== s), s] : v.compare.filter((x) => x !== s),
    }));

  const sweepSeries: Series[] = runnable.map((s) => ({
    label: title(s),
    color: scheduleColor(s),
    points: sweepResult.points
      .filter((p) => p.schedule === s)
      .map((p) => ({ x: p.microbatches, y: p.value === null ? null : p.value * 100 })),
  }));

  const memItem = analysed.find((i) => i.schedule === memorySchedule) ?? analysed[0];
  const devices = memItem?.analysis.schedule.devices ?? 0;
  const deviceColor = (d: number) => interpolateTurbo(0.1 + (0.8 * d) / Math.max(1, devices - 1));
  const memSeries: Series[] = memItem
    ? activationSeries(memItem.analysis).map((pts, d) => ({
        label: `device ${d}`,
        color: deviceColor(d),
        step: true,
        points: pts.map((p) => ({ x: p.x, y: p.y / GiB })),
      }))
    : [];
  const memMax = Math.max(
    0,
    ...analysed.map((i) =>
      activationSeries(i.analysis).reduce((m, s) => Math.max(m, ...s.map((p) => p.y)), 0),
    ),
  );

  return (
    <div className="compare-view" data-testid="compare-view">
      <div className="view-head">
        <h1>Compare schedules</h1>
        <span className="sub">
          {scenario.devices} devices × {scenario.microbatches} micro-batches, same costs for every schedule
        </span>
        <div className="status" aria-live="polite">
          {computing ? (
            <span className="computing" data-testid="computing">
              <span className="spinner" aria-hidden="true" /> computing…
            </span>
          ) : null}
        </div>
      </div>
      <fieldset className="schedule-picker" aria-label="Schedules to compare" data-testid="schedule-picker">
        {applicable.map(({ name: s }) => {
          const errs = reason.get(s) ?? [];
          const disabled = errs.length > 0;
          const why = errs.map((e) => `${e.path}: ${e.message}`).join('\n');
          return (
            <label
              key={s}
              className={disabled ? 'disabled' : undefined}
              title={disabled ? `Cannot run: ${why}` : undefined}
            >
              <input
                type="checkbox"
                data-testid={`compare-${s}`}
                checked={chosen.includes(s) && !disabled}
                disabled={disabled || s === scenario.schedule}
                onChange={(e) => toggle(s, e.target.checked)}
              />
              <span className="swatch" style={{ background: scheduleColor(s) }} aria-hidden="true" />
              {title(s)}
              {disabled ? <span className="hint"> (cannot run: {errs[0]?.message})</span> : null}
            </label>
          );
        })}
      </fieldset>
      <div
        className="chart-area compare-chart"
        style={{
          height: analysed.length
            ? `${Math.min(
                chartHeight(
                  analysed.map((i) => i.analysis),
                  scenario.p2p.occupiesComm,
                ),
                1600,
              )}px`
            : undefined,
        }}
      >
        {analysed.length ? (
          <GanttChart
            timelines={timelines}
            theme={view.theme}
            viewport={view.viewport}
            onViewportChange={(v) => store.setView({ viewport: v })}
            selectedMicrobatch={view.selectedMicrobatch}
            onSelectMicrobatch={(mb) => store.setView({ selectedMicrobatch: mb })}
            showComm={scenario.p2p.occupiesComm}
          />
        ) : (
          <p className="empty">
            {computing ? 'Computing…' : 'No schedule can run this scenario; see the editor.'}
          </p>
        )}
      </div>
      {analysed.length ? <MetricsPanel analyses={analyses} labels={labels} /> : null}
      <div className="charts-row">
        <section>
          <h2>Bubble vs micro-batches</h2>
          <LineChart
            testId="bubble-chart"
            title="Bubble (idle fraction) against micro-batches"
            series={sweepSeries}
            markers
            xLabel="micro-batches m"
            yLabel="bubble, idle fraction (%)"
            xTicks={sweepResult.microbatches}
            formatX={(v) => String(v)}
            formatY={(v) => `${Math.round(v * 10) / 10}`}
          />
          <p className="hint">
            Bubble = 1 − busy / (P × makespan), measured by simulating each schedule at each m; other costs as
            in the editor.{' '}
            {sweepResult.progress !== null ? `Computing ${Math.round(sweepResult.progress * 100)}%…` : ''}
          </p>
        </section>
        <section>
          <h2>
            Activation memory over time —{' '}
            <select
              aria-label="Schedule shown in the memory chart"
              data-testid="memory-schedule"
              value={memItem?.schedule ?? ''}
              onChange={(e) => setMemorySchedule(e.target.value as ScheduleName)}
            >
              {analysed.map((i) => (
                <option key={i.schedule} value={i.schedule}>
                  {title(i.schedule)}
                </option>
              ))}
            </select>
          </h2>
          <LineChart
            testId="memory-chart"
            title="Activation memory per device over time"
            series={memSeries}
            legend={devices <= 8}
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
          {devices > 8 ? (
            <p className="legend">
              <span className="device-ramp" aria-hidden="true" />
              colour runs from device 0 (blue) to device {devices - 1} (red); same y scale for every schedule
            </p>
          ) : (
            <p className="hint">Same y scale for every schedule, so switching shows which holds more.</p>
          )}
        </section>
      </div>
    </div>
  );
}
