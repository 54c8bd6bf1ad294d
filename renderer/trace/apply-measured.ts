import type { PairOrderEntry } from '../../core/model/costs';
import type { TraceMapDocument } from '../../core/model/scenario';
import { withMeasuredParts } from '../../core/trace/apply';
import { parseTraceMapping } from '../../core/trace/mapping';
import type { MeasuredParts } from '../../core/trace/parts';
import type { TraceSummaryJson } from '../../core/trace/summary';
import type { AppStore } from '../state/store';

/** The measured parts of a summary, as core/trace/apply.ts takes them; null when none was measured. */
export function measuredPartsOf(s: TraceSummaryJson): MeasuredParts | null {
  if (!s.parts || !s.partsMeasured) return null;
  return {
    parts: s.parts,
    measured: s.partsMeasured,
    sources: s.partSources ?? [],
    pairOrder: (s.parts.pairOrder as PairOrderEntry[] | undefined) ?? null,
    warnings: [],
  };
}

/**
 * "Use as part times": the measured parts into the document's `parts`, marked as measured with the
 * traces' names, date and the mapping used, as one undoable edit. Returns what was done to them
 * (divided by the chunk share, the SM slowdown...), or null when nothing was measured.
 */
export function applyMeasuredParts(
  store: AppStore,
  summary: TraceSummaryJson,
  mapping: TraceMapDocument,
): string[] | null {
  const measured = measuredPartsOf(summary);
  const parsed = parseTraceMapping(mapping, 'mapping');
  if (!measured || !parsed.ok) return null;
  const files = summary.files.map((f) => f.source);
  const date = summary.files.map((f) => f.startDate).find((d) => d !== null) ?? null;
  const { scenario, notes } = withMeasuredParts(store.scenario, measured, {
    files,
    date,
    mapping: parsed.mapping,
  });
  store.edit(`Use measured part times from ${files.join(', ')}`, (d) => {
    d.parts = scenario.parts;
    d.measuredParts = scenario.measuredParts;
  });
  return notes;
}
