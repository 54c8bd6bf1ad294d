import type { Analysis } from '../analyze';
import type { PathError } from '../model/path-error';
import type { Ms } from '../model/units';

/**
 * What part of a timeline an export holds: everything (no scope), a time range (the chart's visible
 * range), some devices (the ones picked in the chart), or both. The SVG and PNG draw the range with
 * bars cut at its edges; the trace and the CSV list whole ops (their real times) that overlap it.
 */
export interface ExportScope {
  /** Only what overlaps [t0, t1] (ms of simulated device time); absent: the whole timeline. */
  range?: { t0: Ms; t1: Ms };
  /** Only these devices (of every analysis), ascending; absent: every device. */
  devices?: readonly number[];
}

/**
 * Whether an interval [start, end] shows in `range`: it overlaps it by more than a point, or, when it
 * has no length, lies inside it. An op that ends exactly where the range begins is not in it.
 */
export function overlapsRange(start: Ms, end: Ms, range: { t0: Ms; t1: Ms } | undefined): boolean {
  if (!range) return true;
  if (end > start) return start < range.t1 && end > range.t0;
  return start >= range.t0 && start <= range.t1;
}

/** Per device, whether the scope keeps it (of a timeline with `devices` devices). */
export function devicesKept(scope: ExportScope | undefined, devices: number): Uint8Array {
  const kept = new Uint8Array(devices);
  if (!scope?.devices) kept.fill(1);
  else for (const d of scope.devices) if (d >= 0 && d < devices) kept[d] = 1;
  return kept;
}

/**
 * Why a scope cannot be exported from these analyses, or null when it can: a range must be finite
 * and have a positive length, and the devices must exist in at least one analysis (an export with
 * no device would be an empty picture).
 */
export function scopeError(scope: ExportScope | undefined, analyses: readonly Analysis[]): PathError | null {
  if (!scope) return null;
  const r = scope.range;
  if (r && !(Number.isFinite(r.t0) && Number.isFinite(r.t1) && r.t1 > r.t0))
    return { path: '(export)', message: `the time range ${r.t0}..${r.t1} ms is empty` };
  if (scope.devices) {
    if (scope.devices.length === 0) return { path: '(export)', message: 'no device is selected' };
    const most = analyses.reduce((n, a) => Math.max(n, a.schedule.devices), 0);
    const missing = scope.devices.filter((d) => !Number.isInteger(d) || d < 0 || d >= most);
    if (missing.length > 0)
      return {
        path: '(export)',
        message: `device ${missing[0]} is not in this scenario (devices 0 to ${most - 1})`,
      };
  }
  return null;
}

/** A short sentence naming the scope, for the pictures' captions: "0.5–12 ms · devices 0, 3". */
export function describeScope(scope: ExportScope | undefined, fmtMs: (t: Ms) => string): string | null {
  if (!scope?.range && !scope?.devices) return null;
  const parts: string[] = [];
  if (scope.range) parts.push(`${fmtMs(scope.range.t0)}–${fmtMs(scope.range.t1)} ms`);
  if (scope.devices)
    parts.push(`${scope.devices.length === 1 ? 'device' : 'devices'} ${deviceRuns(scope.devices)}`);
  return parts.join(' · ');
}

/** Ascending device numbers with runs shortened: [0, 1, 2, 3, 7] is "0–3, 7". */
export function deviceRuns(devices: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < devices.length; ) {
    let j = i;
    while (j + 1 < devices.length && devices[j + 1] === devices[j] + 1) j++;
    out.push(
      j > i + 1
        ? `${devices[i]}–${devices[j]}`
        : j === i + 1
          ? `${devices[i]}, ${devices[j]}`
          : `${devices[i]}`,
    );
    i = j + 1;
  }
  return out.join(', ');
}

/**
 * Per op of an analysis, 1 when the scope keeps it (its device is kept and it overlaps the range),
 * or null when the scope keeps every op.
 */
export function opsKept(analysis: Analysis, scope: ExportScope | undefined): Uint8Array | null {
  if (!scope?.range && !scope?.devices) return null;
  const { schedule, timeline } = analysis;
  const kept = devicesKept(scope, schedule.devices);
  const ops = new Uint8Array(schedule.count);
  for (let d = 0; d < schedule.devices; d++) {
    if (!kept[d]) continue;
    for (let i = schedule.deviceStart[d]; i < schedule.deviceStart[d + 1]; i++)
      if (overlapsRange(timeline.start[i], timeline.end[i], scope.range)) ops[i] = 1;
  }
  return ops;
}
