import { CATEGORIES, IDLE_STYLES, type Pass } from '../../core/layout/palette';
import type { CriticalPath } from '../../core/metrics/critical-path';
import { Stream } from '../../core/sim/timeline';
import type { IdleColumns } from './draw';

// What the chart's legend lists, as plain data (legend.tsx draws it).

/** Idle looks in use: one entry per legend label (fill and drain share one), in cause order. */
export function idleLegend(idle: IdleColumns): { legend: string; short: string; cause: number }[] {
  const cause = idle.cause;
  if (!cause)
    return idle.count > 0 ? [{ legend: 'idle (compute stream)', short: 'compute stream', cause: 0 }] : [];
  const seen = new Uint8Array(IDLE_STYLES.length);
  for (let i = 0; i < idle.count; i++) seen[cause[i]] = 1;
  const out: { legend: string; short: string; cause: number }[] = [];
  IDLE_STYLES.forEach((s, c) => {
    if (seen[c] && !out.some((o) => o.legend === s.legend))
      out.push({ legend: s.legend, short: s.short, cause: c });
  });
  return out;
}

/** The parts of one lane grouped by pass, as the compact legend lists them. */
export interface LaneKinds {
  lane: 'compute' | 'comm';
  passes: { pass: Pass; ids: number[] }[];
}

const PASSES: readonly Pass[] = ['F', 'B', 'W'];

/** Parts of the same name come in the same order in every pass (attention before MLP, as F has them). */
const nameRank = (id: number) => CATEGORIES.findIndex((c) => c.name === CATEGORIES[id].name);

/**
 * The present categories as the compact legend lists them: ungrouped ones (op kinds, parts without
 * a pass) first, then the parts by lane (compute, comm) and pass (F, B, W), then ungrouped comm
 * ones (P2P), so the legend reads the way each device's rows are drawn.
 */
export function legendKinds(present: readonly number[]): {
  before: number[];
  lanes: LaneKinds[];
  after: number[];
} {
  const ungrouped = present.filter((id) => CATEGORIES[id].pass === null);
  const lanes: LaneKinds[] = [];
  for (const [lane, stream] of [
    ['compute', Stream.COMPUTE],
    ['comm', Stream.COMM],
  ] as const) {
    const passes = PASSES.map((pass) => ({
      pass,
      ids: present
        .filter((id) => CATEGORIES[id].pass === pass && CATEGORIES[id].stream === stream)
        .sort((a, b) => nameRank(a) - nameRank(b)),
    })).filter((g) => g.ids.length > 0);
    if (passes.length) lanes.push({ lane, passes });
  }
  return {
    before: ungrouped.filter((id) => CATEGORIES[id].stream === Stream.COMPUTE),
    lanes,
    after: ungrouped.filter((id) => CATEGORIES[id].stream === Stream.COMM),
  };
}

const pct = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;

/** "1088 ms: compute 62%, exposed communication 30%, P2P 8%" */
export function criticalPathSummary(p: CriticalPath): string {
  const parts = [`compute ${pct(p.compute, p.length)}`];
  if (p.exposedComm > 0) parts.push(`exposed communication ${pct(p.exposedComm, p.length)}`);
  if (p.p2p > 0) parts.push(`P2P ${pct(p.p2p, p.length)}`);
  if (p.wait > 0) parts.push(`queued transfers ${pct(p.wait, p.length)}`);
  return `${Number.parseFloat(p.length.toPrecision(5))} ms: ${parts.join(', ')}`;
}
