import { useEffect, useMemo, useState } from 'react';
import type { Analysis } from '../../core/analyze';
import type { PathError } from '../../core/model/path-error';
import type { Scenario, ScheduleName } from '../../core/model/scenario';
import { type AnalysisChannel, SupersededError } from '../analysis/client';
import { type ReferenceResult, referenceAnalysis } from '../analysis/reference';
import { afterPaint, whenIdle } from './after-paint';
import type { PartsNote } from './parts-note';

export interface ReferenceState {
  /** The reference schedule's analysis (the last one while a newer is computed), or null. */
  analysis: Analysis | null;
  /** Why the reference cannot run the scenario, when it cannot. */
  errors: PathError[];
  /** Why GPipe beats 1F1B here, or null. */
  partsNote: PartsNote | null;
  /** Whether what is shown belongs to `scenario` (false while the worker computes a newer one). */
  current: boolean;
}

const NONE: ReferenceState = { analysis: null, errors: [], partsNote: null, current: true };

function toState(r: ReferenceResult, current: boolean): ReferenceState {
  return {
    analysis: r.result?.ok ? r.result.analysis : null,
    errors: r.result && !r.result.ok ? r.result.errors : [],
    partsNote: r.partsNote,
    current,
  };
}

/**
 * The Schedule view's reference schedule and GPipe-vs-1F1B note for a scenario (the one the
 * document's chart shows), computed in the worker so the page draws the document's chart first;
 * inline where there are no workers (jsdom). While a newer one computes, the last stays on screen.
 */
export function useReference(
  scenario: Scenario | null,
  schedule: ScheduleName | null,
  channel: AnalysisChannel | null,
): ReferenceState {
  const inline = useMemo(
    () => (!channel && scenario ? toState(referenceAnalysis(scenario, schedule), true) : null),
    [channel, scenario, schedule],
  );
  const [async, setAsync] = useState<{
    scenario: Scenario;
    schedule: ScheduleName | null;
    result: ReferenceResult;
  } | null>(null);
  useEffect(() => {
    if (!channel || !scenario) return;
    let live = true;
    let cancelIdle = () => {};
    // Asked once the next frame has painted: the document's own chart paints first, and starting
    // the worker (on a two-core machine) does not compete with that paint. Its answer is put on
    // the page (laid out and drawn beside the document's chart) when the page is idle: after an
    // edit, not before the frame that shows the document's new chart.
    const cancel = afterPaint(() => {
      if (!live) return;
      channel.reference(scenario, schedule).then(
        (result) => {
          if (live) cancelIdle = whenIdle(() => live && setAsync({ scenario, schedule, result }));
        },
        (err: Error) => {
          if (!live || err instanceof SupersededError) return;
          console.warn(`reference worker failed (${err.message}); analysing on the page instead`);
          setAsync({ scenario, schedule, result: referenceAnalysis(scenario, schedule) });
        },
      );
    });
    return () => {
      live = false;
      cancel();
      cancelIdle();
    };
  }, [channel, scenario, schedule]);
  if (!scenario) return NONE;
  if (inline) return inline;
  if (!async) return { ...NONE, current: false };
  const current = async.scenario === scenario && async.schedule === schedule;
  // Another reference schedule than the one asked for is not shown, even for a moment.
  if (async.schedule !== schedule) return { ...NONE, partsNote: async.result.partsNote, current };
  return toState(async.result, current);
}
