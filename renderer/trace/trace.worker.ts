/// <reference lib="webworker" />
// Reads profiler traces off the UI thread (a 500 MB trace takes seconds) and keeps them, so that
// changing the mapping or a stream's role re-summarizes without reading the file again.
import { TraceEngine } from './trace-engine';
import type { TraceRequest, TraceResponse } from './trace-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const engine = new TraceEngine((m: TraceResponse) => scope.postMessage(m));

scope.onmessage = (event: MessageEvent<TraceRequest>) => void engine.handle(event.data);
