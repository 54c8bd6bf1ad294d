import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../core/export/svg';
import { loadScenario, saveScenario } from '../../core/format/scenario-file';
import { fakeAnalysis, oneFOneBTwoByTwo } from '../../core/export/fixtures.test-helper';
import { runCli } from '../commands';
import { memoryIO } from '../memory-io.test-helper';

/** Keys out of order, an unknown field with a typo, compact JSON: what a hand-edited file looks like. */
const MESSY = '{"devices":2,"version":1,"format":"pipescope-scenario","microbatch":3,"schedule":"gpipe"}';

/** The canonical text of MESSY, written out by hand from docs/scenario-format.md. */
const CANONICAL = `{
  "$schema": "pipescope-scenario.schema.json",
  "format": "pipescope-scenario",
  "version": 1,
  "name": "Untitled scenario",
  "description": "",
  "schedule": "gpipe",
  "devices": 2,
  "microbatches": 8,
  "chunks": 2,
  "groupSize": null,
  "costs": {
    "forward": 1,
    "backwardInput": 1,
    "backwardWeight": 1
  },
  "p2p": {
    "time": 0,
    "occupiesComm": false
  },
  "parts": null,
  "smSplit": {
    "total": 132,
    "reserved": 0
  },
  "pairing": "off",
  "memory": {
    "activation": 1073741824,
    "weightGradStash": 268435456,
    "parameters": 4294967296,
    "capacity": null,
    "activationBudget": null
  },
  "microbatch": 3
}
`;

describe('pipescope fmt', () => {
  it('prints the canonical text Save writes: header, known fields in order, unknown fields kept after them', async () => {
    const t = memoryIO({ 'a.json': MESSY });
    expect(await runCli(['fmt', 'a.json'], t.io)).toBe(0);
    expect(t.stdout()).toBe(CANONICAL);
    const loaded = loadScenario(MESSY);
    expect(loaded.ok && saveScenario(loaded.scenario)).toBe(CANONICAL);
    expect(t.stderr()).toBe(
      'a.json: warning: microbatch: unknown field, kept as it is (did you mean "microbatches"?)\n',
    );
  });

  it('writes to -o OUT, and reads UTF-16 and SVG files as the app does', async () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from(MESSY).flatMap((c) => [c.charCodeAt(0), 0])]);
    const loaded = loadScenario(MESSY);
    const svg = renderSvg([fakeAnalysis(oneFOneBTwoByTwo().timeline)], {
      scenarioText: loaded.ok ? saveScenario(loaded.scenario) : '',
    });
    const t = memoryIO({ 'a16.json': utf16, 'pic.svg': svg });
    expect(await runCli(['fmt', 'a16.json', '-o', 'out.json'], t.io)).toBe(0);
    expect(t.files['out.json']).toBe(CANONICAL);
    expect(await runCli(['fmt', 'pic.svg', '-o', 'from-svg.json'], t.io)).toBe(0);
    expect(t.files['from-svg.json']).toBe(CANONICAL);
  });

  it('--write rewrites each file that changes, leaves canonical ones untouched, and refuses to turn an SVG into JSON', async () => {
    const t = memoryIO({
      'messy.json': MESSY,
      'clean.json': CANONICAL,
      'pic.svg': renderSvg([oneFOneBTwoByTwo()], { scenarioText: CANONICAL }),
    });
    expect(await runCli(['fmt', '--write', 'messy.json', 'clean.json', 'pic.svg'], t.io)).toBe(1);
    expect(t.written).toEqual(['messy.json']);
    expect(t.files['messy.json']).toBe(CANONICAL);
    expect(t.stdout()).toBe('messy.json: written\nclean.json: unchanged\n');
    expect(t.stderr()).toContain('pic.svg: (root): is an SVG: fmt --write rewrites scenario files only');
  });

  it('reports a file that does not open and goes on with the others', async () => {
    const t = memoryIO({
      'bad.json': '{"format": "pipescope-scenario", "version": 1, "devices": 0}',
      'ok.json': MESSY,
    });
    expect(await runCli(['fmt', '--write', 'bad.json', 'missing.json', 'ok.json'], t.io)).toBe(1);
    expect(t.files['bad.json']).toBe('{"format": "pipescope-scenario", "version": 1, "devices": 0}');
    expect(t.files['ok.json']).toBe(CANONICAL);
    const errors = t
      .stderr()
      .split('\n')
      .filter((l) => !l.includes('warning'));
    expect(errors[0]).toBe('bad.json: devices: must be at least 1 (got 0)');
    expect(errors[1]).toMatch(/^missing\.json: \(root\): cannot read the file: ENOENT/);
  });

  it('asks for --write with several files, and takes -o or --write, not both (exit 2)', async () => {
    const t = memoryIO({ 'a.json': MESSY, 'b.json': MESSY });
    expect(await runCli(['fmt', 'a.json', 'b.json'], t.io)).toBe(2);
    expect(t.stderr()).toBe(
      'pipescope: fmt writes one file to stdout; give --write to rewrite 2 files in place\n',
    );
    const u = memoryIO({ 'a.json': MESSY });
    expect(await runCli(['fmt', 'a.json', '-o', 'x.json', '--write'], u.io)).toBe(2);
    expect(u.written).toEqual([]);
  });
});
