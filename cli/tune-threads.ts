// The Node edge of `pipescope tune`: its workers as worker threads running dist/cli/tune-worker.mjs.
import { Worker } from 'node:worker_threads';
import type { TuneWorkerLike } from '../core/tune/pool';

/** n worker threads of the bundled tune worker (`script`: dist/cli/tune-worker.mjs). */
export function threadWorkers(script: URL, n: number): TuneWorkerLike[] {
  return Array.from({ length: n }, () => {
    const w = new Worker(script);
    let ended = false;
    return {
      listen(onMessage, onFailure) {
        w.on('message', onMessage);
        w.on('error', (e) => onFailure(`worker thread: ${e.message}`));
        w.on('exit', (code) => {
          if (!ended && code !== 0) onFailure(`worker thread exited with code ${code}`);
        });
      },
      post: (m) => w.postMessage(m),
      terminate() {
        ended = true;
        void w.terminate();
      },
    };
  });
}
