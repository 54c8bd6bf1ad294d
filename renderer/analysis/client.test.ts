import { describe, expect, it } from 'vitest';
import example from '../../examples/deepseek-v3.json';
import { loadScenario } from '../../core/format/scenario-file';
import type { Scenario } from '../../core/model/scenario';
import { AnalysisChannel, SupersededError } from './client';
import type { WorkerRequest, WorkerResponse } from './protocol';

/** A worker that answers only when the test says so, recording what it was sent. */
class FakeWorker {
  onmessage: ((e: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  received: WorkerRequest[] = [];
  terminated = false;
  postMessage(req: WorkerRequest): void {
    this.received.push(req);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Answers the k-th request it received, as the real worker answers a reference request. */
  answer(k: number): void {
    const req = this.received[k];
    this.onmessage?.({
      data: { id: req.id, type: 'reference', result: { result: null, partsNote: null } },
    } as MessageEvent<WorkerResponse>);
  }
}

function channel() {
  const workers: FakeWorker[] = [];
  const c = new AnalysisChannel(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  return { c, workers };
}

function deepSeek(): Scenario {
  const r = loadScenario(JSON.stringify(example));
  if (!r.ok) throw new Error('the example loads');
  return r.scenario;
}

/** A scenario whose schedules run about 10 x 4,096 x 3 ops: far more than the page analyses inline. */
const large = (): Scenario => ({ ...deepSeek(), parts: null, devices: 4, microbatches: 4096 });

describe('AnalysisChannel', () => {
  it('queues a request behind a small one in flight in the same worker, and drops the stale answer', async () => {
    const { c, workers } = channel();
    const first = c.reference(deepSeek(), '1f1b');
    const second = c.reference({ ...deepSeek(), microbatches: 62 }, '1f1b');
    await expect(first).rejects.toBeInstanceOf(SupersededError);
    expect(workers).toHaveLength(1);
    expect(workers[0].terminated).toBe(false);
    expect(workers[0].received.map((r) => r.type === 'reference' && r.scenario.microbatches)).toEqual([
      64, 62,
    ]);
    let settled = false;
    void second.then(() => {
      settled = true;
    });
    workers[0].answer(0); // the superseded request's answer: not the second's
    await Promise.resolve();
    expect(settled).toBe(false);
    workers[0].answer(1);
    await expect(second).resolves.toEqual({ result: null, partsNote: null });
  });

  it('terminates the worker of a large request in flight and starts a fresh one for the next', async () => {
    const { c, workers } = channel();
    const first = c.reference(large(), '1f1b');
    const second = c.reference(deepSeek(), '1f1b');
    await expect(first).rejects.toBeInstanceOf(SupersededError);
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    workers[1].answer(0);
    await expect(second).resolves.toEqual({ result: null, partsNote: null });
  });

  it('starts a fresh worker when small requests pile up behind one that does not answer', async () => {
    const { c, workers } = channel();
    const requests = Array.from({ length: 5 }, (_, k) =>
      c.reference({ ...deepSeek(), microbatches: 40 + k }, '1f1b'),
    );
    for (const r of requests.slice(0, 4)) await expect(r).rejects.toBeInstanceOf(SupersededError);
    // Four wait in the first worker (one running, three queued); the fifth goes to a fresh one.
    expect(workers.map((w) => w.received.length)).toEqual([4, 1]);
    expect(workers[0].terminated).toBe(true);
    workers[1].answer(0);
    await expect(requests[4]).resolves.toEqual({ result: null, partsNote: null });
  });

  it('cancel stops the request in flight even when it is small', async () => {
    const { c, workers } = channel();
    const r = c.reference(deepSeek(), '1f1b');
    c.cancel();
    await expect(r).rejects.toBeInstanceOf(SupersededError);
    expect(workers[0].terminated).toBe(true);
  });
});
