import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, saveScenario } from '../core/format/scenario-file';
import { defaultScenario } from '../core/model/scenario';
import { scheduleNames } from '../core/schedules/registry';
import { runCli } from './commands';
import { memoryIO } from './memory-io.test-helper';
import { rawControl } from './raw-control.test-helper';

const scenarioText = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'pipescope-scenario', version: 1, ...over });

describe('pipescope simulate', () => {
  it('--json prints exactly one JSON object with the contract fields; 1F1B makespan is (m + P - 1)(F + B + W)', async () => {
    const t = memoryIO();
    const code = await runCli(
      ['simulate', '--schedule', '1f1b', '--devices', '4', '--microbatches', '8', '--json'],
      t.io,
    );
    expect(code).toBe(0);
    const lines = t.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0]);
    expect(Object.keys(j).sort()).toEqual([
      'devices',
      'makespan',
      'metrics',
      'microbatches',
      'schedule',
      'timeline',
    ]);
    expect(j).toMatchObject({ schedule: '1f1b', devices: 4, microbatches: 8, makespan: (8 + 4 - 1) * 3 });
    // Device 0 warms up with P - 1 = 3 forwards, then alternates F and BW.
    const kinds = j.timeline[0].ops.map((o: { kind: string }) => o.kind);
    expect(kinds.slice(0, 6)).toEqual(['F', 'F', 'F', 'F', 'BW', 'F']);
    expect(j.timeline[0].ops[0]).toEqual({ kind: 'F', microbatch: 0, chunk: 0, stage: 0, start: 0, end: 1 });
  });

  it('lets flags override the file', async () => {
    const t = memoryIO({ 's.json': scenarioText({ devices: 2, microbatches: 4, costs: { forward: 5 } }) });
    expect(await runCli(['simulate', 's.json', '--devices', '3', '--forward', '1', '--json'], t.io)).toBe(0);
    const j = JSON.parse(t.stdout());
    expect(j.devices).toBe(3);
    expect(j.microbatches).toBe(4);
    // 1F1B, F = 1, B + W = 2: (4 + 3 - 1) x 3.
    expect(j.makespan).toBe(18);
  });

  it('--group-size runs interleaved 1F1B for m not a multiple of P; without it the error names the group sizes that run', async () => {
    const flags = [
      '--schedule',
      'interleaved-1f1b',
      '--devices',
      '4',
      '--microbatches',
      '10',
      '--chunks',
      '2',
    ];
    const t = memoryIO();
    expect(await runCli(['simulate', ...flags, '--group-size', '5', '--json'], t.io)).toBe(0);
    // every group size Megatron runs keeps the bubble (P - 1)(F + B)/v = 3 x 3 / 2 per device
    const j = JSON.parse(t.stdout());
    expect(j.makespan).toBe(10 * 3 + (3 * 3) / 2);
    const u = memoryIO();
    expect(await runCli(['simulate', ...flags], u.io)).toBe(1);
    expect(u.stderr()).toMatch(
      /^\(defaults\): microbatches: with the default groupSize 4 .* set groupSize to 5, 6 or 10/,
    );
  });

  it("--pairing combined-1f1b pairs interleaved 1F1B's steady state and is refused, at pairing, by 1F1B", async () => {
    const t = memoryIO();
    const base = ['--devices', '2', '--microbatches', '4', '--chunks', '2', '--pairing', 'combined-1f1b'];
    expect(await runCli(['simulate', '--schedule', 'interleaved-1f1b', ...base, '--json'], t.io)).toBe(0);
    const ops = JSON.parse(t.stdout()).timeline[0].ops as { kind: string; pair?: number }[];
    // rank 0 warms up with 5 forwards (one more than plain), then runs three F&BW pairs
    expect(ops.map((o) => (o.pair === undefined ? o.kind : `${o.kind}&`)).slice(0, 11)).toEqual([
      'F',
      'F',
      'F',
      'F',
      'F',
      'F&',
      'BW&',
      'F&',
      'BW&',
      'F&',
      'BW&',
    ]);
    const u = memoryIO();
    expect(await runCli(['simulate', '--schedule', '1f1b', ...base], u.io)).toBe(1);
    expect(u.stderr()).toMatch(/^\(defaults\): pairing: combined-1f1b follows Megatron-LM's combined 1F1B/);
  });

  it('prints a readable table with both bubble figures labelled', async () => {
    const t = memoryIO();
    expect(await runCli(['simulate', '--schedule', 'gpipe'], t.io)).toBe(0);
    const s = t.stdout();
    expect(s).toContain('Makespan:');
    expect(s).toContain('Bubble (idle fraction):');
    expect(s).toContain('Bubble (over ideal):');
    expect(s).toMatch(/^device +busy ms +idle ms/m);
  });

  it('exits 1 naming the path when flags break per-device costs of the file', async () => {
    const t = memoryIO({ 's.json': scenarioText({ devices: 2, costs: { forward: [1, 2] } }) });
    expect(await runCli(['simulate', 's.json', '--devices', '4'], t.io)).toBe(1);
    expect(t.stderr()).toMatch(/^s\.json with the flags: costs\.forward: has 2 value\(s\) but devices is 4/m);
  });

  it('exits 1 with every load error of a bad file and its path', async () => {
    const t = memoryIO({ 'bad.json': scenarioText({ devices: 0, schedule: 'x' }) });
    expect(await runCli(['simulate', 'bad.json'], t.io)).toBe(1);
    expect(t.stderr()).toContain('bad.json: devices: ');
    expect(t.stderr()).toContain('bad.json: schedule: ');
  });

  it('exits 1 naming the file (not the flags) for a file that opens but cannot be analysed', async () => {
    const t = memoryIO({ 's.json': scenarioText({ p2p: { bytes: 1e6 } }) });
    expect(await runCli(['simulate', 's.json'], t.io)).toBe(1);
    expect(t.stderr()).toBe('s.json: p2p.bandwidth: is needed with p2p.bytes (GB/s of the link)\n');
  });

  it('exits 1 when the file cannot be read', async () => {
    const t = memoryIO();
    expect(await runCli(['simulate', 'missing.json'], t.io)).toBe(1);
    expect(t.stderr()).toMatch(/^missing\.json: \(root\): cannot read the file: ENOENT/);
  });

  it('exits 2 with one line for a bad flag', async () => {
    const t = memoryIO();
    expect(await runCli(['simulate', '--devices', 'four'], t.io)).toBe(2);
    expect(t.stderr()).toBe(
      'pipescope: --devices must be a whole number of devices from 1 to 1,024 (got "four")\n',
    );
    expect(t.stdout()).toBe('');
  });

  it('shows progress on stderr only when it is a terminal', async () => {
    const piped = memoryIO();
    await runCli(['simulate', '--json'], piped.io);
    expect(piped.stderr()).toBe('');
    const tty = memoryIO({}, true);
    await runCli(['simulate', '--json'], tty.io);
    expect(tty.stderr()).toContain('simulating 1f1b');
    expect(tty.stderr().endsWith('\r\x1b[K')).toBe(true);
    const quiet = memoryIO({}, true);
    await runCli(['simulate', '--json', '--quiet'], quiet.io);
    expect(quiet.stderr()).toBe('');
  });
});

describe('pipescope compare', () => {
  it('lists every applicable schedule and says why the others do not apply', async () => {
    // Interleaved 1F1B needs m to be a multiple of P: 6 micro-batches on 4 devices is not.
    const t = memoryIO();
    expect(await runCli(['compare', '--devices', '4', '--microbatches', '6'], t.io)).toBe(0);
    const s = t.stdout();
    expect(s).toMatch(
      /^schedule +makespan ms +bubble \(idle fraction\) +bubble \(over ideal\) +analytic bubble ms/m,
    );
    expect(s).toMatch(/^1f1b +27 /m); // (6 + 4 - 1) x 3
    expect(s).toMatch(/^gpipe +27 /m);
    expect(s).toMatch(/Not applicable:\n(.*\n)* {2}interleaved-1f1b: .*microbatches/);
  });

  it('--json gives one object with the applicable rows and the reasons of the others', async () => {
    const t = memoryIO();
    expect(await runCli(['compare', '--devices', '4', '--microbatches', '6', '--json'], t.io)).toBe(0);
    const j = JSON.parse(t.stdout());
    const names = j.schedules.map((r: { schedule: string }) => r.schedule);
    expect(names).toContain('1f1b');
    expect(names).not.toContain('interleaved-1f1b');
    expect(j.inapplicable.map((r: { schedule: string }) => r.schedule)).toContain('interleaved-1f1b');
    const oneF = j.schedules.find((r: { schedule: string }) => r.schedule === '1f1b');
    expect(oneF.parameterMultiplier).toBe(1);
    expect(oneF.peakActivations).toEqual([4, 3, 2, 1]);
  });
});

describe('pipescope simulate and compare: why it is slow', () => {
  const example = () => ({
    'v3.json': readFileSync(new URL('../examples/deepseek-v3.json', import.meta.url), 'utf8'),
  });

  it('simulate --json has idle by cause per device and in total, and the critical path, in the documented shape', async () => {
    // The defaults: 1F1B P = 4, m = 8, F = 1, full backward B + W = 2, no communication. Device d
    // idles dF + (3-d)(B+W) before its first backward (fill), (3-d)F between its last backwards
    // (drain) and d(B+W) after its last op (tail); the critical path is 33 ms of computation.
    const t = memoryIO();
    expect(await runCli(['simulate', '--json'], t.io)).toBe(0);
    const m = JSON.parse(t.stdout()).metrics;
    const zero = { fill: 0, drain: 0, dependency: 0, p2p: 0, exposedComm: 0, memory: 0, tail: 0 };
    expect(m.idleByCause.devices).toEqual(
      [0, 1, 2, 3].map((d) => ({ ...zero, fill: d + 2 * (3 - d), drain: 3 - d, tail: 2 * d })),
    );
    expect(m.idleByCause.total).toEqual({ ...zero, fill: 18, drain: 6, tail: 12 });
    expect(m.criticalPath).toMatchObject({ length: 33, compute: 33, exposedComm: 0, p2p: 0, wait: 0 });
    expect(m.criticalPath.ops[0]).toEqual({ device: 0, index: 0 });
    expect(m.criticalPath.ops.at(-1)).toEqual({ device: 0, index: 15 });
    expect([m.exposedCommMean, m.exposedCommMax]).toEqual([0, 0]);
  });

  it('simulate prints the idle causes per device, the steady-state figures, the critical path and why', async () => {
    const t = memoryIO(example());
    expect(await runCli(['simulate', 'v3.json'], t.io)).toBe(0);
    const s = t.stdout();
    expect(s).toMatch(/^Overlap \(HTA\): +\d+\.\d% \(steady state: 9\d\.\d%\)$/m);
    expect(s).toMatch(
      /^Exposed communication: +mean [\d.]+ ms, max [\d.]+ ms per device \(steady state: mean/m,
    );
    expect(s).toMatch(
      /^Critical path: +684\.511 ms = [\d.]+ compute \+ [\d.]+ exposed comm \+ [\d.]+ p2p, through 16 of 16 stages$/m,
    );
    expect(s).toMatch(
      /^device +fill \(warm-up\) +drain \(cool-down\) +dependency +p2p in flight +exposed communication/m,
    );
    expect(s).toMatch(/^sum +[\d,.]+ /m);
    expect(s).toMatch(/^Why it is slow:\n {2}\d+% of the idle time/m);
  });

  it('compare on the DeepSeek-V3 example shows communication, overlap and exposed communication', async () => {
    const t = memoryIO(example());
    expect(await runCli(['compare', 'v3.json'], t.io)).toBe(0);
    const s = t.stdout();
    expect(s).toMatch(
      /^schedule +comm : compute +overlap +steady-state overlap +exposed comm ms mean +max +steady-state exposed ms mean +max$/m,
    );
    expect(s).toMatch(/^dualpipe +0\.90 : 1 +\d+\.\d% +9\d\.\d% /m);
    expect(s).toMatch(/^gpipe +0\.90 : 1 +\d+\.\d% +- /m); // GPipe has no steady state
    expect(s).toMatch(/^schedule +vs 1f1b +critical path ms: compute +exposed comm +p2p +top idle causes$/m);
    expect(s).toMatch(/^1f1b +1\.00x /m);
    expect(s).toMatch(/^ {2}gpipe: GPipe is 1\.27x faster than 1F1B/m);
  });

  it('compare --schedule a,b runs those schedules in that order; --json carries the new figures', async () => {
    const t = memoryIO(example());
    expect(await runCli(['compare', 'v3.json', '--schedule', 'dualpipe,1f1b', '--json'], t.io)).toBe(0);
    const j = JSON.parse(t.stdout());
    expect(j.schedules.map((r: { schedule: string }) => r.schedule)).toEqual(['dualpipe', '1f1b']);
    expect(j.baseline).toBe('1f1b');
    const [dual, oneF] = j.schedules;
    for (const r of j.schedules) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining([
          'communication',
          'overlap',
          'steadyStateOverlap',
          'exposedComm',
          'topIdleCauses',
        ]),
      );
      // per device mean and max, never above the makespan
      expect(r.exposedComm.mean).toBeLessThanOrEqual(r.exposedComm.max);
      expect(r.exposedComm.max).toBeLessThanOrEqual(r.makespan);
      expect(r.exposedComm).toEqual({ mean: r.metrics.exposedCommMean, max: r.metrics.exposedCommMax });
      expect(r.overlap).toBe(r.metrics.totals.overlap);
      expect(r.steadyStateOverlap).toBe(r.metrics.steadyState.overlap);
      expect(r.topIdleCauses.length).toBeGreaterThan(0);
      expect(r.topIdleCauses[0].share).toBeGreaterThanOrEqual(r.topIdleCauses.at(-1).share);
    }
    expect(dual.steadyStateOverlap).toBeGreaterThanOrEqual(0.9);
    expect(dual.speedup).toBeCloseTo(oneF.makespan / dual.makespan, 5);
    expect(dual.explanation[0]).toMatch(/^DualPipe is 1\.59x faster than 1F1B/);
    expect(oneF.explanation).toEqual([]);
  });
});

describe('pipescope render and export', () => {
  it('writes an SVG that PipeScope can open again, with the flags applied to the embedded scenario', async () => {
    const t = memoryIO({ 's.json': saveScenario({ ...defaultScenario(), name: 'R & D <test>' }) });
    expect(
      await runCli(['render', 's.json', '--schedule', '1f1b,gpipe', '--devices', '3', '-o', 'out.svg'], t.io),
    ).toBe(0);
    const svg = t.files['out.svg'];
    expect(svg.startsWith('<')).toBe(true);
    const back = loadScenario(svg);
    expect(back.ok && back.scenario.name).toBe('R & D <test>');
    expect(back.ok && back.scenario.devices).toBe(3);
  });

  it('exports CSV with one row per op (2 P m for 1F1B) and a header', async () => {
    const t = memoryIO({ 's.json': scenarioText({ devices: 2, microbatches: 3 }) });
    expect(await runCli(['export', 's.json', '--format', 'csv', '-o', 'ops.csv'], t.io)).toBe(0);
    const lines = t.files['ops.csv'].trimEnd().split(/\r?\n/);
    expect(lines).toHaveLength(1 + 2 * 2 * 3);
    expect(lines[0]).toMatch(/^device,index,kind/);
  });

  it('exports one CSV row per part when chunks have parts', async () => {
    const parts = {
      forward: { attention: 1, dispatch: 1, mlp: 1, combine: 1 },
      backward: { combine: 1, mlpInput: 1, mlpWeight: 1, dispatch: 1, attentionInput: 1, attentionWeight: 1 },
    };
    const t = memoryIO({ 's.json': scenarioText({ devices: 2, microbatches: 2, parts }) });
    expect(await runCli(['export', 's.json', '--format', 'parts-csv', '-o', 'parts.csv'], t.io)).toBe(0);
    const lines = t.files['parts.csv'].trimEnd().split(/\r?\n/);
    // 1F1B, 2 devices x 2 micro-batches: 4 forwards of 4 parts and 4 full backwards of 6 parts
    expect(lines).toHaveLength(1 + 4 * 4 + 4 * 6);
    expect(lines.filter((l) => l.includes(',dispatch,'))).toHaveLength(4);
  });

  it('exports a Chrome trace and the simulate JSON', async () => {
    const t = memoryIO({ 's.json': scenarioText() });
    expect(await runCli(['export', 's.json', '--format', 'chrome-trace', '-o', 't.json'], t.io)).toBe(0);
    expect(Array.isArray(JSON.parse(t.files['t.json']).traceEvents)).toBe(true);
    expect(
      await runCli(['export', 's.json', '--format', 'json', '-o', 'j.json', '--schedule', 'gpipe'], t.io),
    ).toBe(0);
    expect(JSON.parse(t.files['j.json']).schedule).toBe('gpipe');
  });

  it('writes to stdout with -o -', async () => {
    const t = memoryIO({ 's.json': scenarioText() });
    expect(await runCli(['export', 's.json', '--format', 'json', '-o', '-'], t.io)).toBe(0);
    expect(JSON.parse(t.stdout()).schedule).toBe('1f1b');
  });

  it('exits 1 when a schedule cannot run the scenario', async () => {
    const t = memoryIO({ 's.json': scenarioText({ devices: 4, microbatches: 6 }) });
    expect(await runCli(['render', 's.json', '--schedule', 'interleaved-1f1b', '-o', 'x.svg'], t.io)).toBe(1);
    expect(t.files['x.svg']).toBeUndefined();
    expect(t.stderr()).toMatch(/^s\.json: microbatches: .*\(interleaved-1f1b\)$/m);
  });
});

describe('pipescope validate', () => {
  it('exits 0 when every file is valid', async () => {
    const t = memoryIO({ 'a.json': scenarioText(), 'b.json': saveScenario(defaultScenario()) });
    expect(await runCli(['validate', 'a.json', 'b.json'], t.io)).toBe(0);
    expect(t.stdout()).toBe('a.json: ok\nb.json: ok\n2 valid, 0 invalid\n');
  });

  it('exits 1 listing every error of every file with its path', async () => {
    const t = memoryIO({
      'a.json': scenarioText({ devices: -1, costs: { forward: [1, 'x'] } }),
      'b.json': '{"format": "pipescope-scenario", "version": 1,,}',
      'c.json': scenarioText(),
    });
    expect(await runCli(['validate', 'a.json', 'b.json', 'c.json', 'd.json'], t.io)).toBe(1);
    const out = t.stdout();
    expect(out).toContain('a.json: devices: must be at least 1 (got -1)\n');
    expect(out).toContain('a.json: costs.forward[1]: expected a number (got "x")\n');
    expect(out).toMatch(/b\.json: \(root\): not valid JSON at line 1, column 47/);
    expect(out).toContain('c.json: ok\n');
    expect(out).toMatch(/d\.json: \(root\): cannot read the file/);
    expect(out).toContain('1 valid, 3 invalid\n');
  });

  it('reports the errors of a file that opens in one pass, those of the schedule named', async () => {
    const t = memoryIO({
      'a.json': scenarioText({
        schedule: 'interleaved-1f1b',
        devices: 4,
        microbatches: 6,
        memory: { activation: 100, weightGradStash: 200 },
      }),
    });
    expect(await runCli(['validate', 'a.json'], t.io)).toBe(1);
    expect(t.stdout()).toBe(
      'a.json: memory.weightGradStash: is part of the activations, so it cannot exceed memory.activation (100 bytes; got 200)\n' +
        "a.json: microbatches: with the default groupSize 4 (Megatron's: the devices P), 6 micro-batches leave a last group of 2, fewer than the 4 devices, which Megatron-LM refuses (the pipeline waits on it); set groupSize to 6 (6 gives PyTorch's ScheduleInterleaved1F1B order), or use a multiple of 4 micro-batches (schedule interleaved-1f1b)\n",
    );
  });

  it('reports a schedule that cannot run the file', async () => {
    const t = memoryIO({
      'a.json': scenarioText({ schedule: 'interleaved-1f1b', devices: 4, microbatches: 6 }),
    });
    expect(await runCli(['validate', 'a.json'], t.io)).toBe(1);
    expect(t.stdout()).toMatch(/^a\.json: microbatches: .*\(schedule interleaved-1f1b\)$/m);
  });
});

describe('pipescope schedules', () => {
  it('lists every registered schedule in the registry order, one line each', async () => {
    const t = memoryIO();
    expect(await runCli(['schedules'], t.io)).toBe(0);
    const names = t
      .stdout()
      .trimEnd()
      .split('\n')
      .map((l) => l.split(/\s+/)[0]);
    expect(names).toEqual(scheduleNames());
  });

  it('says where each schedule comes from', async () => {
    const t = memoryIO();
    expect(await runCli(['schedules'], t.io)).toBe(0);
    const lines = t.stdout().trimEnd().split('\n');
    expect(lines.every((l) => / Source: \S/.test(l))).toBe(true);
    expect(lines[0]).toMatch(/^gpipe .* Source: Huang et al\., "GPipe", NeurIPS 2019$/);
    expect(lines.find((l) => l.startsWith('dualpipe '))).toContain(
      'DeepSeek-V3 Technical Report (arXiv 2412.19437)',
    );
  });

  it('--json gives each descriptor: placement, chunk rule, parameters, analytic bubble with its conditions', async () => {
    const t = memoryIO();
    expect(await runCli(['schedules', '--json'], t.io)).toBe(0);
    const rows: Record<string, unknown>[] = JSON.parse(t.stdout()).schedules;
    const row = (name: string) => rows.find((r) => r.name === name);
    expect(rows.map((r) => r.name)).toEqual(scheduleNames());
    for (const r of rows)
      expect(Object.keys(r)).toEqual([
        'name',
        'title',
        'summary',
        'source',
        'placement',
        'chunks',
        'takesGroupSize',
        'combined1F1B',
        'paramMultiplier',
        'analyticBubble',
        'memory',
        'steadyState',
      ]);
    expect(row('interleaved-1f1b')).toMatchObject({
      title: 'Interleaved 1F1B',
      placement: 'interleaved',
      chunks: { from: 'scenario', min: 2, max: null },
      takesGroupSize: true,
      combined1F1B: true,
      analyticBubble: { formula: '(P-1)(F+B)/v', conditions: expect.stringMatching(/m >= P/) },
    });
    expect(row('looped-bfs')).toMatchObject({
      takesGroupSize: false,
      combined1F1B: false,
      steadyState: { window: 'none' },
    });
    expect(row('dualpipe')).toMatchObject({
      placement: 'bidirectional',
      chunks: { from: 'schedule', perDevice: 2, share: 1 },
      paramMultiplier: 2,
      analyticBubble: { formula: '(PP/2-1)(F&B+B-3W)', source: 'deepseek-ai/DualPipe README' },
      steadyState: { window: 'paired' },
    });
    expect(row('zb-v')).toMatchObject({
      placement: 'v',
      chunks: { from: 'schedule', perDevice: 2, share: 0.5 },
      analyticBubble: { formula: 'none' },
    });
    expect(row('1f1b')).toMatchObject({ placement: 'linear', analyticBubble: { formula: '(PP-1)(F+B)' } });
  });
});

describe('what reaches the terminal', () => {
  it('shows a hostile name, unknown field and file name escaped, in every command that prints them', async () => {
    const name = '\u001b]0;owned\u0007\u001b[2J\u009b31m\u202eevil';
    const file = 'x\u001b[1m.json';
    const t = memoryIO({
      [file]: JSON.stringify({
        format: 'pipescope-scenario',
        version: 1,
        name,
        '\u001b[31mnote': 1,
        devices: 'x\u0007',
      }),
      'ok.json': JSON.stringify({ format: 'pipescope-scenario', version: 1, name, '\u001b[31mnote': 1 }),
    });
    await runCli(['validate', file, 'ok.json'], t.io);
    await runCli(['simulate', 'ok.json'], t.io);
    await runCli(['compare', 'ok.json'], t.io);
    await runCli(['simulate', 'missing\u001b.json'], t.io);
    const all = t.stdout() + t.stderr();
    expect(rawControl(all)).toBeNull();
    expect(t.stdout()).toContain('\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202eevil (ok.json)');
    expect(t.stdout()).toContain('x\\u001b[1m.json: devices: expected a number (got "x\\u0007")');
    expect(t.stderr()).toContain('ok.json: warning: ["\\u001b[31mnote"]: unknown field, kept as it is');
    expect(t.stderr()).toContain('missing\\u001b.json: (root): cannot read the file: ENOENT');
  });

  it('keeps --json output JSON with the same values, controls written as \\u escapes', async () => {
    const name = 'a\u009bb\u007fc\u202ed';
    const t = memoryIO({ 's.json': JSON.stringify({ format: 'pipescope-scenario', version: 1, name }) });
    expect(await runCli(['compare', 's.json', '--json'], t.io)).toBe(0);
    expect(rawControl(t.stdout())).toBeNull();
    expect(JSON.parse(t.stdout()).scenario).toBe(name);
  });

  it('turns an exception no command caught into one line and exit 1, never a stack trace', async () => {
    const t = memoryIO({ 's.json': JSON.stringify({ format: 'pipescope-scenario', version: 1 }) });
    t.io.stdout = () => {
      throw new Error('EIO: i/o error, write');
    };
    expect(await runCli(['simulate', 's.json'], t.io)).toBe(1);
    expect(t.stderr()).toBe(
      'pipescope: (root): simulate failed: EIO: i/o error, write (a bug in PipeScope; please report it)\n',
    );
  });
});
