import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrace } from '../core/trace/reader';
import type { TraceSummaryJson } from '../core/trace/summary';
import { runCli } from './commands';
import { nodeIO } from './io';
import { cancelOnInterrupt, openTraceFile } from './trace-io';

const dir = mkdtempSync(join(tmpdir(), 'pipescope-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = readFileSync(new URL('../core/trace/fixtures/moe-128rank-rank0.json.gz', import.meta.url));

function captureIO() {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    ...nodeIO('test'),
    stdout: (t: string) => void out.push(t),
    stderr: (t: string) => void err.push(t),
    stderrIsTTY: false,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('reading trace files from disk', () => {
  it('gunzips by content (not by name) and reads the same trace as the plain file', async () => {
    const plain = join(dir, 'rank0.json');
    const gz = join(dir, 'rank0.trace'); // gzipped, without a .gz name
    writeFileSync(plain, gunzipSync(fixture));
    writeFileSync(gz, fixture);
    const a = openTraceFile(plain);
    const b = openTraceFile(gz);
    const [ra, rb] = [await readTrace(a.chunks), await readTrace(b.chunks, { decoder: new TextDecoder() })];
    if (!ra.ok || !rb.ok) throw new Error('expected traces');
    expect(rb.trace.events).toBe(4855);
    expect(rb.trace.ops).toEqual(ra.trace.ops);
    expect(rb.trace.names).toEqual(ra.trace.names);
    // position() counts the file's own (compressed) bytes, against size
    expect([b.position?.(), b.size]).toEqual([fixture.length, fixture.length]);
  });

  it('runs pipescope trace on a gzipped file end to end with the Node IO', async () => {
    const gz = join(dir, 'moe.json.gz');
    writeFileSync(gz, fixture);
    const t = captureIO();
    expect(await runCli(['trace', gz, '--json'], t.io)).toBe(0);
    const j = JSON.parse(t.stdout()) as TraceSummaryJson;
    expect(j.ranks.map((r) => [r.rank, r.streams.filter((s) => s.role === 'comm').map((s) => s.id)])).toEqual(
      [[0, [84, 203]]],
    );
  });

  it('reports corrupt gzip data and a missing file as unreadable', async () => {
    const bad = join(dir, 'bad.json.gz');
    // a gzip header, then a deflate block of the reserved type 3: "invalid block type"
    writeFileSync(bad, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff]));
    const t = captureIO();
    expect(await runCli(['trace', bad], t.io)).toBe(1);
    expect(t.stderr()).toBe(`${bad}: (root): cannot read the file: invalid block type\n`);
    const u = captureIO();
    expect(await runCli(['trace', join(dir, 'none.json')], u.io)).toBe(1);
    expect(u.stderr()).toMatch(/none\.json: \(root\): cannot read the file: ENOENT/);
  });

  it('aborts its signal on the first Ctrl-C, and leaves the second to Node once disposed', () => {
    const before = process.listenerCount('SIGINT');
    const c = cancelOnInterrupt();
    expect(c.signal.aborted).toBe(false);
    process.emit('SIGINT');
    expect(c.signal.aborted).toBe(true);
    // `once`: the listener is gone after the first Ctrl-C, so a second one ends the process
    expect(process.listenerCount('SIGINT')).toBe(before);
    const d = cancelOnInterrupt();
    d.dispose();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
