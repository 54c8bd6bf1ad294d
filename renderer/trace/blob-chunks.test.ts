import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../core/trace/reader';
import { TraceBuilder } from '../../core/trace/synthetic';
import { blobTraceChunks } from './blob-chunks';

function trace(): string {
  const b = new TraceBuilder({ rank: 2 });
  b.annotation('attn(F)', 0, 100);
  b.kernel('flash_fwd', { stream: 7, launch: 10, start: 20, dur: 300 });
  return b.text();
}

describe('reading a trace File in the browser', () => {
  it('reads a plain and a gzipped file (detected by content) to the same trace', async () => {
    const text = trace();
    const plain = new Blob([text]);
    const gz = new Blob([gzipSync(text)]);
    const a = await readTrace(await blobTraceChunks(plain));
    const b = await readTrace(await blobTraceChunks(gz));
    if (!a.ok || !b.ok) throw new Error('expected traces');
    expect(b.trace.rank).toBe(2);
    expect(b.trace.ops).toEqual(a.trace.ops);
    expect(b.trace.bytes).toBe(new TextEncoder().encode(text).length);
  });

  it('stops reading when cancelled', async () => {
    const r = await readTrace(await blobTraceChunks(new Blob([trace()])), { signal: { aborted: true } });
    expect(!r.ok && r.cancelled).toBe(true);
  });
});
