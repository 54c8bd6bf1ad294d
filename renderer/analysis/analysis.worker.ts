/// <reference lib="webworker" />
// Runs core's analysis off the UI thread so a large scenario shows "computing..." instead of
// freezing the page. Results are structured-cloned back (typed arrays copy fast).
import { sweep } from './sweep';
import { runAnalysis } from './engine';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { transferablesOf } from './transferables';

const post = (m: WorkerResponse, transfer: Transferable[] = []) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(m, transfer);

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  try {
    if (req.type === 'analyze') {
      // The result is not kept here: its typed arrays move to the page rather than being copied.
      const result = runAnalysis(req.scenario, req.schedule);
      post({ id: req.id, type: 'analyze', result }, transferablesOf(result));
    } else {
      const points = sweep(req.scenario, req.schedules, req.microbatches, (done, total) =>
        post({ id: req.id, type: 'progress', done, total }),
      );
      post({ id: req.id, type: 'sweep', points });
    }
  } catch (err) {
    post({ id: req.id, type: 'crash', message: err instanceof Error ? err.message : String(err) });
  }
};
