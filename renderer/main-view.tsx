import { useMemo } from 'react';
import { scheduleTitle } from '../core/schedules';
import type { DerivedAnalysis } from './analysis/use-analysis';
import { useChannel } from './analysis/use-channel';
import { ChartWithBreakdown } from './breakdown/chart-with-breakdown';
import { DelayedCancel } from './busy-status';
import { CompactToggle } from './breakdown/compact-toggle';
import { MemorySection } from './charts/memory-section';
import { splitWarnings } from './charts/memory-warning';
import { blockLabel } from './explain/block-label';
import { useAfterPaint } from './explain/after-paint';
import { ExplainPanel } from './explain/explain-panel';
import { ReferencePicker } from './explain/reference-picker';
import { type ExplainSection, differenceSection, scheduleSection } from './explain/sections';
import { useReference } from './explain/use-reference';
import { OrderEditBar, useOrderEditing } from './editor/order-edit-bar';
import { CostFigures } from './metrics/cost-figures';
import { HeadlineFigures } from './metrics/headline-figures';
import { fmtMs } from './metrics/metric-rows';
import { MetricsPanel } from './metrics/metrics-panel';
import { speedup } from './metrics/ratio';
import { type AppStore, useAppState } from './state/store';

/** Warnings shown above the chart before the rest fold away (a derived scenario may warn for every device). */
const WARNINGS_SHOWN = 3;

/**
 * The schedule of the document, and under it on the same time axis a reference schedule (1F1B
 * unless the user picks another): the headline figures side by side with their ratio, why they
 * differ, the Gantt chart with each device's breakdown, where the time goes, the metrics, the
 * training cost and memory. While the order is edited the chart draws the document's rows alone.
 */
export function MainView({ store, derived }: { store: AppStore; derived: DerivedAnalysis }) {
  const view = useAppState(store, (s) => s.view);
  const orderEditing = useOrderEditing(store, derived);
  const a = derived.analysis;
  const referenceChannel = useChannel();
  const reference = a && view.reference !== a.scenario.schedule ? view.reference : null;
  const ref = useReference(a?.scenario ?? null, reference, referenceChannel);
  // Only a reference of the scenario shown: after an edit the old one is not drawn (laying it out
  // again would slow every edit's redraw) but its place is kept, so the page does not jump when
  // the new one comes from the worker.
  const r = reference && ref.current ? ref.analysis : null;
  const pending = reference !== null && r === null && ref.errors.length === 0;
  const title = a ? scheduleTitle(a.scenario.schedule) : '';
  const refTitle = reference ? scheduleTitle(reference) : '';
  // Stable while the analyses are: the chart re-lays itself out only when its timelines change,
  // not on every zoom, hover or selection.
  // Editing the order moves the document's ops on its own rows: the reference's block is left out
  // of the chart meanwhile (its figures stay).
  const drawRef = orderEditing.enabled ? null : r;
  const timelines = useMemo(() => {
    if (!a) return [];
    const own = [{ label: blockLabel(title, a.metrics), analysis: a }];
    return drawRef ? [...own, { label: blockLabel(refTitle, drawRef.metrics), analysis: drawRef }] : own;
  }, [a, drawRef, title, refTitle]);
  // While a new reference computes, the axis keeps the last one's end, so it is not fitted twice.
  const stale = pending && !orderEditing.enabled ? ref.analysis : null;
  const timeDomain = a && stale ? Math.max(a.metrics.makespan, stale.metrics.makespan) : undefined;
  // Below the first screen (the explanations of where the time goes, the metrics, the memory): drawn
  // in a render of their own after the chart has painted, on opening and after every edit.
  const later = useAfterPaint(a, null);
  const laterRef = useAfterPaint(r, null);
  const analyses = useMemo(() => (later ? [later] : []), [later]);
  const labels = useMemo(() => (later ? [scheduleTitle(later.scenario.schedule)] : []), [later]);
  const headline = useMemo(() => {
    if (!a) return [];
    const own = [{ key: a.scenario.schedule, label: title, metrics: a.metrics }];
    return r && reference ? [...own, { key: reference, label: refTitle, metrics: r.metrics }] : own;
  }, [a, r, reference, title, refTitle]);
  const why = useMemo((): ExplainSection[] => {
    if (!a || !r) return [];
    const s = speedup(a.metrics.makespan, r.metrics.makespan);
    return [differenceSection('difference', a, r, `Why ${title} is ${s.text} than ${refTitle}`, true)];
  }, [a, r, title, refTitle]);
  const parts = useMemo((): ExplainSection[] => {
    const note = ref.current ? ref.partsNote : null;
    if (!note) return [];
    return [
      {
        key: 'parts',
        title: `Why GPipe (${fmtMs(note.gpipe)}) beats 1F1B (${fmtMs(note.oneF1b)}) here`,
        sentences: note.sentences.length > 1 ? note.sentences.slice(1) : note.sentences,
        criticalPath: -1,
      },
    ];
  }, [ref.current, ref.partsNote]);
  const where = useMemo(() => {
    const out: ExplainSection[] = [];
    if (later) out.push(scheduleSection('schedule', scheduleTitle(later.schedule.name), later));
    if (laterRef) out.push(scheduleSection('reference', scheduleTitle(laterRef.schedule.name), laterRef));
    return out;
  }, [later, laterRef]);
  const warnings = a ? splitWarnings(a.warnings).other : [];
  return (
    <div className="main-view" data-testid="main-view" data-reference={r ? reference : ''}>
      <div className="view-head">
        <h1>
          {a ? (
            <>
              {r ? `${title} and ${refTitle}` : title}{' '}
              <span className="sub">
                {a.schedule.devices} devices × {a.schedule.microbatches} micro-batches · {a.schedule.count}{' '}
                ops{r ? ' each, same costs' : ''}
              </span>
            </>
          ) : (
            'No valid scenario yet'
          )}
        </h1>
        {a ? (
          <>
            <ReferencePicker
              current={a.scenario.schedule}
              value={reference}
              errors={reference ? ref.errors : []}
              onChange={(s) => store.setView({ reference: s })}
            />
            <CompactToggle store={store} density={view.chartDensity} />
          </>
        ) : null}
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
          ) : reference && !ref.current ? (
            <span className="computing" data-testid="reference-computing">
              <span className="spinner" aria-hidden="true" /> computing {refTitle}…
            </span>
          ) : null}
        </div>
      </div>
      {warnings.length ? (
        <ul className="warnings" data-testid="warnings">
          {warnings.slice(0, WARNINGS_SHOWN).map((w) => (
            <li key={w}>{w}</li>
          ))}
          {warnings.length > WARNINGS_SHOWN ? (
            <li>
              <details>
                <summary>{warnings.length - WARNINGS_SHOWN} more</summary>
                <ul>
                  {warnings.slice(WARNINGS_SHOWN).map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </details>
            </li>
          ) : null}
        </ul>
      ) : null}
      {a ? (
        <>
          <div className="story-top">
            <div>
              <HeadlineFigures
                items={headline}
                baseline={r ? reference : null}
                caption={r || pending ? `Headline figures: ${title} against ${refTitle}` : 'Headline figures'}
                pending={pending ? refTitle : null}
              />
              {pending ? (
                <p className="hint" data-testid="explain-pending">
                  Computing {refTitle}, to say why it and {title} differ…
                </p>
              ) : (
                <ExplainPanel sections={why} testId="explain-why" />
              )}
            </div>
            {/* The Edit order switch ends this column, just above the chart it edits. */}
            <div className="story-side">
              <ExplainPanel sections={parts} testId="explain-parts" />
              <OrderEditBar editing={orderEditing} />
            </div>
          </div>
          <ChartWithBreakdown
            store={store}
            timelines={timelines}
            showComm={a.scenario.p2p.occupiesComm}
            timeDomain={timeDomain}
            orderEdit={orderEditing.edit}
            pendingBlocks={pending && !orderEditing.enabled ? 1 : 0}
          />
          <ExplainPanel sections={where} title="Explain: where the time goes" testId="explain" />
          {later ? (
            <div className="below-chart">
              <MetricsPanel analyses={analyses} labels={labels} />
              {later.scenario.derive ? <CostFigures analysis={later} /> : null}
              <MemorySection
                key={`${later.scenario.schedule}:${later.schedule.devices}`}
                analysis={later}
                heading={`Memory — ${scheduleTitle(later.scenario.schedule)}`}
              />
            </div>
          ) : null}
        </>
      ) : (
        <p className="empty">The scenario has errors (see the editor); nothing to draw yet.</p>
      )}
    </div>
  );
}
