import { parseJsonText } from '../format/json-text';
import type { Scenario } from '../model/scenario';
import { type InfeasibleReason, INFEASIBLE_REASONS, type TuneConstraints, type TuneResult } from './evaluate';
import type { TuneFigures } from './figures';
import { TuneAccumulator, type TuneReport, type TuneTiming } from './report';
import type { CostScaler } from './scaling';
import { type TuneRequest, type TuneSpace, choiceAt, inShard } from './space';

/**
 * A shard's output (`pipescope tune --shard I/N`, docs/tune.md): JSON lines. The first line is the
 * header (the scenario, the request, the constraints, which shard), then one line per evaluated
 * configuration in the order they finished, then a summary line that says the shard ran to the
 * end. mergeShards() checks that the shards belong together and are complete, and builds the same
 * report as one unsharded run.
 */
export const SHARD_FORMAT = 'pipescope-tune-shard';
export const SHARD_VERSION = 1;

export interface Shard {
  index: number;
  count: number;
}

export interface ShardHeader {
  type: 'header';
  format: typeof SHARD_FORMAT;
  version: number;
  /** The PipeScope version that wrote it; shards of different versions may not agree. */
  pipescope: string | null;
  shard: Shard;
  scenario: Scenario;
  request: TuneRequest;
  constraints: TuneConstraints;
  size: number;
}

export function headerLine(h: Omit<ShardHeader, 'type' | 'format' | 'version'>): string {
  return `${JSON.stringify({ type: 'header', format: SHARD_FORMAT, version: SHARD_VERSION, ...h })}\n`;
}

export function resultLine(r: TuneResult): string {
  return `${JSON.stringify({ type: 'result', ...r })}\n`;
}

export function summaryLine(evaluated: number, timing: TuneTiming): string {
  return `${JSON.stringify({ type: 'summary', evaluated, elapsedMs: timing.elapsedMs, jobs: timing.jobs })}\n`;
}

/** How many indices of a space of `size` fall in a shard. */
export function shardSize(size: number, shard: Shard): number {
  const first = shard.index - 1;
  return first >= size ? 0 : Math.floor((size - 1 - first) / shard.count) + 1;
}

export interface ShardFile {
  name: string;
  text: string;
}

/** A problem with one line of one shard file (line 0: the file as a whole). */
export interface ShardError {
  source: string;
  line: number;
  message: string;
}

/** How merging rebuilds a run's space from a header: the same as the run did (core/tune/run.ts). */
export type SpaceOf = (
  scenario: Scenario,
  request: TuneRequest,
) => { ok: true; space: TuneSpace; scaler: CostScaler } | { ok: false; message: string };

export interface Merged {
  report: TuneReport;
  base: Scenario;
  scaler: CostScaler;
  timing: TuneTiming;
  shards: number;
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isNumOrNull = (x: unknown) => x === null || isNum(x);

function figuresOk(f: unknown): f is TuneFigures {
  if (f === null || typeof f !== 'object') return false;
  const x = f as Record<string, unknown>;
  return (
    isNum(x.makespan) &&
    isNum(x.peakMemory) &&
    isNum(x.peakActivation) &&
    isNumOrNull(x.bubble) &&
    isNumOrNull(x.exposedCommMean) &&
    isNumOrNull(x.exposedCommMax) &&
    isNumOrNull(x.topIdleMs) &&
    (x.topIdleCause === null || typeof x.topIdleCause === 'string')
  );
}

/** The part of a header that every shard of one run shares. */
function runKey(h: ShardHeader): string {
  return JSON.stringify([h.scenario, h.request, h.constraints, h.shard.count, h.size]);
}

/**
 * Combines the shard files of one run into its report. Every problem comes back with its file and
 * line: a line that is not JSON, a header from another run or another PipeScope, a shard missing
 * or given twice, a shard that did not finish, a configuration outside its shard or given twice.
 */
export function mergeShards(
  files: readonly ShardFile[],
  spaceOf: SpaceOf,
): { ok: true; merged: Merged } | { ok: false; errors: ShardError[] } {
  const errors: ShardError[] = [];
  const headers: { file: ShardFile; header: ShardHeader; lines: string[] }[] = [];
  for (const file of files) {
    const lines = file.text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const first = lines.length > 0 ? parseJsonText(lines[0]) : null;
    const h = first?.ok ? (first.value as Partial<ShardHeader>) : null;
    if (h?.type !== 'header' || h.format !== SHARD_FORMAT) {
      errors.push({
        source: file.name,
        line: 1,
        message: `not a tune shard: its first line must be the header a pipescope tune --shard run writes`,
      });
      continue;
    }
    if (h.version !== SHARD_VERSION) {
      errors.push({
        source: file.name,
        line: 1,
        message: `shard format version ${h.version}; this PipeScope reads version ${SHARD_VERSION}`,
      });
      continue;
    }
    headers.push({ file, header: h as ShardHeader, lines });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (headers.length === 0)
    return { ok: false, errors: [{ source: '(merge)', line: 0, message: 'no shard files' }] };

  const first = headers[0];
  const key = runKey(first.header);
  for (const { file, header } of headers.slice(1)) {
    if (runKey(header) !== key)
      errors.push({
        source: file.name,
        line: 1,
        message: `belongs to another run than ${first.file.name} (its scenario, axes, constraints or shard count differ)`,
      });
    else if (header.pipescope !== first.header.pipescope)
      errors.push({
        source: file.name,
        line: 1,
        message: `written by PipeScope ${header.pipescope}, ${first.file.name} by ${first.header.pipescope}; run every shard with one version`,
      });
  }
  const count = first.header.shard.count;
  const seen = new Map<number, string>();
  for (const { file, header } of headers) {
    const i = header.shard.index;
    if (seen.has(i))
      errors.push({ source: file.name, line: 1, message: `shard ${i}/${count} is also in ${seen.get(i)}` });
    else seen.set(i, file.name);
  }
  const missing = [];
  for (let i = 1; i <= count; i++) if (!seen.has(i)) missing.push(i);
  if (missing.length > 0)
    errors.push({
      source: '(merge)',
      line: 0,
      message: `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} missing`,
    });
  if (errors.length > 0) return { ok: false, errors };

  const resolved = spaceOf(first.header.scenario, first.header.request);
  if (!resolved.ok)
    return { ok: false, errors: [{ source: first.file.name, line: 1, message: resolved.message }] };
  const { space, scaler } = resolved;
  if (space.size !== first.header.size)
    return {
      ok: false,
      errors: [
        {
          source: first.file.name,
          line: 1,
          message: `its space had ${first.header.size} configurations; this PipeScope makes ${space.size} of it (another version or other schedules registered)`,
        },
      ],
    };
  const acc = new TuneAccumulator(space, first.header.constraints);
  let elapsedMs = 0;
  let jobs = 0;
  for (const { file, header, lines } of headers) {
    const done = new Set<number>();
    let summary: { evaluated: number; elapsedMs: number; jobs: number } | null = null;
    const fail = (line: number, message: string) => errors.push({ source: file.name, line, message });
    for (let n = 1; n < lines.length; n++) {
      const parsed = parseJsonText(lines[n]);
      if (!parsed.ok) {
        fail(n + 1, `not JSON: ${parsed.error.message}`);
        continue;
      }
      const v = parsed.value as Record<string, unknown>;
      if (summary) {
        fail(n + 1, 'a line after the summary line');
        continue;
      }
      if (v.type === 'summary') {
        if (!isNum(v.evaluated) || !isNum(v.elapsedMs) || !isNum(v.jobs))
          fail(n + 1, 'a malformed summary line');
        else summary = { evaluated: v.evaluated, elapsedMs: v.elapsedMs, jobs: v.jobs };
        continue;
      }
      const r = readResult(v, space, header.shard);
      if (typeof r === 'string') fail(n + 1, r);
      else if (done.has(r.index)) fail(n + 1, `configuration ${r.index} is given twice`);
      else {
        done.add(r.index);
        acc.add(r);
      }
    }
    const expected = shardSize(space.size, header.shard);
    if (!summary)
      fail(
        lines.length,
        `shard ${header.shard.index}/${count} did not finish (no summary line): run it again`,
      );
    else if (summary.evaluated !== done.size || done.size !== expected)
      fail(
        lines.length,
        `shard ${header.shard.index}/${count} holds ${done.size} configurations, its summary says ${summary.evaluated}, the shard has ${expected}`,
      );
    else {
      elapsedMs += summary.elapsedMs;
      jobs = Math.max(jobs, summary.jobs);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    merged: {
      report: acc.report(),
      base: first.header.scenario,
      scaler,
      timing: { elapsedMs, jobs },
      shards: count,
    },
  };
}

/** A result line read back, or what is wrong with it. */
function readResult(v: Record<string, unknown>, space: TuneSpace, shard: Shard): TuneResult | string {
  if (v.type !== 'result') return `unknown line type ${JSON.stringify(v.type)}`;
  const index = v.index;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= space.size)
    return `index ${JSON.stringify(index)} is not a configuration of the space (0..${space.size - 1})`;
  if (!inShard(index, shard))
    return `configuration ${index} does not belong to shard ${shard.index}/${shard.count}`;
  const choice = choiceAt(space, index);
  if (JSON.stringify(choice) !== JSON.stringify(v.choice))
    return `configuration ${index} is ${JSON.stringify(choice)} in this space, not ${JSON.stringify(v.choice)}`;
  const reason = v.reason;
  if (reason !== null && !INFEASIBLE_REASONS.includes(reason as InfeasibleReason))
    return `unknown reason ${JSON.stringify(reason)}`;
  if (v.message !== null && typeof v.message !== 'string') return 'a malformed message';
  if (v.figures !== null && !figuresOk(v.figures)) return 'malformed figures';
  if (v.figures === null && (reason === null || reason === 'memory' || reason === 'activationLimit'))
    return 'figures missing';
  return {
    index,
    choice,
    reason: reason as InfeasibleReason | null,
    message: v.message as string | null,
    figures: v.figures as TuneFigures | null,
  };
}
