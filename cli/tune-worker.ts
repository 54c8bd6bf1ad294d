// A worker thread of `pipescope tune` (cli/tune-threads.ts starts it): evaluates the blocks of
// configurations it is sent with core's tuner, one message per block.
import { parentPort } from 'node:worker_threads';
import { type ToTuneWorker, tuneWorkerHandler } from '../core/tune/run';

const port = parentPort;
if (port) {
  const handle = tuneWorkerHandler((m) => port.postMessage(m));
  port.on('message', (m: ToTuneWorker) => handle(m));
}
