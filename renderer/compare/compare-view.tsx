import { type MutableRefObject, useMemo, useState } from 'react';
import { type Analysis, applicableSchedules } from '../../core/analyze';
import type { Scenario, ScheduleName } from '../../core/model/scenario';
import { useChannel } from '../analysis/use-channel';
import { ChartWithBreakdown } from '../breakdown/chart-with-breakdown';
import { DelayedCancel } from '../busy-status';
import { CompactToggle } from '../breakdown/compact-toggle';
import { MemorySection } from '../charts/memory-section';
import { blockLabel } from '../explain/block-label';
import { ExplainPanel } from '../explain/explain-panel';
import { differenceSection, scheduleSection } from '../explain/sections';
import type { ExportTarget } from '../export';
import { HeadlineFigures } from '../metrics/headline-figures';
import { MetricsPanel } from '../metrics/metrics-panel';
import { type AppStore, useAppState } from '../state/store';
import { BaselinePicker, compareBaseline } from './baseline';
import { BubbleSweepChart } from './bubble-sweep-chart';
import { scheduleTitle as title } from './schedule-color';
import { SchedulePicker } from './schedule-picker';
import { useCompare, useSweep } from './use-compare';

/**
 * Several schedules of the same scenario on one time axis with each device's breakdown, their
 * headline figures against a baseline, why each differs from it, their metrics, the bubble against
 * micro-batches and the memory of one of them. The page is the one scroll container.
 */
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
  // The comparison the user stopped (its scenario and schedules): nothing of it is sent to the
  // workers again until the scenario or the chosen schedules change, or Run again is pressed.
  const [stoppedAt, setStoppedAt] = useState<{ scenario: Scenario; key: string } | null>(null);
  const runKey = runnable.join(',');
  const stopped = stoppedAt?.scenario === scenario && stoppedAt.key === runKey;
  const { items, computing } = useCompare(scenario, runnable, compareChannel, stopped);
  const analysed = useMemo(
    () => items.filter((i): i is typeof i & { analysis: Analysis } => i.analysis !== null),
    [items],
  );
  const baseline = compareBaseline(
    view.baseline,
    analysed.map((i) => i.schedule),
  );
  const base = analysed.find((i) => i.schedule === baseline) ?? null;
  const timelines = useMemo(
    () =>
      analysed.map((i) => ({
        label: blockLabel(title(i.schedule), i.analysis.metrics),
        analysis: i.analysis,
      })),
    [analysed],
  );
  const analyses = useMemo(() => analysed.map((i) => i.analysis), [analysed]);
  const labels = useMemo(() => analysed.map((i) => title(i.schedule)), [analysed]);
  const headline = useMemo(
    () => analysed.map((i) => ({ key: i.schedule, label: title(i.schedule), metrics: i.analysis.metrics })),
    [analysed],
  );
  const differences = useMemo(
    () =>
      base
        ? analysed
            .filter((i) => i !== base)
            .map((i) =>
              differenceSection(
                i.schedule,
                i.analysis,
                base.analysis,
                `${title(i.schedule)} against ${title(base.schedule)}`,
              ),
            )
        : [],
    [analysed, base],
  );
  const where = useMemo(
    () => analysed.map((i) => scheduleSection(i.schedule, title(i.schedule), i.analysis)),
    [analysed],
  );
  const sweepResult = useSweep(scenario, runnable, sweepChannel, stopped);
  const busy = computing || sweepResult.progress !== null;
  const cancel = () => {
    compareChannel?.cancel();
    sweepChannel?.cancel();
    setStoppedAt({ scenario, key: runKey });
  };
  const [memorySchedule, setMemorySchedule] = useState<ScheduleName | null>(null);
  const memItem = analysed.find((i) => i.schedule === memorySchedule) ?? analysed[0];
  // One y scale for every schedule's memory, so switching shows which holds more.
  const memoryTop = Math.max(
    0,
    ...analysed.map((i) => Math.max(...i.analysis.metrics.memory.peakMemoryBytes)),
  );

  exportTarget.current = analysed.length
    ? { analyses: analysed.map((i) => i.analysis), labels: analysed.map((i) => title(i.schedule)) }
    : null;

  const toggle = (s: ScheduleName, on: boolean) =>
    store.setView((v) => ({
      compare: on ? [...v.compare.filter((x) => x !== s), s] : v.compare.filter((x) => x !== s),
    }));

  return (
    <div className="compare-view" data-testid="compare-view" data-baseline={baseline ?? ''}>
      <div className="view-head">
        <h1>Compare schedules</h1>
        <span className="sub">
          {scenario.devices} devices × {scenario.microbatches} micro-batches, same costs for every schedule
        </span>
        <div className="status" aria-live="polite">
          {busy ? (
            <span className="computing" data-testid="computing">
              <span className="spinner" aria-hidden="true" /> computing…{' '}
              <DelayedCancel onCancel={cancel} testId="compare-cancel" />
            </span>
          ) : stopped ? (
            <span className="stale" data-testid="compare-stopped">
              Comparison stopped{analysed.length ? ': showing the last finished one' : ''} —{' '}
              <button
                type="button"
                className="link"
                data-testid="compare-run-again"
                onClick={() => setStoppedAt(null)}
              >
                Run again
              </button>
            </span>
          ) : null}
        </div>
      </div>
      <div className="compare-controls">
        <SchedulePicker current={scenario.schedule} chosen={chosen} reason={reason} onToggle={toggle} />
        {analysed.length > 1 ? (
          <BaselinePicker
            value={baseline}
            options={analysed.map((i) => i.schedule)}
            onChange={(s) => store.setView({ baseline: s })}
          />
        ) : null}
        <CompactToggle store={store} density={view.chartDensity} />
      </div>
      {analysed.length ? (
        <ChartWithBreakdown store={store} timelines={timelines} showComm={scenario.p2p.occupiesComm} />
      ) : (
        <p className="empty chart-area">
          {computing
            ? 'Computing…'
            : stopped
              ? 'Comparison stopped before any schedule finished.'
              : 'No schedule can run this scenario; see the editor.'}
        </p>
      )}
      {analysed.length ? (
        <>
          <HeadlineFigures
            items={headline}
            baseline={baseline}
            caption={
              base && analysed.length > 1
                ? `Headline figures, each against ${title(base.schedule)}`
                : 'Headline figures'
            }
          />
          <ExplainPanel
            sections={differences}
            title={base ? `Why each differs from ${title(base.schedule)}` : undefined}
            testId="explain-why"
          />
          <details className="explain-more">
            <summary>Where each schedule's time goes</summary>
            <ExplainPanel sections={where} testId="explain" />
          </details>
          <MetricsPanel analyses={analyses} labels={labels} />
        </>
      ) : null}
      <div className="charts-row">
        <BubbleSweepChart
          schedules={runnable}
          points={sweepResult.points}
          microbatches={sweepResult.microbatches}
          progress={sweepResult.progress}
          stopped={stopped && !sweepResult.current}
        />
      </div>
      {memItem ? (
        <MemorySection
          key={`${memItem.schedule}:${memItem.analysis.schedule.devices}`}
          analysis={memItem.analysis}
          yMax={memoryTop}
          heading={
            <>
              Memory —{' '}
              <select
                aria-label="Schedule shown in the memory charts"
                data-testid="memory-schedule"
                value={memItem.schedule}
                onChange={(e) => setMemorySchedule(e.target.value as ScheduleName)}
              >
                {analysed.map((i) => (
                  <option key={i.schedule} value={i.schedule}>
                    {title(i.schedule)}
                  </option>
                ))}
              </select>{' '}
              <span className="unit">(same scale for every schedule)</span>
            </>
          }
        />
      ) : null}
    </div>
  );
}
