import { useEffect, useMemo, useState } from 'react';
import type { Analysis } from '../../core/analyze';
import type { ConfigError } from '../../core/model/config';
import type { Scenario, ScheduleName } from '../../core/model/scenario';
import { type AnalysisChannel, SupersededError } from '../analysis/client';
import { type EngineResult, INLINE_OPS, type SweepPoint, opsEstimate, runAnalysis } from '../analysis/engine';
import { sweep, sweepMicrobatches } from '../analysis/sweep';

export interface CompareItem {
  schedule: ScheduleName;
  analysis: Analysis | null;
  errors: ConfigError[];
}

/**
 * Analyses of the same scenario under several schedules: inline when small, else in the worker.
 * While `stopped` (the user cancelled this comparison) nothing is sent to the worker and the last
 * finished comparison, if any, stays.
 */
export function useCompare(
  scenario: Scenario,
  schedules: ScheduleName[],
  channel: AnalysisChannel | null,
  stopped = false,
): { items: CompareItem[]; computing: boolean } {
  const key = schedules.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `schedules`
  const small = useMemo(
    () => !channel || schedules.every((s) => opsEstimate(scenario, s) <= INLINE_OPS),
    [channel, scenario, key],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `schedules`
  const inline = useMemo(
    () => (small ? schedules.map((s) => toItem(s, runAnalysis(scenario, s))) : null),
    [small, scenario, key],
  );
  const [async, setAsync] = useState<{ scenario: Scenario; key: string; items: CompareItem[] } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `schedules`
  useEffect(() => {
    if (small || !channel || stopped) return;
    let live = true;
    (async () => {
      const items: CompareItem[] = [];
      for (const s of schedules) {
        try {
          items.push(toItem(s, await channel.analyze(scenario, s)));
        } catch (err) {
          if (err instanceof SupersededError || !live) return;
          items.push(toItem(s, runAnalysis(scenario, s))); // worker unavailable: inline
        }
        if (!live) return;
      }
      if (live) setAsync({ scenario, key, items });
    })();
    return () => {
      live = false;
    };
  }, [small, channel, scenario, key, stopped]);
  if (inline) return { items: inline, computing: false };
  if (async && async.scenario === scenario && async.key === key)
    return { items: async.items, computing: false };
  return { items: async?.items ?? [], computing: !stopped };
}

function toItem(schedule: ScheduleName, r: EngineResult): CompareItem {
  return r.ok
    ? { schedule, analysis: r.analysis, errors: [] }
    : { schedule, analysis: null, errors: r.errors };
}

/**
 * The bubble-vs-micro-batches sweep, always off the UI thread when workers exist. While `stopped`
 * nothing is sent and `progress` is null: the points are those of the last finished sweep, and
 * `current` says whether that sweep is of this scenario and these schedules.
 */
export function useSweep(
  scenario: Scenario,
  schedules: ScheduleName[],
  channel: AnalysisChannel | null,
  stopped = false,
): { points: SweepPoint[]; microbatches: number[]; progress: number | null; current: boolean } {
  const key = schedules.join(',');
  const microbatches = useMemo(() => sweepMicrobatches(scenario), [scenario]);
  const [state, setState] = useState<{ scenario: Scenario; key: string; points: SweepPoint[] } | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `schedules`
  useEffect(() => {
    if (stopped) return;
    let live = true;
    if (!channel) {
      setState({ scenario, key, points: sweep(scenario, schedules, microbatches) });
      return;
    }
    setProgress(0);
    channel
      .sweep(scenario, schedules, microbatches, (done, total) => live && setProgress(done / total))
      .then(
        (points) => {
          if (!live) return;
          setState({ scenario, key, points });
          setProgress(null);
        },
        (err) => {
          if (!live || err instanceof SupersededError) return;
          setState({ scenario, key, points: sweep(scenario, schedules, microbatches) });
          setProgress(null);
        },
      );
    return () => {
      live = false;
    };
  }, [channel, scenario, key, microbatches, stopped]);
  const current = !!state && state.scenario === scenario && state.key === key;
  return {
    points: state?.points ?? [],
    microbatches,
    progress: current || stopped ? null : (progress ?? 0),
    current,
  };
}
