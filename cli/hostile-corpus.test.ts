import { mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../core/format/limits';
import { pairLayerTrace } from '../core/trace/synthetic';
import { type CliIO, runCli } from './commands';
import { rawControl } from './raw-control.test-helper';
import { readFileBounded } from './read-file';
import { openTraceFile } from './trace-io';

/**
 * Every command on every file of the hostile corpus: the small files kept in e2e/fixtures/hostile/
 * (each named for what it tries) and large ones made here (a crafted SVG, ten million empty
 * arrays, a file past the cap, a scenario at the ops cap...). Each command must answer within the
 * test's timeout with its documented exit code, every error as `SOURCE: PATH: MESSAGE`, no stack
 * trace, and nothing in its output that acts on a terminal.
 */

const corpus = join(__dirname, '..', 'e2e', 'fixtures', 'hostile');
const dir = mkdtempSync(join(tmpdir(), 'pipescope-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Files whose scenario opens and passes every check: validate exits 0 on them, 1 on the rest. */
const VALID = new Set([
  'duplicate-keys.json',
  'invalid-utf8.json',
  'prototype-keys.json',
  'svg-decoys.svg',
  'terminal-escapes.json',
  'unknown-in-parts-forward.json',
  'utf16be-bom.json',
  'utf16le-bom.json',
  'zero-costs.json',
  'values-within-budget.json',
  'ops-cap.json',
]);

const HEAD = '"format": "pipescope-scenario", "version": 1';

/** The large members of the corpus, made in a temporary directory rather than kept in the repo. */
const LARGE: Record<string, () => string> = {
  // The old metadata expression took time cubic in the length of this one.
  'crafted-512k.svg': () =>
    `<svg>${'<metadata id="pipescope-scenario"'.repeat(Math.floor((512 * 1024) / 33))}`,
  'wide-array.json': () => `{${HEAD}, "notes": [${'[],'.repeat(10_000_000)}[]]}`,
  'many-unknown-fields.json': () =>
    `{${HEAD}, ${Array.from({ length: 100_000 }, (_, k) => `"u${k}": ${k}`).join(', ')}}`,
  'long-string.json': () => `{${HEAD}, "notes": "${'x'.repeat(2 * LIMITS.stringChars)}"}`,
  // Three bytes an item here, 128 bytes saved (indented 62 levels deep): it could not be saved back.
  'saves-too-large.json': () =>
    `{${HEAD}, "notes": ${'['.repeat(60)}${Array(400_000).fill('[]').join(',')}${']'.repeat(60)}}`,
  'values-within-budget.json': () => `{${HEAD}, "notes": [${Array(100_000).fill('1.5e300').join(',')}]}`,
  // 1F1B on 38 devices x 65,536 micro-batches: 4,980,736 ops, just under the cap.
  'ops-cap.json': () => `{${HEAD}, "devices": 38, "microbatches": 65536}`,
};

const OVER_THE_CAP = 'over-the-cap.json';
const files = [
  ...readdirSync(corpus)
    .filter((f) => f !== 'README.md')
    .map((f) => join(corpus, f)),
  ...[...Object.keys(LARGE), OVER_THE_CAP].map((f) => join(dir, f)),
];

/** A profiler trace whose annotations name every part: `trace --map` and `--scenario` read the corpus file beside it. */
const TRACE = join(dir, 'pair-trace.json');

beforeAll(() => {
  writeFileSync(TRACE, pairLayerTrace().text());
  for (const [name, make] of Object.entries(LARGE)) writeFileSync(join(dir, name), make());
  // Past the size cap, without using the disk: refused by its size before anything is read.
  writeFileSync(join(dir, OVER_THE_CAP), '');
  truncateSync(join(dir, OVER_THE_CAP), LIMITS.fileBytes + 1);
});

/** The real file system (bounded reads, as the CLI reads), captured streams. */
function fileIO() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    readFile: (p) => readFileBounded(p, LIMITS.fileBytes),
    writeFile: (p, d) => writeFileSync(p, d),
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    stderrIsTTY: false,
    openTrace: openTraceFile,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

function commandsFor(file: string): string[][] {
  const out = (ext: string) => join(dir, `out.${ext}`);
  return [
    ['validate', file],
    ['simulate', file],
    ['simulate', file, '--json'],
    ['compare', file],
    ['compare', file, '--json'],
    ['render', file, '-o', out('svg')],
    ['export', file, '--format', 'csv', '-o', out('csv')],
    ['export', file, '--format', 'parts-csv', '-o', out('parts.csv')],
    ['export', file, '--format', 'chrome-trace', '-o', out('trace.json')],
    ['export', file, '--format', 'json', '-o', out('json')],
    ['fmt', file, '-o', out('fmt.json')],
    // The file as a trace, as the trace's mapping, and as the scenario the measured parts go into.
    ['trace', file],
    ['trace', TRACE, '--map', file],
    ['trace', TRACE, '--scenario', file, '-o', out('traced.json')],
  ];
}

describe('every command on every file of the hostile corpus', () => {
  it.each(files.map((f) => [f.slice(f.lastIndexOf('/') + 1), f]))(
    '%s: answers, exits as documented, prints no stack and nothing raw',
    async (name, file) => {
      for (const argv of commandsFor(file)) {
        const t = fileIO();
        const code = await runCli(argv, t.io);
        const what = `${argv.join(' ')} -> ${code}\n${t.stderr().slice(0, 500)}`;
        const all = t.stdout() + t.stderr();
        expect(rawControl(all), what).toBeNull();
        expect(all, what).not.toMatch(/\n\s+at .+:\d+:\d+|a bug in PipeScope|RangeError|Maximum call stack/);
        expect([0, 1], what).toContain(code);
        if (argv[0] === 'validate') expect(code, what).toBe(VALID.has(name) ? 0 : 1);
        // Every line on stderr is a warning or an error in the one shape, naming the file.
        for (const line of t.stderr().split('\n').filter(Boolean))
          expect(line, what).toMatch(/^(warning: .+|[^:]+: (warning: .+|[^:]+: .+))$/);
        if (code === 1 && argv[0] !== 'validate') expect(t.stderr(), what).toMatch(/: .+: .+/);
      }
    },
    180_000,
  );
});
