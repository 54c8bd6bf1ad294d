import { type MutableRefObject, useMemo, useState } from 'react';
import { type Analysis, applicableSchedules } from '../../core/analyze';
import type { Scenario, ScheduleName } from '../../core/model/scenario';
import { useChannel } from '../analysis/use-channel';
import type { ExportTarget } from '../export';
import { GanttChart } from '../gantt';
import { MetricsPanel } from '../metrics/metrics-panel';
import { type AppStore, useAppState } from '../state/store';
import { ActivationMemoryChart } from './activation-memory-chart';
import { BubbleSweepChart } from './bubble-sweep-chart';
import { scheduleTitle as title } from './schedule-color';
import { SchedulePicker } from './schedule-picker';
import { useCompare, useSweep } from './use-compare';

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
      <SchedulePicker current={scenario.schedule} chosen={chosen} reason={reason} onToggle={toggle} />
      <div className="chart-area compare-chart">
        {analysed.length ? (
          <GanttChart
            timelines={timelines}
            theme={view.theme}
            viewport={view.viewport}
            onViewportChange={(v) => store.setView({ viewport: v })}
            selectedMicrobatch={view.selectedMicrobatch}
            onSelectMicrobatch={(mb) => store.setView({ selectedMicrobatch: mb })}
            density={view.chartDensity}
            highlightCriticalPath={view.highlightCriticalPath}
            onHighlightCriticalPathChange={(on) => store.setView({ highlightCriticalPath: on })}
            selectedDevices={view.selectedDevices}
            onSelectDevices={(devices) => store.setView({ selectedDevices: devices })}
          />
        ) : (
          <p className="empty">
            {computing ? 'Computing…' : 'No schedule can run this scenario; see the editor.'}
          </p>
        )}
      </div>
      {analysed.length ? <MetricsPanel analyses={analyses} labels={labels} /> : null}
      <div className="charts-row">
        <BubbleSweepChart
          schedules={runnable}
          points={sweepResult.points}
          microbatches={sweepResult.microbatches}
          progress={sweepResult.progress}
        />
        <ActivationMemoryChart
          scenario={scenario}
          analysed={analysed}
          shown={memorySchedule}
          onShow={setMemorySchedule}
        />
      </div>
    </div>
  );
}
