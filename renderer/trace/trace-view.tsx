import type { Analysis } from '../../core/analyze';
import type { AppStore } from '../state/store';
import { TabButton } from '../tab-button';
import { AnnotationsTable } from './annotations-table';
import { useAppState } from '../state/store';
import { applyMeasuredParts, measuredTargetText } from './apply-measured';
import { countText, dateText, sizeText } from './format';
import { OverlayView } from './overlay-view';
import { PartsPanel } from './parts-panel';
import { RanksTable } from './ranks-table';
import { StreamsTable } from './streams-table';
import { TraceEmpty, TraceErrors, TraceProgress } from './trace-status';
import { type TraceSession, useTraceSession } from './trace-session';
import './trace.css';

/**
 * The trace view: what the opened profiler traces measured (Summary) and a rank drawn under the
 * planned timeline (Overlay). The traces live in the trace worker; this shows their summary.
 */
export function TraceView({
  store,
  session,
  analysis,
  onOpen,
}: {
  store: AppStore;
  session: TraceSession;
  analysis: Analysis | null;
  /** Open Trace (the app's command: a scenario chosen there opens as the document). */
  onOpen: () => void;
}) {
  const st = useTraceSession(session, (s) => s);
  const summary = st.summary;
  const scenario = useAppState(store, (s) => s.history.present);
  const rank = summary?.ranks[st.rank] ?? null;
  const use = () => {
    if (!summary) return;
    const notes = applyMeasuredParts(store, summary, st.mapping);
    if (notes)
      store.setNotice(
        `Chunk parts set from ${summary.files.map((f) => f.source).join(', ')} (Undo restores them)${notes.length ? `: ${notes.join('; ')}` : ''}`,
      );
  };
  const events = summary?.files.reduce((n, f) => n + f.events, 0) ?? 0;
  return (
    <div className="trace-view" data-testid="trace-view">
      <div className="view-head">
        <h1>
          {st.files.length === 0 ? 'Profiler trace' : st.files.map((f) => f.name).join(', ')}{' '}
          {summary ? (
            <span className="sub" data-testid="trace-facts">
              {sizeText(st.files.reduce((n, f) => n + f.size, 0))} · {countText(events)} events · recorded{' '}
              {dateText(summary.files[0]?.startDate ?? null)}
            </span>
          ) : null}
        </h1>
        {summary ? (
          <div className="group" role="tablist" aria-label="Trace view">
            <TabButton
              selected={st.tab === 'summary'}
              testId="trace-tab-summary"
              onSelect={() => session.setTab('summary')}
            >
              Summary
            </TabButton>
            <TabButton
              selected={st.tab === 'overlay'}
              testId="trace-tab-overlay"
              onSelect={() => session.setTab('overlay')}
            >
              Overlay
            </TabButton>
          </div>
        ) : null}
        {st.busy ? (
          <span className="computing">
            <span className="spinner" aria-hidden="true" /> computing…
          </span>
        ) : null}
        {st.status !== 'empty' ? (
          <button type="button" className="trace-close" onClick={() => session.close()}>
            Close trace
          </button>
        ) : null}
      </div>
      {st.status === 'empty' ? <TraceEmpty onOpen={onOpen} /> : null}
      {st.status === 'reading' ? <TraceProgress state={st} onCancel={() => session.cancel()} /> : null}
      <TraceErrors state={st} />
      {summary?.warnings.length ? (
        <details className="warnings trace-warnings" data-testid="trace-warnings">
          <summary>{summary.warnings.length} warning(s)</summary>
          <ul>
            {summary.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {summary && rank && st.tab === 'summary' ? (
        <>
          <RanksTable ranks={summary.ranks} selected={st.rank} onSelect={(i) => session.selectRank(i)} />
          <StreamsTable
            rank={rank}
            onRole={(stream, role) => void session.setStreamRole(rank.rank, stream, role)}
          />
          <PartsPanel
            summary={summary}
            mapping={st.mapping}
            busy={st.busy}
            target={measuredTargetText(summary, scenario)}
            onLayers={(n) => void session.setLayersPerChunk(n)}
            onUse={use}
          />
          <AnnotationsTable
            rank={rank}
            mapping={st.mapping}
            onPart={(name, part) => void session.setPartRule(name, part)}
          />
        </>
      ) : null}
      {summary && rank && st.tab === 'overlay' ? (
        <OverlayView store={store} session={session} state={st} analysis={analysis} />
      ) : null}
    </div>
  );
}
