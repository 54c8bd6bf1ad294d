// `pipescope tune`: the fastest configuration within the memory budget, the Pareto front of
// iteration time vs peak memory, over worker threads; --shard writes JSON lines, --merge combines
// them. See docs/tune.md.
import type { Scenario } from '../../core/model/scenario';
import {
  type CostScaler,
  type Shard,
  type ShardFile,
  TuneAccumulator,
  type TuneConstraints,
  type TuneRequest,
  type TuneResult,
  type TuneWorkerLike,
  WHOLE,
  etaMs,
  headerLine,
  inlineWorker,
  mergeShards,
  planSpace,
  resultLine,
  runTunePool,
  shardSize,
  summaryLine,
  tuneReportToJSON,
} from '../../core/tune';
import {
  type CliIO,
  type CommandInput,
  EXIT_CANCELLED,
  EXIT_INVALID,
  EXIT_OK,
  EXIT_USAGE,
  type Flags,
  type Progress,
} from '../command-context';
import { readTextFile, resolveScenario } from '../scenario-input';
import { tuneReportText } from '../tune-text';

/** Progress is rewritten at most every PROGRESS_MS (and the Ctrl-C signal polled as often). */
const PROGRESS_MS = 100;

/** The flag each axis of the request comes from, for errors about an axis. */
const AXIS_FLAGS: Record<string, string> = {
  schedules: '--schedules',
  microbatches: '--microbatches',
  chunks: '--chunks',
  pairing: '--pairing',
  smReserved: '--sm-reserved',
  activationBudget: '--activation-budget',
  recompute: '--recompute',
  space: 'the space',
};

function requestOf(flags: Flags): TuneRequest {
  const r: TuneRequest = {};
  if (flags.schedules) r.schedules = flags.schedules;
  if (flags.microbatchList) r.microbatches = flags.microbatchList;
  if (flags.chunkList) r.chunks = flags.chunkList;
  if (flags.pairingList) r.pairing = flags.pairingList;
  if (flags.smReserved) r.smReserved = flags.smReserved;
  if (flags.activationBudgets) r.activationBudget = flags.activationBudgets;
  if (flags.recomputeList) r.recompute = flags.recomputeList;
  return r;
}

/**
 * `pipescope tune SCENARIO [axes] [--capacity B] [--activation-limit B] [--jobs N] [--shard I/N]
 * [--json]` and `pipescope tune --merge FILES... [--json]`. Exit 0, 1 (an unreadable or invalid
 * scenario or shard file), 2 (bad flags, an axis that cannot be swept), 130 (Ctrl-C).
 */
export async function run(
  { positionals, flags }: CommandInput,
  io: CliIO,
  progress: Progress,
): Promise<number> {
  if (flags.merge) return merge(positionals, flags, io);
  if (positionals.length > 1) {
    io.stderr(
      `pipescope: tune takes one SCENARIO (got ${positionals.length} files); to combine shard files use tune --merge FILES...\n`,
    );
    return EXIT_USAGE;
  }
  const r = resolveScenario(positionals[0], {}, io);
  if (!r.ok) return EXIT_INVALID;
  const base: Scenario = r.scenario;
  if (flags.capacity !== undefined) base.memory.capacity = flags.capacity;
  const request = requestOf(flags);
  const plan = planSpace(base, request);
  if (!plan.ok) {
    for (const e of plan.errors) io.stderr(`pipescope: ${AXIS_FLAGS[e.path] ?? e.path}: ${e.message}\n`);
    return EXIT_USAGE;
  }
  const constraints: TuneConstraints = {
    capacity: base.memory.capacity,
    activationLimit: flags.activationLimit ?? null,
  };
  const shard = flags.shard ?? WHOLE;
  const total = shardSize(plan.space.size, shard);
  const jobs = Math.max(1, Math.min(flags.jobs ?? io.cpus ?? 1, total));
  const sharded = flags.shard !== undefined;
  if (sharded)
    io.stdout(
      headerLine({
        pipescope: io.version ?? null,
        shard,
        scenario: base,
        request,
        constraints,
        size: plan.space.size,
      }),
    );
  const acc = new TuneAccumulator(plan.space, constraints);
  const now = io.now ?? Date.now;
  const started = now();
  const outcome = await evaluate(
    { base, request, constraints, shard },
    total,
    jobs,
    io,
    progress,
    (results) => {
      for (const x of results) {
        acc.add(x);
        if (sharded) io.stdout(resultLine(x));
      }
    },
  );
  const timing = { elapsedMs: now() - started, jobs };
  if (outcome === 'cancelled') {
    io.stderr(
      `pipescope: tune cancelled after ${acc.evaluated.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} configurations${sharded ? ' (the shard has no summary line, so --merge refuses it)' : ''}\n`,
    );
    return EXIT_CANCELLED;
  }
  if (outcome !== 'done') {
    io.stderr(`pipescope: tune failed in a worker: ${outcome}\n`);
    return EXIT_INVALID;
  }
  if (sharded) {
    io.stdout(summaryLine(acc.evaluated, timing));
    return EXIT_OK;
  }
  return print(acc, base, plan.scaler, timing, flags, io, r.source);
}

/** Runs the shard's configurations on `jobs` workers; 'done', 'cancelled' or a worker's error. */
async function evaluate(
  plan: { base: Scenario; request: TuneRequest; constraints: TuneConstraints; shard: Shard },
  total: number,
  jobs: number,
  io: CliIO,
  progress: Progress,
  onResults: (results: TuneResult[]) => void,
): Promise<'done' | 'cancelled' | string> {
  const workers: TuneWorkerLike[] = io.tuneWorkers
    ? io.tuneWorkers(jobs)
    : Array.from({ length: jobs }, () => inlineWorker());
  const now = io.now ?? Date.now;
  const started = now();
  let done = 0;
  let shown = Number.NEGATIVE_INFINITY;
  const cancel = io.cancelOnInterrupt?.();
  const pool = runTunePool({ ...plan }, total, workers, (results) => {
    done += results.length;
    onResults(results);
    if (cancel?.signal.aborted) pool.cancel();
    const t = now();
    if (t - shown < PROGRESS_MS) return;
    shown = t;
    progress.step(progressText(done, total, t - started, jobs));
  });
  // Ctrl-C is a flag the signal raises: look at it after each block, and while a long block runs.
  const poll = cancel ? setInterval(() => cancel.signal.aborted && pool.cancel(), PROGRESS_MS) : null;
  try {
    const r = await pool.done;
    return r.cancelled ? 'cancelled' : 'done';
  } catch (e) {
    return (e as Error).message;
  } finally {
    if (poll) clearInterval(poll);
    cancel?.dispose();
    progress.done();
  }
}

export function progressText(done: number, total: number, elapsedMs: number, jobs: number): string {
  const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
  const rate = elapsedMs > 0 ? Math.round((done / elapsedMs) * 1000) : 0;
  const eta = etaMs(done, total, elapsedMs);
  const left = eta === null ? '' : `, about ${Math.ceil(eta / 1000)} s left`;
  return `tune: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} configurations (${pct}%), ${rate.toLocaleString('en-US')}/s on ${jobs} thread${jobs > 1 ? 's' : ''}${left}; Ctrl-C cancels`;
}

function print(
  acc: TuneAccumulator,
  base: Scenario,
  scaler: CostScaler,
  timing: { elapsedMs: number; jobs: number },
  flags: Flags,
  io: CliIO,
  source: string,
): number {
  const report = acc.report();
  if (flags.json) io.stdout(`${JSON.stringify(tuneReportToJSON(report, base, scaler, timing))}\n`);
  else io.stdout(tuneReportText(report, base, scaler, timing, source));
  return EXIT_OK;
}

/** `tune --merge FILES...`: the shards' JSON lines combined into the report of the whole run. */
function merge(paths: string[], flags: Flags, io: CliIO): number {
  const ignored = (
    [
      'schedules',
      'microbatchList',
      'chunkList',
      'pairingList',
      'smReserved',
      'activationBudgets',
      'recompute',
      'capacity',
      'activationLimit',
      'jobs',
      'shard',
    ] as const
  ).filter((k) => flags[k] !== undefined);
  if (ignored.length > 0) {
    io.stderr(
      'pipescope: tune --merge takes only shard files (and --json): the axes and constraints are in the shards\n',
    );
    return EXIT_USAGE;
  }
  const files: ShardFile[] = [];
  for (const p of paths) {
    // read as scenario files are: at most LIMITS.fileBytes, decoded by the byte-order mark
    const text = readTextFile(io, p);
    if (text === null) return EXIT_INVALID;
    files.push({ name: p, text });
  }
  const merged = mergeShards(files, (scenario, request) => {
    const p = planSpace(scenario, request);
    return p.ok ? p : { ok: false, message: p.errors.map((e) => `${e.path}: ${e.message}`).join('; ') };
  });
  if (!merged.ok) {
    for (const e of merged.errors) io.stderr(`${e.source}${e.line > 0 ? `:${e.line}` : ''}: ${e.message}\n`);
    return EXIT_INVALID;
  }
  const m = merged.merged;
  const report = m.report;
  if (flags.json) io.stdout(`${JSON.stringify(tuneReportToJSON(report, m.base, m.scaler, m.timing))}\n`);
  else io.stdout(tuneReportText(report, m.base, m.scaler, m.timing, `${m.shards} shards`));
  return EXIT_OK;
}
