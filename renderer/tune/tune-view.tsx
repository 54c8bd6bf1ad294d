import { useMemo } from 'react';
import type { Scenario } from '../../core/model/scenario';
import { scheduleNames } from '../../core/schedules/registry';
import { describeChoice, scalerFor } from '../../core/tune';
import { scheduleTitle } from '../compare/schedule-color';
import { tuneColor } from './colors';
import type { AppStore } from '../state/store';
import { applyConfiguration } from './apply';
import { AxesForm } from './axes-form';
import { formatDuration } from './format';
import { ResultsTable } from './results-table';
import { ScatterChart } from './scatter-chart';
import { defaultForm, formPlan } from './tune-form';
import { TunePreview } from './tune-preview';
import { TuneSession, type TuneSessionState, useTuneSession } from './tune-session';
import { TuneSummary } from './tune-summary';
import { webWorkers, workerCount } from './web-workers';
import './tune.css';

/** One Find best run for the page's life: it keeps going, and stays on screen, across view switches. */
const session = new TuneSession(webWorkers, workerCount);
/** The table's rows whose top idle cause the workers left out are worked out on this thread. */
const attributeRows = (indices: number[]) => session.attribute(indices);

function ProgressLine({ st }: { st: TuneSessionState }) {
  if (st.status === 'idle') return null;
  const rate = st.elapsedMs > 0 ? Math.round((st.done / st.elapsedMs) * 1000) : 0;
  const left = st.done > 0 ? ((st.total - st.done) * st.elapsedMs) / st.done : null;
  const pct = st.total > 0 ? (100 * st.done) / st.total : 100;
  return (
    <div className="tune-progress" data-testid="tune-progress" data-status={st.status}>
      <progress max={st.total} value={st.done} aria-label="Configurations evaluated" />
      <span>
        {st.done.toLocaleString('en-US')} / {st.total.toLocaleString('en-US')} ({pct.toFixed(0)}%) ·{' '}
        {rate.toLocaleString('en-US')} configurations/s on {st.jobs} worker{st.jobs > 1 ? 's' : ''}
        {st.status === 'running'
          ? left === null
            ? ' · starting…'
            : ` · about ${formatDuration(left)} left`
          : st.status === 'done'
            ? ` · done in ${formatDuration(st.elapsedMs)}`
            : st.status === 'cancelled'
              ? ' · cancelled'
              : ` · failed: ${st.failure}`}
      </span>
    </div>
  );
}

/**
 * Find best: choose the axes, run them on Web Workers, watch iteration time against peak memory
 * fill in, sort the configurations, open one in the schedule view, apply it (docs/tune.md).
 */
export function TuneView({ store, scenario }: { store: AppStore; scenario: Scenario }) {
  const st = useTuneSession(session, (s) => s);
  const form = st.form ?? session.formFor(scenario);
  const plan = useMemo(() => formPlan(form, scenario), [form, scenario]);
  const scaler = useMemo(() => scalerFor(scenario), [scenario]);
  const running = st.status === 'running';
  const report = st.report;
  const pareto = useMemo(() => new Set(report?.pareto.map((r) => r.index) ?? []), [report]);
  // the schedules in the chart, in the registry's order (the legend's)
  const shown = useMemo(() => {
    const present = new Set(st.results.map((r) => r.choice.schedule));
    return scheduleNames().filter((n) => present.has(n));
  }, [st.results]);

  const selected = st.selected === null ? null : (st.results.find((r) => r.index === st.selected) ?? null);
  const built = selected && st.base && st.scaler ? st.scaler.scenarioFor(st.base, selected.choice) : null;
  if (st.previewing && selected && built?.ok)
    return (
      <TunePreview
        store={store}
        scenario={built.scenario}
        result={selected}
        onBack={() => session.select(selected.index, false)}
        onApply={() => {
          applyConfiguration(store, built.scenario, describeChoice(selected.choice));
          session.select(selected.index, false);
          store.setView({ mode: 'main', viewport: null });
          store.setNotice(
            `Applied ${describeChoice(selected.choice)} from Find best (Undo restores the scenario)`,
          );
        }}
      />
    );

  const run = () => {
    if (!plan.ok) return;
    const base = { ...scenario, memory: { ...scenario.memory, capacity: plan.constraints.capacity } };
    session.start(base, plan.request, plan.constraints, plan.space, scenario);
  };
  return (
    <div className="tune-view" data-testid="tune-view">
      <div className="view-head">
        <h1>
          Find best{' '}
          <span className="sub">
            the fastest configuration within the memory budget; every point simulated
          </span>
        </h1>
        <div className="status" aria-live="polite">
          <ProgressLine st={st} />
        </div>
      </div>
      <AxesForm
        form={form}
        errors={plan.ok ? [] : plan.errors}
        hasParts={scenario.parts !== null || scaler.smSplitMatters}
        derived={scaler.variesRecompute}
        disabled={running}
        onChange={(f) => session.setForm(f)}
      />
      <div className="tune-actions">
        {running ? (
          <button type="button" data-testid="tune-cancel" onClick={() => session.cancel()}>
            Cancel
          </button>
        ) : (
          <button type="button" className="primary" data-testid="tune-run" disabled={!plan.ok} onClick={run}>
            Run {plan.ok ? plan.space.size.toLocaleString('en-US') : ''} configurations
          </button>
        )}
        <button type="button" disabled={running} onClick={() => session.setForm(defaultForm(scenario))}>
          Defaults
        </button>
        <span className="sub">
          {plan.ok
            ? `on ${workerCount()} workers; ${
                scaler.mode === 'cost-model'
                  ? 'each configuration re-derived from the cost model, m setting the micro-batch size (global batch fixed)'
                  : `m scales costs and activations by ${scenario.microbatches}/m (global batch fixed)`
              }`
            : 'fix the marked fields'}
        </span>
        {st.document && st.document !== scenario ? (
          <span className="stale" data-testid="tune-stale">
            The scenario changed since this run; its results are for the scenario as it was
          </span>
        ) : null}
      </div>
      {plan.ok && plan.space.notes.length > 0 ? (
        <details className="tune-notes" data-testid="tune-notes">
          <summary>How the axes apply to these schedules ({plan.space.notes.length})</summary>
          <ul>
            {plan.space.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {report && st.space ? (
        <>
          <TuneSummary report={report} running={running} onPick={(i) => session.select(i, true)} />
          <div className="tune-chart">
            <ScatterChart
              results={st.results}
              capacity={st.constraints?.capacity ?? null}
              pareto={pareto}
              selected={st.selected}
              best={report.best?.index ?? null}
              onPick={(i) => session.select(i, true)}
            />
            <div className="legend" data-testid="tune-legend">
              {shown.map((s) => (
                <span key={s}>
                  <span className="swatch" style={{ background: tuneColor(s) }} />
                  {scheduleTitle(s)}
                </span>
              ))}
              <span>● feasible</span>
              <span>○ over a memory limit</span>
              <span>◯ and step line: Pareto front</span>
              {st.constraints?.capacity != null ? <span className="cap-key">┆ capacity</span> : null}
            </div>
          </div>
          <ResultsTable
            results={st.results}
            pareto={pareto}
            selected={st.selected}
            onPick={(i) => session.select(i, true)}
            causes={st.causes}
            onNeedCauses={attributeRows}
          />
        </>
      ) : (
        <p className="empty">
          Choose the axes and run: every configuration is simulated by the same engine as the schedule view,
          and the fastest that fits the capacity is the best.
        </p>
      )}
    </div>
  );
}
