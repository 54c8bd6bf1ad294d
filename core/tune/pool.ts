import type { TuneResult } from './evaluate';
import { BlockQueue, type FromTuneWorker, type ToTuneWorker, type TunePlan, tuneWorkerHandler } from './run';

/**
 * Runs a plan on several workers at once: each gets the plan, then blocks of the shard's
 * positions, one at a time, the next as soon as it answers (a slow block, ZB-V's cost-aware
 * search, does not hold the others up). Results reach `onResults` as blocks finish, in no
 * particular order. The app (Web Workers) and the CLI (worker threads) wrap their workers in
 * TuneWorkerLike; tests and pages without workers use inlineWorker().
 */
export interface TuneWorkerLike {
  post(m: ToTuneWorker): void;
  /** Called once, before the first post. */
  listen(onMessage: (m: FromTuneWorker) => void, onFailure: (message: string) => void): void;
  terminate(): void;
}

export interface TuneRun {
  /** Resolves when every block has been evaluated (cancelled: false) or after cancel() (true). */
  done: Promise<{ cancelled: boolean }>;
  /** Stops handing out blocks and ends every worker; results already delivered stay delivered. */
  cancel(): void;
}

export function runTunePool(
  plan: TunePlan,
  total: number,
  workers: readonly TuneWorkerLike[],
  onResults: (results: TuneResult[]) => void,
): TuneRun {
  const queue = new BlockQueue(total);
  let busy = 0;
  let finished = false;
  let settle: (r: { cancelled: boolean }) => void = () => {};
  let fail: (e: Error) => void = () => {};
  const done = new Promise<{ cancelled: boolean }>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const end = (cancelled: boolean, error?: Error) => {
    if (finished) return;
    finished = true;
    for (const w of workers) w.terminate();
    if (error) fail(error);
    else settle({ cancelled });
  };
  const feed = (w: TuneWorkerLike) => {
    const block = queue.next();
    if (block) {
      busy++;
      w.post({ type: 'block', ...block });
    } else if (busy === 0) end(false);
  };
  for (const w of workers) {
    w.listen(
      (m) => {
        if (finished) return;
        if (m.type === 'error') return end(false, new Error(m.message));
        busy--;
        onResults(m.results);
        feed(w);
      },
      (message) => end(false, new Error(message)),
    );
    w.post({ type: 'plan', plan });
  }
  if (total === 0) end(false);
  else for (const w of workers) feed(w);
  return { done, cancel: () => end(true) };
}

/**
 * A worker that evaluates on the calling thread, answering each message in a microtask: for tests
 * and the command line's in-process runs (it does not yield to a page's rendering).
 */
export function inlineWorker(): TuneWorkerLike {
  let handle: ((m: ToTuneWorker) => void) | null = null;
  let alive = true;
  return {
    listen(onMessage) {
      handle = tuneWorkerHandler((m) => {
        if (alive) onMessage(m);
      });
    },
    post(m) {
      Promise.resolve().then(() => {
        if (alive) handle?.(m);
      });
    },
    terminate() {
      alive = false;
    },
  };
}
