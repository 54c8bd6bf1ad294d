import { describe, expect, it } from 'vitest';
import { OP_KIND, type ReadResult, type TraceFile, readTrace } from './reader';
import { TraceBuilder, syntheticTraceText, textChunks } from './synthetic';

function sample(): TraceBuilder {
  const b = new TraceBuilder({ pid: 77, rank: 3, worldSize: 8 });
  b.annotation('step', 1000, 500);
  b.annotation('注意力(F)', 1010, 100);
  b.cpuOp('aten::mm', 1020, 30);
  b.kernel('gemm "big"\\kernel', { stream: 7, launch: 1030, start: 1040, dur: 60 });
  b.kernel('ncclDevKernel_AllToAll', { stream: 27, launch: 1050, start: 1100, dur: 200 });
  b.orphanKernel('Memset (Device)', { stream: 7, start: 1200, dur: 3, flowAt: 1150 });
  b.gpuAnnotation('step', { stream: 7, start: 1040, dur: 163 });
  return b;
}

async function read(text: string, chunk: number): Promise<TraceFile> {
  const r = await readTrace(textChunks(text, chunk));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.trace;
}

function errorOf(r: ReadResult): { path: string; message: string } {
  if (r.ok) throw new Error('expected an error');
  expect(r.errors).toHaveLength(1);
  return r.errors[0];
}

describe('readTrace on a synthetic trace', () => {
  it('keeps exactly the events the figures need, with the values JSON.parse sees', async () => {
    const b = sample();
    const text = b.text();
    const doc = JSON.parse(text) as { traceEvents: Record<string, unknown>[] };
    const t = await read(text, 1 << 20);
    expect(t.events).toBe(doc.traceEvents.length);
    expect(t.rank).toBe(3);
    expect(t.worldSize).toBe(8);
    expect(t.devices).toEqual([{ id: 0, name: 'Synthetic GPU', sms: 132, memoryBytes: 85899345920 }]);
    // origin: the first kept timestamp (the 'step' annotation at 1000 us)
    expect(t.originUs).toBe(1000);
    expect(t.annotations.count).toBe(2);
    expect(Array.from(t.annotations.start)).toEqual([0, 0.01]);
    expect(Array.from(t.annotations.end)).toEqual([0.5, 0.11]);
    expect(Array.from(t.annotations.name, (k) => t.names[k])).toEqual(['step', '注意力(F)']);
    expect(t.launches.count).toBe(2);
    expect(Array.from(t.launches.ts)).toEqual([0.03, 0.05]);
    expect(t.flows.count).toBe(1);
    expect(t.flows.ts[0]).toBeCloseTo(0.15, 12);
    expect(t.ops.count).toBe(3);
    expect(Array.from(t.ops.name, (k) => t.names[k])).toEqual([
      'gemm "big"\\kernel',
      'ncclDevKernel_AllToAll',
      'Memset (Device)',
    ]);
    expect(Array.from(t.ops.stream)).toEqual([7, 27, 7]);
    expect(Array.from(t.ops.device)).toEqual([0, 0, 0]);
    expect(Array.from(t.ops.kind)).toEqual([OP_KIND.kernel, OP_KIND.kernel, OP_KIND.kernel]);
    expect(t.ops.start[1]).toBeCloseTo(0.1, 12);
    expect(t.ops.end[1]).toBeCloseTo(0.3, 12);
    expect(t.gpuAnnotations.count).toBe(1);
    expect(t.warnings).toEqual([]);
  });

  it('reads the same columns whatever the chunk size (cuts inside strings, numbers and keys)', async () => {
    const text = sample().text();
    const whole = await read(text, text.length);
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const t = await read(text, size);
      expect(t.events).toBe(whole.events);
      expect(t.ops).toEqual(whole.ops);
      expect(t.annotations).toEqual(whole.annotations);
      expect(t.launches).toEqual(whole.launches);
      expect(t.flows).toEqual(whole.flows);
      expect(t.names).toEqual(whole.names);
    }
  });

  it('decodes byte chunks cut inside multi-byte characters', async () => {
    const bytes = new TextEncoder().encode(sample().text());
    const pieces: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 5) pieces.push(bytes.subarray(i, i + 5));
    const r = await readTrace(pieces);
    expect(r.ok && r.trace.names).toContain('注意力(F)');
    expect(r.ok && r.trace.bytes).toBe(bytes.length);
  });

  it('reads the categories and track labels of early Kineto traces', async () => {
    const text = `{"traceEvents": [
      {"ph": "X", "cat": "Runtime", "name": "cudaLaunchKernel", "pid": 9, "tid": 9, "ts": 10, "dur": 4, "args": {"correlation": 5}},
      {"ph": "X", "cat": "Kernel", "name": "k", "pid": 0, "tid": "stream 7", "ts": 20, "dur": 3, "args": {"correlation": 5}},
      {"ph": "X", "cat": "Memcpy", "name": "Memcpy HtoD", "pid": "GPU 1", "tid": "stream 8 ", "ts": 30, "dur": 2}]}`;
    const t = await read(text, 11);
    expect(t.launches.count).toBe(1);
    expect(Array.from(t.ops.stream)).toEqual([7, 8]);
    expect(Array.from(t.ops.device)).toEqual([0, 1]);
    expect(Array.from(t.ops.kind)).toEqual([OP_KIND.kernel, OP_KIND.memcpy]);
  });

  it('reads the bare-array form of Chrome traces', async () => {
    const events = JSON.parse(sample().text()).traceEvents;
    const t = await read(JSON.stringify(events), 10);
    expect(t.ops.count).toBe(3);
    expect(t.rank).toBeNull();
  });

  it('dates the trace from baseTimeNanoseconds plus the first timestamp, or from Unix-time timestamps', async () => {
    const rel = `{"baseTimeNanoseconds": 1700000000000000000, "traceEvents": [{"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, "ts": 2000000, "dur": 1}]}`;
    expect((await read(rel, 50)).startDate).toBe(new Date(1700000000000 + 2000).toISOString());
    const abs = `{"traceEvents": [{"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, "ts": 1682725898236567, "dur": 1}]}`;
    expect((await read(abs, 50)).startDate).toBe(new Date(1682725898236.567).toISOString());
    const none = `{"traceEvents": [{"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, "ts": 5, "dur": 1}]}`;
    expect((await read(none, 50)).startDate).toBeNull();
  });

  it('keeps the precision of large timestamps by measuring from the first one', async () => {
    // Unix-time microseconds: as absolute ms these would be 1.7e12, where a double's step is 0.24 us.
    const text = `{"traceEvents": [
      {"ph": "X", "cat": "kernel", "name": "a", "pid": 0, "tid": 7, "ts": 1682725898236567, "dur": 0.001},
      {"ph": "X", "cat": "kernel", "name": "b", "pid": 0, "tid": 7, "ts": 1682725898236568, "dur": 2.5}]}`;
    const t = await read(text, 16);
    expect(t.ops.start[0]).toBe(0);
    expect(t.ops.end[0]).toBeCloseTo(0.000001, 15);
    expect(t.ops.start[1]).toBe(0.001);
    expect(t.ops.end[1]).toBeCloseTo(0.0035, 15);
  });

  it('holds at most about one chunk of text while it reads a large trace', async () => {
    const chunks = [...syntheticTraceText(3_000_000, 64 * 1024)];
    let peak = 0;
    const r = await readTrace(chunks, { onProgress: (p) => (peak = Math.max(peak, p.bufferedChars)) });
    expect(r.ok).toBe(true);
    const longest = Math.max(...chunks.map((c) => c.length));
    expect(peak).toBeLessThan(longest + 4096);
    expect(r.ok && r.trace.events).toBeGreaterThan(8000);
  });

  it('reports progress after every chunk, ending at the whole input', async () => {
    const text = sample().text();
    const seen: number[] = [];
    await readTrace(textChunks(text, 100), { onProgress: (p) => seen.push(p.bytes) });
    expect(seen).toHaveLength(Math.ceil(text.length / 100));
    expect(seen.at(-1)).toBe(text.length);
    expect(seen.every((v, i) => i === 0 || v > seen[i - 1])).toBe(true);
  });

  it('stops between chunks when cancelled and says so', async () => {
    const signal = { aborted: false };
    const r = await readTrace(textChunks(sample().text(), 50), {
      signal,
      onProgress: (p) => {
        if (p.bytes >= 200) signal.aborted = true;
      },
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.cancelled).toBe(true);
    expect(errorOf(r).message).toMatch(/cancelled after \d+ events \(200 bytes\)/);
  });

  it('ignores events with a negative duration, with a warning naming the first', async () => {
    const text = `{"traceEvents": [{"ph": "X", "cat": "cpu_op", "name": "x", "pid": 1, "tid": 1, "ts": 0, "dur": 1},
      {"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, "ts": 5, "dur": -1},
      {"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, "ts": 6, "dur": 2}]}`;
    const t = await read(text, 9);
    expect(t.ops.count).toBe(1);
    expect(t.warnings).toEqual(['1 event(s) with a negative dur were ignored (the first: traceEvents[1])']);
  });

  it('accepts an event list the profiler did not close, with a warning', async () => {
    const text = `{"traceEvents": [{"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, "ts": 6, "dur": 2},\n`;
    const t = await read(text, 9);
    expect(t.truncated).toBe(true);
    expect(t.ops.count).toBe(1);
    expect(t.warnings[0]).toMatch(/not closed/);
  });
});

describe('readTrace on bad input', () => {
  const kernel = (fields: string) =>
    `{"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, ${fields}}`;
  const doc = (...events: string[]) => `{"traceEvents": [${events.join(',\n')}]}`;
  const ok = kernel('"ts": 1, "dur": 1');

  async function readError(text: string, chunk = 13) {
    return errorOf(await readTrace(textChunks(text, chunk)));
  }

  it('names the event index and field of a wrong type', async () => {
    const e = await readError(doc(ok, ok, kernel('"ts": "1", "dur": 1')));
    expect(e).toEqual({ path: 'traceEvents[2].ts', message: 'must be a number (got "1")' });
    const c = await readError(doc(ok, kernel('"ts": 1, "dur": 1, "args": {"correlation": [1]}')));
    expect(c).toEqual({ path: 'traceEvents[1].args.correlation', message: 'must be a number (got [1])' });
  });

  it('names the event index and missing field', async () => {
    const e = await readError(doc(ok, kernel('"dur": 1')));
    expect(e.path).toBe('traceEvents[1].ts');
    expect(e.message).toMatch(/^missing: a kernel event needs ts/);
    const p = await readError(
      doc(`{"ph": "X", "cat": "kernel", "name": "k", "pid": "GPU", "tid": 7, "ts": 1, "dur": 1}`),
    );
    expect(p).toEqual({
      path: 'traceEvents[0].pid',
      message: `a kernel event's pid is its device number (got "GPU")`,
    });
  });

  it('names the event index and the character where the JSON breaks', async () => {
    const text = doc(ok, `{"ph": "X", "cat": "kernel" "name": "k"}`);
    const e = await readError(text);
    expect(e.path).toBe('traceEvents[1]');
    const at = text.indexOf('"name": "k"}');
    expect(e.message).toBe(`expected ',' or '}' after a field, found "\\"" (at character ${at})`);
  });

  it('says when the file ends inside an event', async () => {
    const e = await readError(`{"traceEvents": [${ok}, {"ph": "X", "cat": "ker`);
    expect(e.path).toBe('traceEvents[1]');
    expect(e.message).toMatch(/^the text ends inside this event \(a truncated file\?\)/);
  });

  it('says when the text is not a trace', async () => {
    expect((await readError('')).message).toMatch(/the file is empty/);
    expect((await readError('"hello"')).message).toMatch(/a trace is a JSON object/);
    expect(await readError('{"schemaVersion": 1}')).toEqual({
      path: 'traceEvents',
      message: 'missing: a PyTorch profiler trace is a JSON object with a "traceEvents" array',
    });
    expect((await readError('{"traceEvents": {}}')).message).toMatch(/^traceEvents must be an array/);
    expect((await readError(`{"traceEvents": [1]}`)).message).toMatch(
      /each element of traceEvents is an event object/,
    );
    expect((await readError(`${doc(ok)} x`)).message).toMatch(/unexpected text after the end of the trace/);
  });

  it('checks distributedInfo.rank', async () => {
    const e = await readError(`{"distributedInfo": {"rank": "zero"}, "traceEvents": []}`);
    expect(e).toEqual({ path: 'distributedInfo.rank', message: 'must be a whole number >= 0 (got "zero")' });
  });

  it('skips fields and events it does not use without judging them', async () => {
    const text = doc(
      `{"ph": "X", "cat": "cpu_op", "name": 5, "pid": [], "ts": "soon", "args": {"x": [[1, 2], {"y": "}]"}]}}`,
      `{"ph": "i", "s": "g", "name": "Iteration Start", "pid": "Traces", "tid": "Trace", "ts": 1}`,
      ok,
    );
    const t = await readTrace(textChunks(text, 4));
    expect(t.ok && t.trace.ops.count).toBe(1);
  });
});
