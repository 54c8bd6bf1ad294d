import { roundMs } from '../export/text';
import { PAIR_ORDER_ENTRIES, isCommEntry, smSlowdown } from '../model/costs';
import type { ChunkParts, Scenario } from '../model/scenario';
import { getSchedule } from '../schedules/registry';
import { type TraceMapping, traceMappingToJson } from './mapping';
import { type MeasuredParts, getPart, setPart, zeroParts } from './parts';

export interface MeasuredFrom {
  /** The trace files, as the user named them. */
  files: string[];
  /** When the first trace was recorded (ISO), if it says. */
  date: string | null;
  mapping: TraceMapping;
}

/**
 * The base scenario with the measured parts in `parts`, marked as measured. A trace measures a
 * chunk as it ran; a scenario's parts are per device share with all SMs, so each measured time is
 * divided by the schedule's chunkShare (the share of a device's layers one chunk holds) and, for
 * compute parts, by the SM slowdown the scenario applies (smSplit): simulating then gives back the
 * measured times. Parts the trace does not show keep the base's values (0 without base parts).
 * Measured dispatch/combine times replace byte-based ones (commBytes is dropped).
 */
export function withMeasuredParts(
  base: Scenario,
  measured: MeasuredParts,
  from: MeasuredFrom,
): { scenario: Scenario; notes: string[] } {
  const notes: string[] = [];
  const share = chunkShareOf(base, notes);
  const slowdown = smSlowdown(base.smSplit);
  const parts: ChunkParts = base.parts ? clone(base.parts) : zeroParts();
  for (const e of measured.measured) {
    const compute = !isCommEntry(e);
    // Rounded to the nanosecond first (as the trace JSON prints them): sums of kernel times carry float noise.
    setPart(parts, e, roundMs(getPart(measured.parts, e)) / share / (compute ? slowdown : 1));
  }
  if (measured.pairOrder) parts.pairOrder = [...measured.pairOrder];
  if (parts.commBytes && measured.measured.some((e) => isCommEntry(e))) {
    delete parts.commBytes;
    delete parts.commBandwidth;
    notes.push(
      'parts.commBytes and parts.commBandwidth were dropped: the measured dispatch/combine times replace them',
    );
  }
  if (share !== 1)
    notes.push(`measured chunk times divided by the schedule's chunkShare ${share} (${base.schedule})`);
  if (slowdown !== 1)
    notes.push(
      `measured compute parts divided by the SM slowdown ${round(slowdown)} (smSplit ${base.smSplit.reserved} of ${base.smSplit.total} reserved), which the simulator applies again`,
    );
  const kept = PAIR_ORDER_ENTRIES.filter((e) => !measured.measured.includes(e));
  if (kept.length > 0) notes.push(`not measured, kept from the base: ${kept.join(', ')}`);
  const scenario: Scenario = { ...clone(base), parts };
  scenario.measuredParts = {
    files: [...from.files],
    date: from.date,
    parts: [...measured.measured],
    pairOrder: measured.pairOrder !== null,
    chunkShare: share,
    smSlowdown: round(slowdown),
    mapping: traceMappingToJson(from.mapping),
  };
  return { scenario, notes };
}

/** A deep copy of JSON data (a scenario is JSON; core has no structuredClone). */
function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** The share of a device's layers one chunk of the scenario's schedule holds (1 if the schedule cannot run it). */
function chunkShareOf(s: Scenario, notes: string[]): number {
  const gen = getSchedule(s.schedule);
  if (!gen) {
    notes.push(`${s.schedule} is not a known schedule, so its chunk share is unknown; taken as 1`);
    return 1;
  }
  return gen.shape(s.devices, s.microbatches, s.chunks).chunkShare;
}
