import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, buildCliAndTempDir, runBin } from './built-binary.test-helper';

// The built command line, run as users run it: real process, real files, real exit codes.
const root = ROOT;
const bin = BIN;
let dir: string;

const run = (...args: string[]) => runBin(dir, args);

beforeAll(() => {
  dir = buildCliAndTempDir('cli');
  writeFileSync(join(dir, 'ok.json'), '{"format": "pipescope-scenario", "version": 1, "devices": 2}\n');
  writeFileSync(join(dir, 'bad.json'), '{"format": "pipescope-scenario", "version": 1, "devices": "two"}\n');
  // 64 devices x 512 micro-batches under 1F1B: 65,536 ops, a CSV of a few MB, far more than a pipe holds.
  writeFileSync(
    join(dir, 'big.json'),
    '{"format": "pipescope-scenario", "version": 1, "devices": 64, "microbatches": 512}\n',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the built pipescope binary', () => {
  it('starts with a node shebang', () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('loads for `schedules` only its own chunk and what it imports: no schema library, loader or exporter', () => {
    // The files Node reads for `pipescope schedules`: the entry, the chunk its dynamic import names,
    // and every chunk those import statically (esbuild keeps a comment naming each source file).
    const read = (f: string) => readFileSync(join(root, 'dist/cli', f), 'utf8');
    const staticImports = (text: string, dir: string) =>
      [...text.matchAll(/^import [^;]*? from "\.\/([^"]+)";/gms)].map((m) => dir + m[1]);
    const entry = read('pipescope.mjs');
    const command = /import\("\.\/(chunks\/schedules-[^"]+)"\)/.exec(entry)![1];
    const loaded = new Map<string, string>([['pipescope.mjs', entry]]);
    const queue = [command, ...staticImports(entry, '')];
    while (queue.length > 0) {
      const f = queue.pop()!;
      if (loaded.has(f)) continue;
      const text = read(f);
      loaded.set(f, text);
      queue.push(...staticImports(text, 'chunks/'));
    }
    const code = [...loaded.values()].join('\n');
    expect(code).toContain('// cli/commands/schedules.ts');
    expect(code).toContain('// core/schedules/registry.ts');
    expect(code).not.toContain('ZodError');
    expect(code).not.toContain('// core/format/scenario-file.ts');
    expect(code).not.toContain('// core/export/');
  });

  it('exits 0 and prints one JSON object for simulate --json', () => {
    const r = run('simulate', 'ok.json', '--schedule', 'gpipe', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).devices).toBe(2);
    expect(r.stderr).toBe(''); // stderr is a pipe here: no progress
  });

  it('exits 1 listing errors with their paths for an invalid file', () => {
    const r = run('validate', 'ok.json', 'bad.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ok.json: ok');
    expect(r.stdout).toContain('bad.json: devices: expected a number (got "two")');
  });

  it('exits 2 with a one-line error for a bad flag', () => {
    const r = run('simulate', '--microbatches', '0');
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--microbatches');
  });

  it('writes output files whole, leaving no temporary file behind', () => {
    const r = run('render', 'ok.json', '-o', 'out.svg');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'out.svg'), 'utf8')).toMatch(/<\/svg>\s*$/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('exits quietly with status 0 when the reader of its output goes away (| head -1)', () => {
    // A real pipe: head reads the first line and exits while pipescope is still writing.
    const script =
      '{ "$0" "$1" export big.json --format csv -o - 2>err.txt; echo $? >status.txt; } | head -1';
    const r = spawnSync('sh', ['-c', script, process.execPath, bin], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout).toBe('device,index,kind,microbatch,chunk,stage,pair,start_ms,end_ms,duration_ms\r\n');
    expect(readFileSync(join(dir, 'status.txt'), 'utf8').trim()).toBe('0');
    expect(readFileSync(join(dir, 'err.txt'), 'utf8')).toBe('');
  });

  it("reads a gzipped profiler trace with `trace --json`: the DDP fixture's NCCL stream is communication", () => {
    const fixture = join(root, 'core/trace/fixtures/ddp-2rank-rank0.json.gz');
    const r = run('trace', fixture, '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.format).toBe('pipescope-trace-summary');
    expect(j.files[0].events).toBe(40573);
    const rank = j.ranks[0];
    expect(rank.streams.map((s: { id: number; role: string }) => [s.id, s.role])).toEqual([
      [7, 'compute'],
      [40, 'comm'],
    ]);
    // exposed communication is communication with no computation beside it
    expect(rank.exposedCommMs).toBeCloseTo(rank.commMs - rank.overlapMs, 6);
  });

  it('names the event and field of a malformed trace and exits 1', () => {
    writeFileSync(
      join(dir, 'bad-trace.json'),
      '{"traceEvents": [{"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, "ts": "soon", "dur": 1}]}',
    );
    const r = run('trace', 'bad-trace.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('bad-trace.json: traceEvents[0].ts: must be a number (got "soon")\n');
  });

  it('derives a scenario from presets (-o) that simulate then runs; models and gpus print one JSON object', () => {
    const r = run(
      'derive',
      ...['--model', 'mixtral-8x7b', '--gpu', 'h100-sxm', '--pp', '4', '--tp', '2', '--dp', '8', '--ep', '8'],
      ...['--seq', '4096', '--micro-batch-size', '1', '--global-batch', '64', '--json', '-o', 'mixtral.json'],
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.iteration.gpus).toBe(64);
    const sim = run('simulate', 'mixtral.json', '--json');
    expect(sim.code).toBe(0);
    expect(JSON.parse(sim.stdout).makespan).toBeCloseTo(report.iteration.timeMs, 6);
    expect(JSON.parse(run('models', '--json').stdout).models.length).toBeGreaterThan(3);
    expect(JSON.parse(run('gpus', '--json').stdout).gpus.length).toBeGreaterThan(3);
  });

  it('exits 1 when the output cannot be written', () => {
    const r = run('export', 'ok.json', '--format', 'csv', '-o', join(dir, 'no-such-dir', 'x.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^.*x\.csv: \(root\): cannot write the file: ENOENT/);
  });

  it('stops reading /dev/zero at the 32 MB cap (it read 15 GB before checking) and exits 1 with one line', () => {
    const r = run('validate', '/dev/zero');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      '/dev/zero: (root): cannot read the file: it gave more than 33,554,432 bytes; scenario files are at most that\n',
    );
  });

  it('refuses the trace of a scenario at the ops cap with one line instead of dying out of memory', () => {
    // 1F1B, 38 devices x 65,536 micro-batches: 4,980,736 ops; the trace used to abort at 5 GB of heap.
    writeFileSync(
      join(dir, 'cap.json'),
      '{"format": "pipescope-scenario", "version": 1, "devices": 38, "microbatches": 65536}',
    );
    const r = run('export', 'cap.json', '--format', 'chrome-trace', '-o', 'cap.trace.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^cap\.json: microbatches: the Chrome trace of this scenario would be more than 570\.0 MB \(4,980,736 slices\), and PipeScope writes at most 256\.0 MB in one export: use fewer micro-batches or devices\n$/,
    );
  });
});
