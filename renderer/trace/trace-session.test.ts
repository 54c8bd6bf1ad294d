import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PAIR_ORDER_ENTRIES } from '../../core/model/costs';
import { PAIR_LAYER_US, TraceBuilder, pairLayerTrace } from '../../core/trace/synthetic';
import { TraceClient, type TraceSource } from './trace-client';
import { TraceSession } from './trace-session';

/** The session over the engine run on the page (no worker in Node). */
const session = () => new TraceSession(new TraceClient(null));

const blobOf = (name: string, data: string | Uint8Array): TraceSource => {
  const blob = new Blob([data as BlobPart]);
  return { name, size: blob.size, blob };
};

/** The desktop's way: raw bytes pulled in 100-byte chunks by offset. */
const chunked = (name: string, data: Uint8Array): TraceSource => ({
  name,
  size: data.length,
  readChunk: async (offset) =>
    offset >= data.length ? null : Uint8Array.prototype.slice.call(data, offset, offset + 100),
});

const us = (name: string) => PAIR_LAYER_US.find(([n]) => n === name)![1];

describe('the trace session', () => {
  it('reads a DeepSeek-style pair and measures its parts with the default names', async () => {
    const s = session();
    await s.open([blobOf('pair.json', pairLayerTrace({ rank: 3 }).text())], null);
    const st = s.getState();
    expect(st.status).toBe('ready');
    expect(st.summary!.ranks.map((r) => r.rank)).toEqual([3]);
    expect(st.summary!.partsMeasured).toEqual([...PAIR_ORDER_ENTRIES]);
    // one kernel per part, of PAIR_LAYER_US microseconds
    expect(st.summary!.parts!.forward.attention).toBe(us('attn(F)') / 1000);
    expect(st.summary!.parts!.backward.mlpWeight).toBe(us('mlp(W)') / 1000);
  });

  it('reads gzipped bytes pulled by offset (the desktop path) to the same summary', async () => {
    const text = pairLayerTrace().text();
    const a = session();
    const b = session();
    await a.open([blobOf('pair.json', text)], null);
    await b.open([chunked('pair.json', gzipSync(text))], null);
    expect(b.getState().summary!.ranks).toEqual(a.getState().summary!.ranks);
    expect(b.getState().summary!.files[0].bytes).toBe(text.length);
  });

  it('re-summarizes when a name is mapped to another part, or to none', async () => {
    const s = session();
    await s.open([blobOf('pair.json', pairLayerTrace().text())], null);
    await s.setPartRule('attn(W)', null);
    expect(s.getState().summary!.partsMeasured).not.toContain('attention-weight-grad(B)');
    expect(s.getState().mapping.parts).toEqual({ 'attn(W)': null });
    await s.setPartRule('attn(W)', undefined);
    expect(s.getState().summary!.partsMeasured).toContain('attention-weight-grad(B)');
    expect(s.getState().mapping.parts).toBeUndefined();
  });

  it('lets the user set a stream role for one rank, and the figures follow', async () => {
    const s = session();
    await s.open([blobOf('pair.json', pairLayerTrace().text())], null);
    const before = s.getState().summary!.ranks[0];
    expect(before.streams.find((x) => x.id === 27)!.role).toBe('comm');
    await s.setStreamRole(0, 27, 'compute');
    const after = s.getState().summary!.ranks[0];
    expect(after.streams.find((x) => x.id === 27)).toMatchObject({ role: 'compute', roleFrom: 'override' });
    // every GPU op now computes: communication time is gone, computation is their union
    expect(after.commMs).toBe(0);
    expect(after.computeMs).toBeCloseTo(before.computeMs + before.commMs, 9);
  });

  it('names the event index and field of a malformed trace', async () => {
    const s = session();
    const bad =
      '{"traceEvents": [{"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, "ts": 1, "dur": "long"}]}';
    await s.open([blobOf('bad.json', bad)], null);
    expect(s.getState().status).toBe('failed');
    expect(s.getState().failure).toEqual({
      source: 'bad.json',
      errors: [{ path: 'traceEvents[0].dur', message: 'must be a number (got "long")' }],
      cancelled: false,
    });
  });

  it('says plainly that a trace without GPU events has none', async () => {
    const b = new TraceBuilder();
    b.annotation('step', 0, 50);
    const s = session();
    await s.open([blobOf('cpu.json', b.text())], null);
    expect(s.getState().failure!.errors[0].path).toBe('traceEvents');
    expect(s.getState().failure!.errors[0].message).toMatch(
      /^no GPU events \(kernel, gpu_memcpy or gpu_memset\)/,
    );
  });

  it('stops a read when cancelled', async () => {
    const s = session();
    const text = new TextEncoder().encode(pairLayerTrace().text());
    let release: () => void = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    // The second chunk waits until the test has cancelled.
    const slow: TraceSource = {
      name: 'slow.json',
      size: text.length,
      readChunk: async (offset) => {
        if (offset > 0) await released;
        return offset >= text.length ? null : text.slice(offset, offset + 50);
      },
    };
    const done = s.open([slow], null);
    expect(s.getState().status).toBe('reading');
    s.cancel();
    release();
    await done;
    expect(s.getState().status).toBe('failed');
    expect(s.getState().failure!.cancelled).toBe(true);
  });

  it('cuts one rank out as a timeline whose ops carry the part of their annotation', async () => {
    const s = session();
    await s.open([blobOf('pair.json', pairLayerTrace().text())], null);
    s.setTab('overlay');
    await new Promise((r) => setTimeout(r, 0));
    await vitestUntil(() => s.getState().timeline !== null);
    const t = s.getState().timeline!;
    expect(t.streams).toEqual([
      { id: 7, role: 'compute' },
      { id: 27, role: 'comm' },
    ]);
    expect(t.count).toBe(10);
    // the GPU runs the ten kernels back to back from 0: the window is their summed time
    expect(t.makespan).toBeCloseTo(PAIR_LAYER_US.reduce((n, [, x]) => n + x, 0) / 1000, 9);
    const attn = [...Array(t.count).keys()].find((i) => t.names[t.annotation[i]] === 'attn(F)')!;
    expect(PAIR_ORDER_ENTRIES[t.entry[attn]]).toBe('attention(F)');
  });
});

async function vitestUntil(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}
