/// <reference lib="webworker" />
// Runs core off the UI thread: the analysis (so a large scenario shows "computing..." instead of
// freezing the page), and opening and saving documents (so a large file does not freeze it
// either). Results are structured-cloned back (typed arrays and strings copy fast).
// First: zod must be configured before core/format builds its schemas, here as on the page
// (see ../zod-config.ts).
import '../zod-config';
import { documentText, openDocument } from './document';
import { runAnalysis } from './engine';
import { referenceAnalysis } from './reference';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { sweep } from './sweep';
import { transferablesOf } from './transferables';

const post = (m: WorkerResponse, transfer: Transferable[] = []) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(m, transfer);

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  try {
    switch (req.type) {
      case 'analyze': {
        // The result is not kept here: its typed arrays move to the page rather than being copied.
        const result = runAnalysis(req.scenario, req.schedule);
        post({ id: req.id, type: 'analyze', result }, transferablesOf(result));
        return;
      }
      case 'reference': {
        const result = referenceAnalysis(req.scenario, req.schedule);
        post({ id: req.id, type: 'reference', result }, transferablesOf(result));
        return;
      }
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
