import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../core/format/scenario-file';
import { DEFAULT_PAIR_ORDER } from '../../core/model/costs';
import { TraceBuilder, pairLayerTrace, textChunks } from '../../core/trace/synthetic';
import type { TraceSummaryJson } from '../../core/trace/summary';
import type { CliIO, TraceSource } from '../command-context';
import { runCli } from '../commands';
import { memoryIO as baseMemoryIO } from '../memory-io.test-helper';
import { rawControl } from '../raw-control.test-helper';

/** `pipescope trace ...argv` through the real dispatcher (flags parsed by args.ts). */
const traceCommand = (argv: string[], io: CliIO) => runCli(['trace', ...argv], io);

/** In-memory files (cli/memory-io.test-helper.ts); traces are served in 100-character chunks. */
function memoryIO(
  files: Record<string, string | Uint8Array>,
  o: { tty?: boolean; signal?: { aborted: boolean } } = {},
) {
  const m = baseMemoryIO(files, o.tty ?? false);
  let clock = 0;
  m.io.openTrace = (p): TraceSource => {
    // From the files themselves: a test may replace readFile (the scenario reader) alone.
    if (!(p in files)) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
    const f = files[p];
    const text = typeof f === 'string' ? f : new TextDecoder().decode(f);
    let read = 0;
    return {
      size: text.length,
      position: () => read,
      chunks: (function* () {
        for (const c of textChunks(text, 100)) {
          read += c.length;
          yield c;
        }
      })(),
    };
  };
  if (o.signal) m.io.cancelOnInterrupt = () => ({ signal: o.signal!, dispose() {} });
  m.io.now = () => (clock += 150);
  return m;
}

const deepseekTrace = (rank = 0) => pairLayerTrace({ rank, worldSize: 64 }).text();

const scenario = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: 'pipescope-scenario',
    version: 1,
    schedule: 'dualpipe',
    devices: 4,
    microbatches: 8,
    ...over,
  });

describe('pipescope trace', () => {
  it('--json prints one JSON object with ranks, figures, annotations and the measured parts', async () => {
    const t = memoryIO({ 'r0.json': deepseekTrace() });
    expect(await traceCommand(['r0.json', '--json'], t.io)).toBe(0);
    const lines = t.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0]) as TraceSummaryJson;
    expect(j.ranks).toHaveLength(1);
    const r = j.ranks[0];
    expect(r.streams.map((s) => [s.id, s.role, s.busyMs])).toEqual([
      [7, 'compute', 0.44],
      [27, 'comm', 0.105],
    ]);
    expect([r.computeMs, r.commMs, r.overlap, r.exposedCommMs]).toEqual([0.44, 0.105, 0, 0.105]);
    expect(r.annotations.find((a) => a.name === 'dispatch(F)')).toMatchObject({
      count: 1,
      gpuMs: 0.04,
      streams: { '27': 0.04 },
    });
    expect(j.parts).toEqual({
      forward: { attention: 0.1, dispatch: 0.04, mlp: 0.07, combine: 0.02 },
      backward: {
        combine: 0.03,
        mlpInput: 0.08,
        mlpWeight: 0.03,
        dispatch: 0.015,
        attentionInput: 0.15,
        attentionWeight: 0.01,
      },
      pairOrder: [...DEFAULT_PAIR_ORDER],
    });
    expect(t.stderr()).toBe('');
  });

  it('prints a table per rank, the parts and the definitions', async () => {
    const t = memoryIO({ 'r0.json': deepseekTrace() });
    expect(await traceCommand(['r0.json'], t.io)).toBe(0);
    const s = t.stdout();
    expect(s).toMatch(/^r0\.json: rank 0, device 0 \(Synthetic GPU\), 31 events$/m);
    expect(s).toMatch(/^ {2}27 +comm +0\.105 +4 +100\.0%$/m);
    expect(s).toMatch(/^ {2}overlap \(HTA: both run \/ communication\) +0\.0%$/m);
    expect(s).toContain('pair order seen: combine(B), attention(F), mlp-input-grad(B), dispatch(F)');
    expect(s).toContain('  forward:  attention 0.1, dispatch 0.04, mlp 0.07, combine 0.02');
    expect(s).toContain('Overlap as Holistic Trace Analysis defines it');
  });

  it('reads part names from --map and stream roles from --stream-role', async () => {
    const b = new TraceBuilder();
    b.annotation('block.attn_fwd', 0, 50);
    b.kernel('flash_fwd', { stream: 7, launch: 10, start: 0, dur: 250 });
    b.kernel('copy', { stream: 9, launch: 60, start: 0, dur: 100 }); // launched after the annotation
    const map = JSON.stringify({ format: 'pipescope-trace-map', parts: { 'block.*_fwd': 'attention(F)' } });
    const t = memoryIO({ 'x.json': b.text(), 'map.json': map });
    expect(
      await traceCommand(['x.json', '--map', 'map.json', '--stream-role', '0:9=comm', '--json'], t.io),
    ).toBe(0);
    const j = JSON.parse(t.stdout()) as TraceSummaryJson;
    expect(j.parts!.forward.attention).toBe(0.25);
    expect(j.ranks[0].streams.find((s) => s.id === 9)).toMatchObject({ role: 'comm', roleFrom: 'override' });
    expect(j.ranks[0].overlapMs).toBe(0.1);
    expect(j.mapping).toEqual({
      format: 'pipescope-trace-map',
      version: 1,
      parts: { 'block.*_fwd': 'attention(F)' },
      streamRoles: { '0:9': 'comm' },
    });
  });

  it('reads the --map file as a scenario file is read: UTF-16 by its byte-order mark, within the JSON budgets', async () => {
    const b = new TraceBuilder();
    b.annotation('block.attn_fwd', 0, 50);
    b.kernel('flash_fwd', { stream: 7, launch: 10, start: 0, dur: 250 });
    const map = JSON.stringify({ format: 'pipescope-trace-map', parts: { 'block.*_fwd': 'attention(F)' } });
    // UTF-16BE with its byte-order mark, written out by hand: FE FF, then each code unit high byte first.
    const utf16 = new Uint8Array(2 + 2 * map.length);
    utf16.set([0xfe, 0xff]);
    for (let i = 0; i < map.length; i++) utf16[3 + 2 * i] = map.charCodeAt(i);
    const t = memoryIO({ 'x.json': b.text(), 'map16.json': utf16 });
    expect(await traceCommand(['x.json', '--map', 'map16.json', '--json'], t.io)).toBe(0);
    expect((JSON.parse(t.stdout()) as TraceSummaryJson).parts!.forward.attention).toBe(0.25);

    // 65 arrays inside "notes": the 66th container counting the object, one more than 64 levels.
    const deep = `{"format": "pipescope-trace-map", "notes": ${'['.repeat(65)}${']'.repeat(65)}}`;
    const u = memoryIO({ 'x.json': b.text(), 'deep.json': deep });
    expect(await traceCommand(['x.json', '--map', 'deep.json'], u.io)).toBe(1);
    expect(u.stderr()).toMatch(/^deep\.json: notes(\[0\])+: nested more than 64 levels deep/);
  });

  it('writes BASE with the measured parts to OUT with --scenario', async () => {
    const t = memoryIO({
      'r0.json': deepseekTrace(),
      'base.json': scenario({ smSplit: { total: 132, reserved: 20 } }),
    });
    expect(await traceCommand(['r0.json', '--scenario', 'base.json', '-o', 'out.json'], t.io)).toBe(0);
    expect(t.stdout()).toBe('');
    const out = loadScenario(t.files['out.json']);
    if (!out.ok) throw new Error(JSON.stringify(out.errors));
    expect(out.scenario.parts!.forward.dispatch).toBe(0.04);
    expect(out.scenario.parts!.forward.attention).toBeCloseTo((0.1 * 112) / 132, 12);
    expect(out.scenario.parts!.pairOrder).toEqual([...DEFAULT_PAIR_ORDER]);
    expect(out.scenario.measuredParts).toMatchObject({ files: ['r0.json'], chunkShare: 1 });
    expect(out.warnings).toEqual([]);
    expect(t.stderr()).toContain(
      'out.json: note: measured compute parts divided by the SM slowdown 1.178571',
    );
  });

  it('writes each rank’s part times to its planned device with --scenario, keeping the others', async () => {
    const ones = { attention: 1, dispatch: 1, mlp: 1, combine: 1 };
    const parts = {
      forward: ones,
      backward: { combine: 1, mlpInput: 1, mlpWeight: 1, dispatch: 1, attentionInput: 1, attentionWeight: 1 },
    };
    const t = memoryIO({
      'r0.json': pairLayerTrace({ rank: 0, worldSize: 4 }).text(),
      'r2.json': pairLayerTrace({ rank: 2, worldSize: 4, scale: 2 }).text(),
      'base.json': scenario({ parts }),
    });
    expect(
      await traceCommand(['r2.json', 'r0.json', '--scenario', 'base.json', '-o', 'out.json'], t.io),
    ).toBe(0);
    const out = loadScenario(t.files['out.json']);
    if (!out.ok) throw new Error(JSON.stringify(out.errors));
    // attn(F) is a 100 us kernel on rank 0 and 200 us on rank 2 (scale 2); dispatch(F) 40 and 80 us.
    expect(out.scenario.parts!.forward.attention).toEqual([0.1, 1, 0.2, 1]);
    expect(out.scenario.parts!.forward.dispatch).toEqual([0.04, 1, 0.08, 1]);
    expect(out.scenario.measuredParts!.devices).toEqual([0, 2]);
    expect(t.stderr()).toContain(
      'out.json: note: measured per device: rank 0 -> device 0, rank 2 -> device 2; the other 2 devices kept their times',
    );
  });

  it('reads BASE as every command reads a scenario: UTF-16 by its byte-order mark, at most the file budget', async () => {
    const text = scenario({ name: 'from UTF-16' });
    // UTF-16LE with its byte-order mark, written out by hand: FF FE, then each code unit low byte first.
    const utf16 = new Uint8Array(2 + 2 * text.length);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
    const t = memoryIO({ 'r0.json': deepseekTrace(), 'base.json': utf16 });
    expect(await traceCommand(['r0.json', '--scenario', 'base.json', '-o', 'out.json'], t.io)).toBe(0);
    const out = loadScenario(t.files['out.json']);
    expect(out.ok && out.scenario.name).toBe('from UTF-16');

    // The reader refuses what is over the budget (as cli/read-file.ts does by the file's size).
    const u = memoryIO({ 'r0.json': deepseekTrace() });
    u.io.readFile = () => {
      throw new Error('the file is 40.0 MB; scenario files are at most 32.0 MB');
    };
    expect(await traceCommand(['r0.json', '--scenario', 'big.json', '-o', 'out.json'], u.io)).toBe(1);
    expect(u.stderr()).toBe(
      'big.json: (root): cannot read the file: the file is 40.0 MB; scenario files are at most 32.0 MB\n',
    );
    expect(u.files['out.json']).toBeUndefined();
  });

  it('shows annotation names and file names with their terminal controls escaped, in the table, the JSON and the messages', async () => {
    const b = new TraceBuilder();
    b.annotation('\u001b]0;owned\u0007step\u202e', 0, 50);
    b.kernel('k', { stream: 7, launch: 10, start: 0, dur: 5 });
    const file = 'r\u001b[2J.json';
    const t = memoryIO({ [file]: b.text(), 'base.json': scenario() });
    expect(await traceCommand([file], t.io)).toBe(0);
    expect(await traceCommand([file, '--json'], t.io)).toBe(0);
    expect(await traceCommand([file, '--scenario', 'base.json', '-o', 'out.json'], t.io)).toBe(1);
    expect(rawControl(t.stdout())).toBeNull();
    expect(rawControl(t.stderr())).toBeNull();
    expect(t.stdout()).toContain('r\\u001b[2J.json: rank 0');
    expect(t.stdout()).toContain('\\u001b]0;owned\\u0007step\\u202e');
    // The JSON keeps the same values: \uXXXX is a JSON escape.
    const json = t
      .stdout()
      .split('\n')
      .find((l) => l.startsWith('{'));
    expect(JSON.parse(json!).ranks[0].source).toBe(file);
    expect(t.stderr()).toContain('"\\u001b]0;owned\\u0007step\\u202e"; name them in a --map file');
  });

  it('refuses to write a scenario when no annotation names a part, listing the names it saw', async () => {
    const b = new TraceBuilder();
    b.annotation('## forward ##', 0, 50);
    b.kernel('k', { stream: 7, launch: 10, start: 0, dur: 5 });
    const t = memoryIO({ 'x.json': b.text(), 'base.json': scenario() });
    expect(await traceCommand(['x.json', '--scenario', 'base.json', '-o', 'out.json'], t.io)).toBe(1);
    expect(t.stderr()).toMatch(
      /nothing to write; annotations seen: "## forward ##"; name them in a --map file/,
    );
    expect(t.files['out.json']).toBeUndefined();
  });

  it('exits 1 naming the file, event index and field of a malformed trace', async () => {
    const bad = `{"traceEvents": [
      {"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, "ts": 1, "dur": 1},
      {"ph": "X", "cat": "kernel", "name": "k", "pid": 0, "tid": 7, "ts": 1, "dur": "long"}]}`;
    const t = memoryIO({ 'bad.json': bad });
    expect(await traceCommand(['bad.json'], t.io)).toBe(1);
    expect(t.stderr()).toBe('bad.json: traceEvents[1].dur: must be a number (got "long")\n');
  });

  it('exits 1 saying so when a trace has no GPU events, or a file cannot be read', async () => {
    const b = new TraceBuilder();
    b.annotation('step', 0, 50);
    const t = memoryIO({ 'cpu.json': b.text() });
    expect(await traceCommand(['cpu.json'], t.io)).toBe(1);
    expect(t.stderr()).toMatch(/^cpu\.json: traceEvents: no GPU events \(kernel, gpu_memcpy or gpu_memset\)/);
    const u = memoryIO({});
    expect(await traceCommand(['missing.json.gz'], u.io)).toBe(1);
    expect(u.stderr()).toBe(
      "missing.json.gz: (root): cannot read the file: ENOENT: no such file or directory, open 'missing.json.gz'\n",
    );
  });

  it('exits 1 when the source fails under the reader (e.g. corrupt gzip data)', async () => {
    const t = memoryIO({});
    t.io.openTrace = () => ({
      chunks: (function* () {
        yield '{"traceEvents": [';
        throw new Error('incorrect header check');
      })(),
    });
    expect(await traceCommand(['x.json.gz'], t.io)).toBe(1);
    expect(t.stderr()).toBe('x.json.gz: (root): cannot read the file: incorrect header check\n');
  });

  it('stops when cancelled, says how far it got and exits 130 (as an interrupted process)', async () => {
    const signal = { aborted: true };
    const t = memoryIO({ 'r0.json': deepseekTrace() }, { signal });
    expect(await traceCommand(['r0.json'], t.io)).toBe(130);
    expect(t.stderr()).toBe('r0.json: (root): reading was cancelled after 0 events (0 bytes)\n');
  });

  it('shows progress on a terminal and erases it, and stays quiet with --quiet', async () => {
    const t = memoryIO({ 'r0.json': deepseekTrace() }, { tty: true });
    expect(await traceCommand(['r0.json'], t.io)).toBe(0);
    const CLEAR = '\r\x1b[K';
    expect(t.stderr().startsWith(`${CLEAR}reading r0.json: `)).toBe(true);
    expect(t.stderr()).toMatch(/reading r0\.json: \d+% \(0\.0 MB, \d+ events\)/);
    expect(t.stderr().endsWith(CLEAR)).toBe(true);
    const q = memoryIO({ 'r0.json': deepseekTrace() }, { tty: true });
    expect(await traceCommand(['r0.json', '-q'], q.io)).toBe(0);
    expect(q.stderr()).toBe('');
  });

  it('numbers ranks from distributedInfo across several files', async () => {
    const t = memoryIO({ a: deepseekTrace(3), b: deepseekTrace(1) });
    expect(await traceCommand(['a', 'b', '--json'], t.io)).toBe(0);
    const j = JSON.parse(t.stdout()) as TraceSummaryJson;
    expect(j.ranks.map((r) => [r.rank, r.source])).toEqual([
      [1, 'b'],
      [3, 'a'],
    ]);
  });

  it('exits 1 on a bad mapping file, naming each problem', async () => {
    const t = memoryIO({
      'r0.json': deepseekTrace(),
      'map.json': '{"parts": {"x": "attention"}, "layersPerChunk": 0}',
    });
    expect(await traceCommand(['r0.json', '--map', 'map.json'], t.io)).toBe(1);
    expect(t.stderr()).toMatch(/^map\.json: parts\["x"\]: must be one of combine\(B\), /m);
    expect(t.stderr()).toMatch(
      /^map\.json: layersPerChunk: must be a whole number from 1 to 10,000, or null \(got 0\)$/m,
    );
    const u = memoryIO({ 'r0.json': deepseekTrace(), 'map.json': '{"parts": ' });
    expect(await traceCommand(['r0.json', '--map', 'map.json'], u.io)).toBe(1);
    expect(u.stderr()).toMatch(/^map\.json: \(root\): not valid JSON at line 1/);
  });

  it.each([
    [[], 'trace needs FILE... (pipescope trace FILE... [flags])'],
    [['a.json', '--scenario', 'b.json'], '--scenario needs -o FILE (file to write ("-" for stdout))'],
    [
      ['a.json', '-o', 'b.json'],
      '--output needs --scenario BASE.json (write BASE with the measured parts to -o OUT.json)',
    ],
    [
      ['a.json', '--schedule', 'x'],
      'unknown flag --schedule for trace; trace takes --map, --stream-role, --layers-per-chunk, --scenario, --output, --json, --quiet',
    ],
    [
      ['a.json', '--stream-role', '7=network'],
      '--stream-role takes STREAM=compute|comm or RANK:STREAM=compute|comm (got "7=network")',
    ],
    [
      ['a.json', '--layers-per-chunk', '0'],
      '--layers-per-chunk must be a whole number of layers from 1 to 10,000 (got "0")',
    ],
    [
      ['a.json', '--map'],
      '--map needs a value: MAPPING.json (annotation names -> chunk parts, stream roles, layers per chunk (docs/traces.md))',
    ],
    [
      ['a.json', '--scenario', 'b.json', '-o', '-', '--json'],
      '-o - and --json would both write to stdout; write the scenario to a file',
    ],
  ])('exits 2 with one line for a bad command line %j', async (argv, message) => {
    const t = memoryIO({});
    expect(await traceCommand(argv, t.io)).toBe(2);
    expect(t.stderr()).toBe(`pipescope: ${message}\n`);
  });

  it('takes --stream-role several times, the first given winning for a stream', async () => {
    const b = new TraceBuilder();
    b.annotation('a', 0, 50);
    b.kernel('k', { stream: 9, launch: 10, start: 0, dur: 100 });
    const t = memoryIO({ 'x.json': b.text() });
    expect(
      await traceCommand(
        ['x.json', '--stream-role', '0:9=comm', '--stream-role', '9=compute', '--json'],
        t.io,
      ),
    ).toBe(0);
    const j = JSON.parse(t.stdout()) as TraceSummaryJson;
    // rank 0's own override beats the every-rank one, whatever the order
    expect(j.ranks[0].streams[0]).toMatchObject({ id: 9, role: 'comm', roleFrom: 'override' });
  });

  it('prints its usage with --help', async () => {
    const t = memoryIO({});
    expect(await traceCommand(['--help'], t.io)).toBe(0);
    expect(t.stdout()).toMatch(/^ {2}pipescope trace FILE\.\.\. \[flags\]$/m);
    expect(t.stdout()).toContain('  pipescope trace FILE... --scenario BASE.json -o OUT.json');
    expect(t.stdout()).toContain('--stream-role [RANK:]STREAM=compute|comm');
  });
});
