import { useEffect, useMemo, useRef } from 'react';
import type { Scenario } from '../../core/model/scenario';
import { describeChoice, type TuneResult } from '../../core/tune';
import { useAnalysis } from '../analysis/use-analysis';
import { useChannel } from '../analysis/use-channel';
import { MainView } from '../main-view';
import type { AppStore } from '../state/store';

/**
 * A configuration of a run opened in the schedule view, before it is applied: its Gantt chart and
 * metrics (the same analysis the main view draws), with Apply and the way back to the results.
 */
export function TunePreview(p: {
  store: AppStore;
  scenario: Scenario;
  result: TuneResult;
  onApply(): void;
  onBack(): void;
}) {
  const channel = useChannel();
  const derived = useAnalysis(p.scenario, undefined, channel);
  const label = useMemo(() => describeChoice(p.result.choice), [p.result]);
  const top = useRef<HTMLDivElement>(null);
  // opened from far down the table: start at the top of the schedule view
  useEffect(() => {
    top.current?.scrollIntoView?.({ block: 'start' });
  }, []);
  return (
    <div className="tune-preview" data-testid="tune-preview" ref={top}>
      <div className="tune-banner" role="status">
        <span>
          Opened from Find best: <strong>{label}</strong> — not applied; the document is unchanged.
        </span>
        <button type="button" className="primary" data-testid="tune-apply" onClick={p.onApply}>
          Apply to the scenario
        </button>
        <button type="button" data-testid="tune-back" onClick={p.onBack}>
          Back to the results
        </button>
      </div>
      <MainView store={p.store} derived={derived} />
    </div>
  );
}
