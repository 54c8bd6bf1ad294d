import type { Scenario, ScheduleName } from '../../core/model/scenario';
import { type PartsNote, gpipeBeats1f1b } from '../explain/parts-note';
import { type EngineResult, opsEstimate, runAnalysis } from './engine';

/** What the Schedule view draws beside the document's own analysis. */
export interface ReferenceResult {
  /** The reference schedule's analysis of the same scenario, or null when none was asked for. */
  result: EngineResult | null;
  /** Why GPipe beats 1F1B here (core's sentences), or null (see gpipeBeats1f1b). */
  partsNote: PartsNote | null;
}

/**
 * Above this many GPipe ops the note is left out: it costs two more simulations, and a scenario
 * that large is not the first screen's story (the DeepSeek-V3 example has about 2,000 ops).
 */
const NOTE_MAX_OPS = 200_000;

/**
 * The reference schedule's analysis and the GPipe-vs-1F1B note, in one request so that the worker
 * (not the page) simulates the extra schedules: the document's chart is drawn as soon as its own
 * analysis is ready, and the reference joins it when this returns.
 */
export function referenceAnalysis(scenario: Scenario, schedule: ScheduleName | null): ReferenceResult {
  const known = new Map<ScheduleName, EngineResult>();
  const analyse = (s: ScheduleName) => {
    let r = known.get(s);
    if (!r) {
      r = runAnalysis(scenario, s);
      known.set(s, r);
    }
    return r;
  };
  const result = schedule ? analyse(schedule) : null;
  const partsNote = opsEstimate(scenario, 'gpipe') <= NOTE_MAX_OPS ? gpipeBeats1f1b(scenario, analyse) : null;
  return { result, partsNote };
}
