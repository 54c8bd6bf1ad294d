import { explainDifference } from '../../core/metrics/explain';
import type { Scenario } from '../../core/model/scenario';
import type { Ms } from '../../core/model/units';
import type { EngineResult } from '../analysis/engine';

/** Core's sentences on GPipe against 1F1B, and the two iteration times (ms). */
export interface PartsNote {
  sentences: string[];
  gpipe: Ms;
  oneF1b: Ms;
}

/**
 * Why GPipe beats 1F1B on a scenario with chunk parts, in core's sentences (explainDifference, so
 * the app says what `pipescope compare` says), or null when it does not: without parts, when either
 * cannot run it, or when GPipe is not faster. With parts a forward's attention runs under the
 * previous forward's combine; GPipe runs its forwards back to back and 1F1B alternates, which
 * engineers take for a simulator bug unless the screen says so.
 */
export function gpipeBeats1f1b(
  scenario: Scenario,
  analyse: (schedule: 'gpipe' | '1f1b') => EngineResult,
): PartsNote | null {
  if (!scenario.parts) return null;
  const gpipe = analyse('gpipe');
  if (!gpipe.ok) return null;
  const oneF1b = analyse('1f1b');
  if (!oneF1b.ok) return null;
  if (gpipe.analysis.metrics.makespan >= oneF1b.analysis.metrics.makespan) return null;
  return {
    sentences: explainDifference(gpipe.analysis, oneF1b.analysis),
    gpipe: gpipe.analysis.metrics.makespan,
    oneF1b: oneF1b.analysis.metrics.makespan,
  };
}
