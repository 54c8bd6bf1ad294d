import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, buildCliAndTempDir, runBin } from './built-binary.test-helper';

// `pipescope tune` as users run it: the built binary with real worker threads, shard files on disk.
const _root = ROOT;
const _bin = BIN;
let dir: string;

const run = (...args: string[]) => runBin(dir, args);

const AXES = [
  '--schedules',
  '1f1b,zb-h1,zb-v,interleaved-1f1b',
  '--microbatches',
  '4..12',
  '--chunks',
  '2,3',
];

function withoutTiming(j: Record<string, unknown>) {
  const { elapsedMs: _e, configsPerSecond: _c, jobs: _j, ...rest } = j;
  return rest;
}

beforeAll(() => {
  dir = buildCliAndTempDir('tune');
  writeFileSync(
    join(dir, 's.json'),
    JSON.stringify({
      format: 'pipescope-scenario',
      version: 1,
      devices: 4,
      microbatches: 8,
      memory: { capacity: 8e9 },
    }),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the built pipescope tune', () => {
  it('gives the same report on two worker threads as on one', () => {
    const one = run('tune', 's.json', ...AXES, '--jobs', '1', '--json');
    const two = run('tune', 's.json', ...AXES, '--jobs', '2', '--json');
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    expect(a.jobs).toBe(1);
    expect(b.jobs).toBe(2);
    expect(a.evaluated).toBe(9 * (2 + 2 + 2 + 2 * 2));
    expect(withoutTiming(b)).toEqual(withoutTiming(a));
  });

  it('runs shards into files that --merge combines into the unsharded report', () => {
    const whole = JSON.parse(run('tune', 's.json', ...AXES, '--json').stdout);
    for (const i of [1, 2]) {
      const r = run('tune', 's.json', ...AXES, '--shard', `${i}/2`);
      expect(r.code).toBe(0);
      writeFileSync(join(dir, `part-${i}.jsonl`), r.stdout);
    }
    const m = run('tune', '--merge', 'part-1.jsonl', 'part-2.jsonl', '--json');
    expect(m.code).toBe(0);
    expect(withoutTiming(JSON.parse(m.stdout))).toEqual(withoutTiming(whole));
  });
});
