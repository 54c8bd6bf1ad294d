import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Analysis } from '../../core/analyze';
import type { PathError } from '../../core/model/path-error';
import type { Scenario, ScheduleName } from '../../core/model/scenario';
import { type AnalysisChannel, SupersededError } from './client';
import { type EngineResult, INLINE_OPS, opsEstimate, runAnalysis } from './engine';

export interface DerivedAnalysis {
  /** The analysis of the current document, or the last valid one while it is invalid or computing. */
  analysis: Analysis | null;
  /** Whether `analysis` belongs to the current document. */
  current: boolean;
  computing: boolean;
  /** Whether the user stopped the analysis of the current document (until it changes). */
  stopped: boolean;
  /** Stops the analysis in the worker; the last valid analysis stays on screen. */
  cancel: () => void;
  errors: PathError[];
}

/**
 * The derived layer: analyze() of the document, memoized on the scenario object (Immer gives a
 * new object exactly when something changed). Small scenarios run inline; large ones in a worker
 * while the view shows "computing...". When the document is invalid, the last valid analysis
 * stays on screen and `errors` says why.
 */
export function useAnalysis(
  scenario: Scenario,
  schedule: ScheduleName | undefined,
  channel: AnalysisChannel | null,
  /** Identity of the document: the last valid analysis of another document is never shown. */
  documentEpoch = 0,
): DerivedAnalysis {
  const inline = !channel || opsEstimate(scenario, schedule) <= INLINE_OPS;
  const inlineResult = useMemo(
    () => (inline ? runAnalysis(scenario, schedule) : null),
    [inline, scenario, schedule],
  );
  const [async, setAsync] = useState<{
    scenario: Scenario;
    schedule?: ScheduleName;
    result: EngineResult;
  } | null>(null);
  const [stoppedAt, setStoppedAt] = useState<{ scenario: Scenario; schedule?: ScheduleName } | null>(null);
  const stopped = !inline && stoppedAt?.scenario === scenario && stoppedAt.schedule === schedule;
  const cancel = useCallback(() => {
    channel?.cancel();
    setStoppedAt({ scenario, schedule });
  }, [channel, scenario, schedule]);
  useEffect(() => {
    if (inline || !channel || stopped) return;
    let live = true;
    channel.analyze(scenario, schedule).then(
      (result) => live && setAsync({ scenario, schedule, result }),
      (err: Error) => {
        if (!live || err instanceof SupersededError) return;
        // A worker that cannot start (e.g. a page served where module workers are blocked) must
        // not leave the view empty: analyse inline instead, slower but the same result.
        console.warn(`analysis worker failed (${err.message}); analysing on the page instead`);
        setAsync({ scenario, schedule, result: runAnalysis(scenario, schedule) });
      },
    );
    return () => {
      live = false;
    };
  }, [inline, scenario, schedule, channel, stopped]);

  const result: EngineResult | null = inline
    ? inlineResult
    : async && async.scenario === scenario && async.schedule === schedule
      ? async.result
      : null;
  const lastGood = useRef<{ epoch: number; analysis: Analysis } | null>(null);
  if (result?.ok) lastGood.current = { epoch: documentEpoch, analysis: result.analysis };
  const previous = lastGood.current?.epoch === documentEpoch ? lastGood.current.analysis : null;
  return {
    analysis: result?.ok ? result.analysis : previous,
    current: !!result?.ok,
    computing: result === null && !stopped,
    stopped,
    cancel,
    errors: result && !result.ok ? result.errors : [],
  };
}
