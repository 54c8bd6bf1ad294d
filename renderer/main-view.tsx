import { useMemo } from 'react';
import { scheduleTitle } from '../core/schedules';
import type { DerivedAnalysis } from './analysis/use-analysis';
import { DelayedCancel } from './busy-status';
import { OrderEditBar, useOrderEditing } from './editor/order-edit-bar';
import { GanttChart } from './gantt';
import { CostFigures } from './metrics/cost-figures';
import { MetricsPanel } from './metrics/metrics-panel';
import { type AppStore, useAppState } from './state/store';

/** Warnings shown above the chart before the rest fold away (a derived scenario may warn for every device). */
const WARNINGS_SHOWN = 3;

/** The schedule of the document: its Gantt chart and its metrics. */
export function MainView({ store, derived }: { store: AppStore; derived: DerivedAnalysis }) {
  const view = useAppState(store, (s) => s.view);
  const orderEditing = useOrderEditing(store, derived);
  const a = derived.analysis;
  const title = a ? scheduleTitle(a.scenario.schedule) : '';
  // Stable while the analysis is: the chart re-lays itself out only when its timelines change,
  // not on every zoom, hover or selection.
  const timelines = useMemo(() => (a ? [{ label: title, analysis: a }] : []), [a, title]);
  const analyses = useMemo(() => (a ? [a] : []), [a]);
  const labels = useMemo(() => [title], [title]);
  return (
    <div className="main-view" data-testid="main-view">
      <div className="view-head">
        <h1>
          {a ? (
            <>
              {title}{' '}
              <span className="sub">
                {a.schedule.devices} devices × {a.schedule.microbatches} micro-batches · {a.schedule.count}{' '}
                ops
              </span>
            </>
          ) : (
            'No valid scenario yet'
          )}
        </h1>
        <div className="status" aria-live="polite" data-testid="status">
          {derived.computing ? (
            <span className="computing" data-testid="computing">
              <span className="spinner" aria-hidden="true" /> computing…{' '}
              <DelayedCancel onCancel={derived.cancel} testId="computing-cancel" />
            </span>
          ) : derived.stopped ? (
            <span className="stale" data-testid="stopped">
              Analysis stopped{a ? ': showing the last analysis' : ''} — change the scenario to run it again
            </span>
          ) : !derived.current && a ? (
            <span className="stale" data-testid="stale">
              Showing the last valid scenario — fix the marked fields
            </span>
          ) : null}
        </div>
      </div>
      {a ? <OrderEditBar editing={orderEditing} /> : null}
      {a?.warnings.length ? (
        <ul className="warnings" data-testid="warnings">
          {a.warnings.slice(0, WARNINGS_SHOWN).map((w) => (
            <li key={w}>{w}</li>
          ))}
          {a.warnings.length > WARNINGS_SHOWN ? (
            <li>
              <details>
                <summary>{a.warnings.length - WARNINGS_SHOWN} more</summary>
                <ul>
                  {a.warnings.slice(WARNINGS_SHOWN).map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </details>
            </li>
          ) : null}
        </ul>
      ) : null}
      <div className="chart-area">
        {a ? (
          <GanttChart
            timelines={timelines}
            theme={view.theme}
            viewport={view.viewport}
            onViewportChange={(v) => store.setView({ viewport: v })}
            selectedMicrobatch={view.selectedMicrobatch}
            onSelectMicrobatch={(mb) => store.setView({ selectedMicrobatch: mb })}
            orderEdit={orderEditing.edit}
            density={view.chartDensity}
            highlightCriticalPath={view.highlightCriticalPath}
            onHighlightCriticalPathChange={(on) => store.setView({ highlightCriticalPath: on })}
            selectedDevices={view.selectedDevices}
            onSelectDevices={(devices) => store.setView({ selectedDevices: devices })}
          />
        ) : (
          <p className="empty">The scenario has errors (see the editor); nothing to draw yet.</p>
        )}
      </div>
      {a ? <MetricsPanel analyses={analyses} labels={labels} /> : null}
      {a?.scenario.derive ? <CostFigures analysis={a} /> : null}
    </div>
  );
}
