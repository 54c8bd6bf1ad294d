/// <reference lib="webworker" />
// Runs core's analysis off the UI thread so a large scenario shows "computing..." instead of
// freezing the page. Results are structured-cloned back (typed arrays copy fast).
import { sweep } from './sweep';
import { runAnalysis } from './engine';
import { referenceAnalysis } from './reference';
import type { WorkerRequest, WorkerResponse } from './protocol';

const post = (m: WorkerResponse) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  try {
    if (req.type === 'analyze') {
      post({ id: req.id, type: 'analyze', result: runAnalysis(req.scenario, req.schedule) });
    } else if (req.type === 'reference') {
      post({ id: req.id, type: 'reference', result: referenceAnalysis(req.scenario, req.schedule) });
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
