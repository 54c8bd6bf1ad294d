/// <reference lib="webworker" />
// Runs core off the UI thread: the analysis (so a large scenario shows "computing..." instead of
// freezing the page), and opening and saving documents (so a large file does not freeze it
// either). Results are structured-cloned back (typed arrays and strings copy fast).
// First: zod must be configured before core/format builds its schemas, here as on the page
// (see ../zod-config.ts).
import '../zod-config';
import { documentText, openDocument } from './document';
import { runAnalysis } from './engine';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { sweep } from './sweep';

const post = (m: WorkerResponse) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  try {
    switch (req.type) {
      case 'analyze':
        post({ id: req.id, type: 'analyze', result: runAnalysis(req.scenario, req.schedule) });
        return;
      case 'sweep': {
        const points = sweep(req.scenario, req.schedules, req.microbatches, (done, total) =>
          post({ id: req.id, type: 'progress', done, total }),
        );
        post({ id: req.id, type: 'sweep', points });
        return;
      }
      case 'open':
        post({ id: req.id, type: 'open', result: openDocument(req.data) });
        return;
      case 'save':
        post({ id: req.id, type: 'save', text: documentText(req.scenario, req.kept) });
        return;
    }
  } catch (err) {
    post({ id: req.id, type: 'crash', message: err instanceof Error ? err.message : String(err) });
  }
};
