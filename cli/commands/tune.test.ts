import { describe, expect, it } from 'vitest';
import { parseArgs } from '../args';
import { runCli } from '../commands';
import { memoryIO } from '../memory-io.test-helper';

const GiB = 2 ** 30;
/** P = 4, m0 = 8, uneven costs, a P2P cost, 7.5 GiB per device (the core tests' small scenario). */
const scenario = JSON.stringify({
  format: 'pipescope-scenario',
  version: 1,
  devices: 4,
  microbatches: 8,
  costs: { forward: 1, backwardInput: 1.25, backwardWeight: 0.75 },
  p2p: { time: 0.2, occupiesComm: false },
  memory: { capacity: 7.5 * GiB },
});
const AXES = [
  '--schedules',
  'gpipe,1f1b,interleaved-1f1b,zb-h2,dualpipe',
  '--microbatches',
  '4,8,16',
  '--chunks',
  '1,2',
];

function withoutTiming(j: Record<string, unknown>) {
  const { elapsedMs: _e, configsPerSecond: _c, jobs: _j, ...rest } = j;
  return rest;
}

async function tune(args: string[], files: Record<string, string> = { 's.json': scenario }) {
  const t = memoryIO(files);
  const code = await runCli(['tune', ...args], t.io);
  return { code, out: t.stdout(), err: t.stderr(), files };
}

describe('pipescope tune', () => {
  it('--json prints one object with the contract fields, and the best config applied to the file simulates to its makespan', async () => {
    const r = await tune(['s.json', ...AXES, '--json']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0]);
    for (const k of ['space', 'evaluated', 'feasible', 'infeasible', 'best', 'pareto', 'configsPerSecond'])
      expect(j).toHaveProperty(k);
    expect(j.evaluated).toBe(39);
    expect(j.feasible + Object.values<number>(j.infeasible).reduce((a, b) => a + b, 0)).toBe(39);
    expect(j.space.perSchedule.map((s: { configurations: number }) => s.configurations)).toEqual([
      6, 6, 6, 18, 3,
    ]);
    // apply best.config to the scenario file (jq's `*` merges the same way) and simulate it
    const file = JSON.parse(scenario);
    const merged = mergeDeep(file, j.best.config);
    const sim = memoryIO({ 'best.json': JSON.stringify(merged) });
    expect(await runCli(['simulate', 'best.json', '--json'], sim.io)).toBe(0);
    expect(JSON.parse(sim.stdout()).makespan).toBe(Math.round(j.best.makespan * 1e6) / 1e6);
  });

  it('prints the best, the Pareto front and the refusals as text', async () => {
    const r = await tune(['s.json', ...AXES]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^39 configurations of 5 schedules in/m);
    expect(r.out).toMatch(/^best: zb-h2, m 16/m);
    expect(r.out).toMatch(/Pareto front, iteration time vs peak memory/);
    expect(r.out).toMatch(
      /dualpipe: microbatches: DualPipe needs at least 2 x devices = 8 micro-batches; got 4 \(1 configuration\)/,
    );
  });

  it('--capacity too small for anything says which constraint bites and by how much', async () => {
    const r = await tune(['s.json', ...AXES, '--capacity', '4.5GiB']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /no configuration is feasible:\n {2}memory: the lowest peak memory of any configuration that runs is [\d.]+ GiB, [\d.]+ GiB over the limit of 4.50 GiB/,
    );
  });

  it('--shard writes JSON lines; --merge of every shard prints the unsharded report', async () => {
    const whole = JSON.parse((await tune(['s.json', ...AXES, '--json'])).out);
    const files: Record<string, string> = { 's.json': scenario };
    for (const i of [1, 2, 3]) {
      const r = await tune(['s.json', ...AXES, '--shard', `${i}/3`], files);
      expect(r.code).toBe(0);
      const lines = r.out
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines[0]).toMatchObject({ type: 'header', shard: { index: i, count: 3 } });
      expect(lines.at(-1)).toMatchObject({ type: 'summary', evaluated: 13 });
      files[`${i}.jsonl`] = r.out;
    }
    const m = await tune(['--merge', '3.jsonl', '1.jsonl', '2.jsonl', '--json'], files);
    expect(m.code).toBe(0);
    expect(withoutTiming(JSON.parse(m.out))).toEqual(withoutTiming(whole));
    const missing = await tune(['--merge', '1.jsonl', '2.jsonl'], files);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('(merge): shard 3 of 3 missing\n');
  });

  it('stops at Ctrl-C with exit 130 and says how far it got', async () => {
    const t = memoryIO({ 's.json': scenario });
    t.io.cancelOnInterrupt = () => ({ signal: { aborted: true }, dispose: () => {} });
    expect(await runCli(['tune', 's.json', ...AXES, '--jobs', '1'], t.io)).toBe(130);
    expect(t.stderr()).toMatch(/^pipescope: tune cancelled after 24 of 39 configurations\n$/);
  });

  it('refuses bad flags with exit 2, naming the flag and its range', async () => {
    const bad = async (...args: string[]) => {
      const r = await tune(['s.json', ...args]);
      expect(r.code).toBe(2);
      return r.err;
    };
    expect(await bad('--shard', '4/3')).toMatch(/--shard must be I\/N with 1 <= I <= N/);
    expect(await bad('--microbatches', '16..4')).toMatch(
      /--microbatches range A..B must have 1 <= A <= B <= 65,536/,
    );
    expect(await bad('--pairing', 'on,sometimes')).toMatch(
      /--pairing must be one of off, on, steady-state, combined-1f1b/,
    );
    expect(await bad('--capacity', '80 parsecs')).toMatch(/--capacity must be a size in bytes/);
    expect(await bad('--recompute', 'full')).toMatch(
      /^pipescope: --recompute: the scenario gives its own costs/,
    );
    expect((await tune(['s.json', 's.json'])).err).toMatch(/tune takes one SCENARIO \(got 2 files\)/);
  });

  it('parses lists and ranges for tune where simulate takes one value', () => {
    expect(
      parseArgs(['tune', 's.json', '--microbatches', '8..11', '--chunks', '2,4', '--pairing', 'on']),
    ).toMatchObject({
      flags: { microbatchList: [8, 9, 10, 11], chunkList: [2, 4], pairingList: ['on'] },
    });
    expect(parseArgs(['simulate', '--microbatches', '8'])).toMatchObject({ flags: { microbatches: 8 } });
    expect(parseArgs(['tune', 's.json', '--capacity', '80GB', '--activation-limit', '1.5GiB'])).toMatchObject(
      {
        flags: { capacity: 80e9, activationLimit: 1.5 * GiB },
      },
    );
    expect(parseArgs(['tune', 's.json', '--activation-budget', '4,default', '--shard', '2/8'])).toMatchObject(
      {
        flags: { activationBudgets: [4, null], shard: { index: 2, count: 8 } },
      },
    );
  });
});

/** Objects merge key by key, everything else replaces (what jq's `*` does). */
function mergeDeep(a: unknown, b: unknown): unknown {
  const isObj = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObj(a) || !isObj(b)) return b;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = mergeDeep(a[k], v);
  return out;
}
