import {
  type Explained,
  criticalPathSentence,
  explainDifference,
  explainSchedule,
} from '../../core/metrics/explain';

/** A block of the Explain panel: a title and core's sentences, in core's order. */
export interface ExplainSection {
  key: string;
  title: string;
  sentences: string[];
  /** Index of the sentence about the critical path (what to optimize), or -1. */
  criticalPath: number;
}

/**
 * Where one schedule's idle time goes: its largest causes (each with its share, where it is worst
 * and what would shrink it) and its critical path, the sentences `pipescope simulate` prints.
 */
export function scheduleSection(key: string, label: string, a: Explained): ExplainSection {
  const sentences = explainSchedule(a.metrics);
  return {
    key,
    title: `Where ${label}'s time goes`,
    sentences,
    criticalPath: sentences.lastIndexOf(criticalPathSentence(a.metrics)),
  };
}

/**
 * Why one schedule differs from another, as `pipescope compare` says it. `mechanism` keeps only
 * what follows core's first sentence (the ratio and both critical paths, which the headline
 * figures and each schedule's own section already show): the reason itself.
 */
export function differenceSection(
  key: string,
  a: Explained,
  b: Explained,
  title: string,
  mechanism = false,
): ExplainSection {
  const all = explainDifference(a, b);
  return { key, title, sentences: mechanism && all.length > 1 ? all.slice(1) : all, criticalPath: -1 };
}
