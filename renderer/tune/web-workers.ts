import { type TuneWorkerLike, inlineWorker } from '../../core/tune/pool';
import type { FromTuneWorker } from '../../core/tune/run';

/** Most Web Workers one run starts, however many cores the machine reports. */
const MAX_WORKERS = 16;

/** How many workers a run uses: one per logical core the browser reports (at least 1). */
export function workerCount(): number {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 0;
  return Math.max(1, Math.min(MAX_WORKERS, n || 2));
}

/**
 * n Web Workers running tune.worker.ts, as core's pool drives them; where the page cannot start
 * module workers (jsdom), the configurations run on the page instead (inlineWorker).
 */
export function webWorkers(n: number): TuneWorkerLike[] {
  if (typeof Worker === 'undefined') return [inlineWorker()];
  return Array.from({ length: n }, () => {
    const w = new Worker(new URL('./tune.worker.ts', import.meta.url), { type: 'module', name: 'tune' });
    return {
      listen(onMessage, onFailure) {
        w.onmessage = (e: MessageEvent<FromTuneWorker>) => onMessage(e.data);
        w.onerror = (e) => onFailure(e.message || 'a Find best worker failed to start');
      },
      post: (m) => w.postMessage(m),
      terminate: () => w.terminate(),
    };
  });
}
