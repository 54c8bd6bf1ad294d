import { roundMs } from '../export/text';
import { PAIR_ORDER_ENTRIES, type PairOrderEntry, isCommEntry, smSlowdown } from '../model/costs';
import { type ChunkParts, type PerDevice, type Scenario, partValues, perDevice } from '../model/scenario';
import { getSchedule } from '../schedules/registry';
import { type TraceMapping, traceMappingToJson } from './mapping';
import { ENTRY_FIELD } from './mapping';
import { type MeasuredParts, getPart, setPart, zeroParts } from './parts';
import type { Ms } from '../model/units';

export interface MeasuredFrom {
  /** The trace files, as the user named them. */
  files: string[];
  /** When the first trace was recorded (ISO), if it says. */
  date: string | null;
  mapping: TraceMapping;
}

/** One rank's measured parts, as a trace summary has them (rank from distributedInfo, else file order). */
export interface RankMeasured {
  rank: number;
  parts: MeasuredParts | null;
}

/**
 * The base scenario with the measured parts in `parts`, marked as measured. A trace measures a
 * chunk as it ran; a scenario's parts are per device share with all SMs, so each measured time is
 * divided by the schedule's chunkShare (the share of a device's layers one chunk holds) and, for
 * compute parts, by the SM slowdown the scenario applies (smSplit): simulating then gives back the
 * measured times. Parts the trace does not show keep the base's values (0 without base parts).
 * Measured dispatch/combine times replace byte-based ones (commBytes is dropped).
 *
 * Which devices get which times: rank r's trace is planned device r (measuredByDevice). When
 * `ranks` put measured parts on two or more devices, or on one device of a scenario whose parts
 * already differ between devices, each measured part becomes a per-device array: a device with a
 * rank gets its rank's time, a device without one keeps its current value, and the mark lists the
 * measured devices. Otherwise (no ranks, or one rank and uniform parts) `measured` (the mean over
 * the ranks) is written as one value for every device.
 */
export function withMeasuredParts(
  base: Scenario,
  measured: MeasuredParts,
  from: MeasuredFrom,
  ranks: readonly RankMeasured[] = [],
): { scenario: Scenario; notes: string[] } {
  const notes: string[] = [];
  const share = chunkShareOf(base, notes);
  const slowdown = smSlowdown(base.smSplit);
  const scale = (e: PairOrderEntry, ms: Ms) => roundMs(ms) / share / (isCommEntry(e) ? 1 : slowdown);
  const parts: ChunkParts = base.parts ? clone(base.parts) : zeroParts();
  const { byDevice, unmapped, perDevice: perDeviceWrite } = measuredTargets(base, ranks);
  let entries: PairOrderEntry[];
  if (perDeviceWrite) {
    const devices = [...byDevice.keys()].sort((a, b) => a - b);
    entries = PAIR_ORDER_ENTRIES.filter((e) => devices.some((d) => byDevice.get(d)!.measured.includes(e)));
    for (const e of entries) {
      const current = partAt(parts, e);
      const values = Array.from({ length: base.devices }, (_, d) => {
        const m = byDevice.get(d);
        return m?.measured.includes(e) ? scale(e, getPart(m.parts, e)) : perDevice(current, d);
      });
      setPart(parts, e, values);
    }
    const kept = base.devices - devices.length;
    notes.push(
      `measured per device: ${devices.map((d) => `rank ${d} -> device ${d}`).join(', ')}${kept > 0 ? `; the other ${kept} device${kept > 1 ? 's' : ''} kept ${kept > 1 ? 'their' : 'its'} times` : ''}`,
    );
  } else {
    entries = [...measured.measured];
    for (const e of entries) setPart(parts, e, scale(e, getPart(measured.parts, e)));
    if (byDevice.size === 1)
      notes.push(
        `one rank measured and the base's parts are the same on every device: its times are written for all ${base.devices} devices`,
      );
  }
  if (unmapped.length > 0)
    notes.push(
      `rank${unmapped.length > 1 ? 's' : ''} ${unmapped.join(', ')} ${unmapped.length > 1 ? 'are' : 'is'} not a planned device (the scenario has ${base.devices})${perDeviceWrite ? ', so left out' : ''}`,
    );
  if (measured.pairOrder) parts.pairOrder = [...measured.pairOrder];
  if (parts.commBytes && entries.some((e) => isCommEntry(e))) {
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
  const kept = PAIR_ORDER_ENTRIES.filter((e) => !entries.includes(e));
  if (kept.length > 0) notes.push(`not measured, kept from the base: ${kept.join(', ')}`);
  const scenario: Scenario = { ...clone(base), parts };
  scenario.measuredParts = {
    files: [...from.files],
    date: from.date,
    parts: [...entries],
    ...(perDeviceWrite ? { devices: [...byDevice.keys()].sort((a, b) => a - b) } : {}),
    pairOrder: measured.pairOrder !== null,
    chunkShare: share,
    smSlowdown: round(slowdown),
    mapping: traceMappingToJson(from.mapping),
  };
  return { scenario, notes };
}

/**
 * Where withMeasuredParts writes: `perDevice` when the ranks put measured parts on two or more
 * planned devices, or on one device of a scenario whose parts already differ between devices
 * (then `byDevice`'s devices get their ranks' times and the others keep theirs); otherwise the
 * mean is written for every device.
 */
export function measuredTargets(
  base: Scenario,
  ranks: readonly RankMeasured[],
): { byDevice: Map<number, MeasuredParts>; unmapped: number[]; perDevice: boolean } {
  const { byDevice, unmapped } = measuredByDevice(ranks, base.devices);
  return {
    byDevice,
    unmapped,
    perDevice: byDevice.size >= 2 || (byDevice.size === 1 && !uniformParts(base.parts)),
  };
}

/**
 * Each planned device's measured parts: rank r's trace is device r (the traces are of one
 * pipeline's ranks, as pipeline-parallel jobs number them; a rank from file order is the file's
 * position). Entries of the same rank (a file with GPU work on several devices) are averaged part
 * by part; ranks without parts are skipped; ranks at or beyond `devices` are `unmapped`.
 */
export function measuredByDevice(
  ranks: readonly RankMeasured[],
  devices: number,
): { byDevice: Map<number, MeasuredParts>; unmapped: number[] } {
  const groups = new Map<number, MeasuredParts[]>();
  const unmapped = new Set<number>();
  for (const r of ranks) {
    if (!r.parts) continue;
    if (!Number.isInteger(r.rank) || r.rank < 0 || r.rank >= devices) {
      unmapped.add(r.rank);
      continue;
    }
    const g = groups.get(r.rank);
    if (g) g.push(r.parts);
    else groups.set(r.rank, [r.parts]);
  }
  const byDevice = new Map<number, MeasuredParts>();
  for (const [d, g] of groups) byDevice.set(d, g.length === 1 ? g[0] : meanOf(g));
  return { byDevice, unmapped: [...unmapped].sort((a, b) => a - b) };
}

/** Part by part, the mean over the entries that measured it. */
function meanOf(list: readonly MeasuredParts[]): MeasuredParts {
  const parts = zeroParts();
  const measured = PAIR_ORDER_ENTRIES.filter((e) => list.some((p) => p.measured.includes(e)));
  for (const e of measured) {
    const having = list.filter((p) => p.measured.includes(e));
    setPart(parts, e, having.reduce((s, p) => s + getPart(p.parts, e), 0) / having.length);
  }
  return { parts, measured, sources: [], pairOrder: list[0].pairOrder, warnings: [] };
}

/** Whether every part time is the same on every device (no parts at all counts as uniform). */
function uniformParts(parts: ChunkParts | null | undefined): boolean {
  if (!parts) return true;
  return partValues(parts).every(
    ({ value }) => typeof value === 'number' || value.every((x) => x === value[0]),
  );
}

function partAt(parts: ChunkParts, entry: PairOrderEntry): PerDevice {
  const [dir, field] = ENTRY_FIELD[entry];
  return (parts[dir] as Record<string, PerDevice>)[field];
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
