/**
 * What Save refuses to write: text that core/format's loadScenario rejects. The page produces the
 * text with saveScenario, so this only fails for a bug or a compromised page; either way the file
 * on disk is not replaced by something PipeScope could not open again.
 *
 * The check runs in a worker thread, never on the main process's own thread: parsing and
 * validating a large scenario takes seconds (a 13 MB file with many unknown fields took 7.6 s on
 * our machines), and the main process also runs every window's input, menus and dialogs, so while
 * it parses the whole app stops answering. The worker has its own heap limit, so a document that
 * exhausts memory ends the worker, not the app, and a deadline ends a check that takes too long.
 */
import { Worker } from 'node:worker_threads';
import type { LoadResult } from '../../core/format/scenario-file';

export type ScenarioCheck = { ok: true } | { ok: false; error: string };

export function checkScenarioTextWith(load: (text: string) => LoadResult, text: string): ScenarioCheck {
  const result = load(text);
  if (result.ok) return { ok: true };
  const shown = result.errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`);
  const more = result.errors.length > 3 ? ` (and ${result.errors.length - 3} more)` : '';
  return { ok: false, error: `${shown.join('; ')}${more}` };
}

/**
 * Long enough for a scenario at the size cap on a slow machine (loading is linear in the file
 * size), short enough that a save stuck on a pathological document ends with a message.
 */
export const CHECK_DEADLINE_MS = 60_000;
/** The worker's heap: a few times the largest document (32 MB of text) parsed into objects. */
export const CHECK_HEAP_MB = 1024;

/** The part of node:worker_threads' Worker used here. */
export interface CheckWorker {
  on(event: 'message', listener: (value: unknown) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

function isScenarioCheck(x: unknown): x is ScenarioCheck {
  if (x === null || typeof x !== 'object') return false;
  const r = x as { ok?: unknown; error?: unknown };
  return r.ok === true || (r.ok === false && typeof r.error === 'string');
}

/**
 * Runs one check in a worker started by `start` (which hands it the text) and ends the worker
 * afterwards. Never rejects: a worker that fails, exits or overruns the deadline is a refusal
 * that says so.
 */
export function checkInWorker(
  start: () => Promise<CheckWorker>,
  deadlineMs: number = CHECK_DEADLINE_MS,
): Promise<ScenarioCheck> {
  return new Promise<ScenarioCheck>((resolve) => {
    let worker: CheckWorker | null = null;
    let settled = false;
    const finish = (result: ScenarioCheck) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker?.terminate().catch(() => {});
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ ok: false, error: `checking the scenario took longer than ${deadlineMs / 1000} s` }),
      deadlineMs,
    );
    start().then(
      (w) => {
        worker = w;
        if (settled) {
          void w.terminate().catch(() => {});
          return;
        }
        w.on('message', (value) =>
          finish(isScenarioCheck(value) ? value : { ok: false, error: 'the scenario check gave no answer' }),
        );
        w.on('error', (error) =>
          finish({ ok: false, error: `the scenario could not be checked (${error.message})` }),
        );
        w.on('exit', (code) =>
          finish({ ok: false, error: `the scenario check stopped before answering (exit code ${code})` }),
        );
      },
      (error: unknown) =>
        finish({
          ok: false,
          error: `the scenario could not be checked (${error instanceof Error ? error.message : String(error)})`,
        }),
    );
  });
}

/**
 * The checker main uses: each check in a new worker running `loadSource()`'s code (the bundled
 * scenario-check-worker.cjs, read once). The code is evaluated rather than loaded by path so that
 * it works the same from the packaged app's asar archive as from a checkout.
 */
export function createScenarioChecker(
  loadSource: () => Promise<string>,
  limits: { heapMb?: number; deadlineMs?: number } = {},
): (text: string) => Promise<ScenarioCheck> {
  let source: Promise<string> | null = null;
  return (text) =>
    checkInWorker(async () => {
      source ??= loadSource();
      let code: string;
      try {
        code = await source;
      } catch (error) {
        source = null; // try reading it again next time
        throw error;
      }
      return new Worker(code, {
        eval: true,
        workerData: text,
        resourceLimits: { maxOldGenerationSizeMb: limits.heapMb ?? CHECK_HEAP_MB },
      });
    }, limits.deadlineMs);
}
