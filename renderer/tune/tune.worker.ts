/// <reference lib="webworker" />
// One worker of a Find best run: evaluates the blocks of configurations the page sends it with
// core's tuner (the same handler as the command line's worker threads).
import { type ToTuneWorker, tuneWorkerHandler } from '../../core/tune/run';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = tuneWorkerHandler((m) => scope.postMessage(m));
scope.onmessage = (e: MessageEvent<ToTuneWorker>) => handle(e.data);
