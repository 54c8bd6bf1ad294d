import type { PairOrderEntry } from '../../core/model/costs';
import type { Scenario, TraceMapDocument } from '../../core/model/scenario';
import { type RankMeasured, measuredTargets, withMeasuredParts } from '../../core/trace/apply';
import { parseTraceMapping } from '../../core/trace/mapping';
import type { MeasuredParts } from '../../core/trace/parts';
import type { PartsJson, TraceSummaryJson } from '../../core/trace/summary';
import type { AppStore } from '../state/store';

/** The measured parts of a summary or of one of its ranks, as core/trace/apply.ts takes them; null when none was measured. */
export function measuredPartsOf(s: Partial<PartsJson>): MeasuredParts | null {
  if (!s.parts || !s.partsMeasured) return null;
  return {
    parts: s.parts,
    measured: s.partsMeasured,
    sources: s.partSources ?? [],
    pairOrder: (s.parts.pairOrder as PairOrderEntry[] | undefined) ?? null,
    warnings: [],
  };
}

/** Each rank's measured parts, for withMeasuredParts to write per planned device. */
export function rankMeasuredOf(s: TraceSummaryJson): RankMeasured[] {
  return s.ranks.map((r) => ({ rank: r.rank, parts: measuredPartsOf(r) }));
}

/**
 * What "Use as part times" will do to `scenario`, in a sentence: which devices get which rank's
 * times and which keep theirs, or that one set of times is written for every device.
 */
export function measuredTargetText(summary: TraceSummaryJson, scenario: Scenario): string {
  const t = measuredTargets(scenario, rankMeasuredOf(summary));
  const P = scenario.devices;
  const out: string[] = [];
  if (t.perDevice) {
    const devices = [...t.byDevice.keys()].sort((a, b) => a - b);
    const kept = P - devices.length;
    out.push(
      `Each rank’s times go to its planned device (rank r is device r): device${devices.length > 1 ? 's' : ''} ${devices.join(', ')} of ${P}${kept > 0 ? `; the other ${kept} keep${kept > 1 ? '' : 's'} ${kept > 1 ? 'their' : 'its'} current times` : ''}.`,
    );
  } else if (t.byDevice.size === 1) {
    out.push(
      `One rank measured and the scenario’s parts are the same on every device: its times go to all ${P} devices.`,
    );
  } else {
    out.push(`No rank is a planned device (rank r is device r): the times above go to all ${P} devices.`);
  }
  if (t.unmapped.length > 0)
    out.push(
      `Rank${t.unmapped.length > 1 ? 's' : ''} ${t.unmapped.join(', ')} ${t.unmapped.length > 1 ? 'are' : 'is'} beyond the scenario’s ${P} devices${t.perDevice ? ' and left out' : ''}.`,
    );
  return out.join(' ');
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
  const { scenario, notes } = withMeasuredParts(
    store.scenario,
    measured,
    { files, date, mapping: parsed.mapping },
    rankMeasuredOf(summary),
  );
  store.edit(`Use measured part times from ${files.join(', ')}`, (d) => {
    d.parts = scenario.parts;
    d.measuredParts = scenario.measuredParts;
  });
  return notes;
}
