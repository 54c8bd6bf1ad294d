import { describe, expect, it } from 'vitest';
import type { Scenario } from '../model/scenario';
import type { TuneConstraints } from './evaluate';
import { tuneReportToJSON } from './report';
import { type TunePlan, TuneWorkerState, planSpace } from './run';
import { type ShardFile, headerLine, mergeShards, resultLine, shardSize, summaryLine } from './shards';
import type { TuneRequest } from './space';
import { fourDevices, runInline } from './tune.test-helper';

const GiB = 2 ** 30;
const base: Scenario = fourDevices();
const request: TuneRequest = {
  schedules: ['gpipe', '1f1b', 'zb-h1', 'zb-h2', 'zb-v', 'dualpipe', 'interleaved-1f1b'],
  microbatches: [4, 8, 12, 16],
  chunks: [2, 4],
};
const constraints: TuneConstraints = { capacity: 9 * GiB, activationLimit: null };

const spaceOf = (s: Scenario, r: TuneRequest) => {
  const p = planSpace(s, r);
  return p.ok ? p : { ok: false as const, message: p.errors[0].message };
};

/** Shard `index` of `count` as `pipescope tune --shard` writes it, results in a scrambled order. */
function shardFile(index: number, count: number, opts: { finish?: boolean } = {}): ShardFile {
  const plan: TunePlan = { base, request, constraints, shard: { index, count } };
  const p = planSpace(base, request);
  if (!p.ok) throw new Error('plan');
  const n = shardSize(p.space.size, plan.shard);
  const results = new TuneWorkerState(plan).block(0, n);
  // workers finish blocks in any order: write them back to front
  const lines = [
    headerLine({
      pipescope: '0.1.0',
      shard: plan.shard,
      scenario: base,
      request,
      constraints,
      size: p.space.size,
    }),
  ];
  for (const r of results.reverse()) lines.push(resultLine(r));
  if (opts.finish !== false) lines.push(summaryLine(n, { elapsedMs: 100, jobs: 2 }));
  return { name: `shard-${index}.jsonl`, text: lines.join('') };
}

function withoutTiming(j: Record<string, unknown>) {
  const { elapsedMs: _e, configsPerSecond: _c, jobs: _j, ...rest } = j;
  return rest;
}

describe('sharded runs', () => {
  it('split the space into slices that cover every configuration once', () => {
    const p = planSpace(base, request);
    if (!p.ok) throw new Error('plan');
    const size = p.space.size;
    expect([1, 2, 3].map((i) => shardSize(size, { index: i, count: 3 })).reduce((a, b) => a + b)).toBe(size);
    expect(shardSize(2, { index: 3, count: 3 })).toBe(0);
  });

  it('merged, give the report of one unsharded run', () => {
    const whole = runInline({ base, request, constraints });
    const merged = mergeShards([shardFile(2, 3), shardFile(3, 3), shardFile(1, 3)], spaceOf);
    if (!merged.ok) throw new Error(JSON.stringify(merged.errors));
    const m = merged.merged;
    expect(m.report.evaluated).toBe(whole.space.size);
    const a = tuneReportToJSON(whole.report, base, m.scaler, { elapsedMs: 1, jobs: 1 });
    const b = tuneReportToJSON(m.report, m.base, m.scaler, m.timing);
    expect(withoutTiming(b)).toEqual(withoutTiming(a));
    expect(b.best).not.toBeNull();
    expect(m.timing).toEqual({ elapsedMs: 300, jobs: 2 });
  });

  it('refuse to merge a missing shard, a shard given twice, an unfinished one, and another run', () => {
    const err = (files: ShardFile[]) => {
      const r = mergeShards(files, spaceOf);
      return r.ok ? [] : r.errors.map((e) => `${e.source}:${e.line}: ${e.message}`);
    };
    expect(err([shardFile(1, 3), shardFile(3, 3)])).toEqual(['(merge):0: shard 2 of 3 missing']);
    expect(err([shardFile(1, 2), shardFile(1, 2), shardFile(2, 2)])[0]).toMatch(
      /shard 1\/2 is also in shard-1.jsonl/,
    );
    expect(err([shardFile(1, 2), shardFile(2, 2, { finish: false })])[0]).toMatch(
      /shard-2.jsonl:\d+: shard 2\/2 did not finish/,
    );
    const other = shardFile(2, 2);
    other.text = other.text.replace('"capacity":9663676416', '"capacity":1');
    expect(err([shardFile(1, 2), other])[0]).toMatch(/shard-2.jsonl:1: belongs to another run/);
  });

  it('name the file and line of a broken line', () => {
    const f = shardFile(1, 1);
    const lines = f.text.split('\n');
    lines[3] = '{"type": "result", "index": 2,';
    const r = mergeShards([{ name: 'a.jsonl', text: lines.join('\n') }], spaceOf);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ source: 'a.jsonl', line: 4 });
    expect(r.errors[0].message).toMatch(/^not JSON/);
    const notShard = mergeShards([{ name: 'x.json', text: '{"format": "pipescope-scenario"}\n' }], spaceOf);
    expect(notShard.ok ? null : notShard.errors[0].message).toMatch(/not a tune shard/);
  });

  it('check that each line is the configuration its index names', () => {
    const f = shardFile(1, 1);
    const text = f.text.replace(
      /"schedule":"gpipe","microbatches":4,/,
      '"schedule":"gpipe","microbatches":5,',
    );
    const r = mergeShards([{ name: 'a.jsonl', text }], spaceOf);
    expect(r.ok ? null : r.errors[0].message).toMatch(/configuration \d+ is .* in this space, not/);
  });
});
