import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../model/scenario';
import type { Migration } from './migrations';
import { unitChunkParts } from './testing/chunk-parts';
import { type LoadResult, loadScenario, parseScenarioObject, saveScenario } from './scenario-file';

const header = { format: 'pipescope-scenario', version: 1 };

function errorsOf(r: LoadResult) {
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors;
}

function okOf(r: LoadResult) {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r;
}

describe('loading', () => {
  it('fills every missing field from defaultScenario()', () => {
    const r = okOf(loadScenario(JSON.stringify(header)));
    expect(r.scenario).toEqual(defaultScenario());
    expect(r.warnings).toEqual([]);
  });

  it('fills missing fields inside a partly given object', () => {
    const r = okOf(parseScenarioObject({ ...header, costs: { forward: 3 }, memory: { capacity: 80 } }));
    expect(r.scenario.costs).toEqual({ ...defaultScenario().costs, forward: 3 });
    expect(r.scenario.memory).toEqual({ ...defaultScenario().memory, capacity: 80 });
  });

  it('names the JSON path of a bad element inside a per-device array', () => {
    const errors = errorsOf(parseScenarioObject({ ...header, costs: { forward: [1, 1, 1, -2] } }));
    expect(errors).toEqual([{ path: 'costs.forward[3]', message: 'must be at least 0 ms (got -2)' }]);
  });

  it('reports every bad value at once, each with its path', () => {
    const errors = errorsOf(
      parseScenarioObject({
        ...header,
        devices: '4',
        schedule: 'zb-h3',
        p2p: { time: Number.NaN },
        chunks: 1.5,
      }),
    );
    expect(errors.map((e) => e.path).sort()).toEqual(['chunks', 'devices', 'p2p.time', 'schedule']);
    expect(errors.find((e) => e.path === 'devices')!.message).toBe('expected a number (got "4")');
    expect(errors.find((e) => e.path === 'chunks')!.message).toBe('must be a whole number (got 1.5)');
    expect(errors.find((e) => e.path === 'p2p.time')!.message).toMatch(/NaN/);
    expect(errors.find((e) => e.path === 'schedule')!.message).toMatch(/"zb-h1".*"zb-h3"|got "zb-h3"/);
  });

  it('reports faults of different kinds together: a type, a per-device count, the SM split', () => {
    const errors = errorsOf(
      parseScenarioObject({
        ...header,
        name: 5,
        devices: 4,
        costs: { forward: [1, 2, 3] },
        smSplit: { total: 10, reserved: 10 },
      }),
    );
    expect(errors.map((e) => e.path)).toEqual(['name', 'costs.forward', 'smSplit.reserved']);
  });

  it('opens a file its schedule cannot run, or one missing a bandwidth, so the editor can fix it', () => {
    const r = okOf(
      parseScenarioObject({
        ...header,
        schedule: 'interleaved-1f1b',
        devices: 4,
        microbatches: 6,
        p2p: { bytes: 1e6 },
      }),
    );
    expect(r.scenario.microbatches).toBe(6);
    expect(r.scenario.p2p.bytes).toBe(1e6);
  });

  it('says a per-device cost neither number nor array expects one of the two', () => {
    const errors = errorsOf(parseScenarioObject({ ...header, costs: { backwardWeight: 'fast' } }));
    expect(errors).toEqual([
      { path: 'costs.backwardWeight', message: 'expected number or array (got "fast")' },
    ]);
  });

  it('requires one cost per device when costs are given per device', () => {
    const errors = errorsOf(
      parseScenarioObject({ ...header, devices: 4, costs: { backwardInput: [1, 2, 3] } }),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('costs.backwardInput');
    expect(errors[0].message).toMatch(/3 value\(s\) but devices is 4/);
  });

  it('explains a million micro-batches instead of trying to run them', () => {
    const errors = errorsOf(parseScenarioObject({ ...header, microbatches: 1_000_000 }));
    expect(errors).toEqual([{ path: 'microbatches', message: 'must be at most 65,536 (got 1000000)' }]);
  });

  it('caps the total ops of the schedule even when each field is within its own cap', () => {
    // 1f1b runs F and BW per (stage, micro-batch): 1024 x 65536 x 2 = 134,217,728 ops.
    const errors = errorsOf(parseScenarioObject({ ...header, devices: 1024, microbatches: 65_536 }));
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('microbatches');
    expect(errors[0].message).toContain('about 134,217,728 ops for 1f1b');
  });

  it('keeps some SMs for compute', () => {
    const errors = errorsOf(parseScenarioObject({ ...header, smSplit: { total: 10, reserved: 10 } }));
    expect(errors.map((e) => e.path)).toEqual(['smSplit.reserved']);
  });

  it('rejects a document that is not an object, or not a PipeScope scenario', () => {
    expect(errorsOf(parseScenarioObject([1, 2]))[0]).toMatchObject({ path: '(root)' });
    expect(errorsOf(parseScenarioObject({ version: 1 }))[0]).toMatchObject({ path: 'format' });
    expect(errorsOf(parseScenarioObject({ format: 'excalidraw', version: 1 }))[0].message).toMatch(
      /not a PipeScope scenario/,
    );
    expect(errorsOf(parseScenarioObject({ format: 'pipescope-scenario' }))[0]).toMatchObject({
      path: 'version',
    });
  });

  it('says plainly that a file from a newer version needs a newer PipeScope', () => {
    const errors = errorsOf(loadScenario('{"format": "pipescope-scenario", "version": 7}'));
    expect(errors).toEqual([
      {
        path: 'version',
        message: 'made by a newer PipeScope: version 7, this one reads up to 1 — update PipeScope to open it',
      },
    ]);
  });

  it('gives the line and column where the text stops being JSON', () => {
    // The stray comma is on line 3; the parser stops at the "}" in column 1 of line 4.
    const text = '{\n  "format": "pipescope-scenario",\n  "version": 1,\n}\n';
    const errors = errorsOf(loadScenario(text));
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('(root)');
    expect(errors[0].message).toMatch(/^not valid JSON at line 4, column 1: /);
  });

  it('reports truncated JSON at the end of the text', () => {
    const errors = errorsOf(loadScenario('{\n"format": "pipescope-scenario",\n"ver'));
    expect(errors[0].message).toMatch(/^not valid JSON at line 3, column 5: /);
  });

  it('refuses values nested absurdly deep, naming where', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    const errors = errorsOf(parseScenarioObject({ ...header, notes: deep }));
    expect(errors[0].path).toBe(`notes${'[0]'.repeat(63)}`);
  });

  it('accepts a byte-order mark before the JSON', () => {
    okOf(loadScenario(`\ufeff${JSON.stringify(header)}`));
  });
});

describe('unknown fields', () => {
  it('are kept at the top level and in nested objects, with a warning that suggests the likely name', () => {
    const r = okOf(
      parseScenarioObject({ ...header, microbatch: 16, costs: { forwrd: 2, forward: 1 }, team: { a: [1] } }),
    );
    expect(r.scenario.microbatches).toBe(8);
    expect(r.scenario.extra).toEqual({ microbatch: 16, team: { a: [1] } });
    expect((r.scenario.costs as unknown as Record<string, unknown>).forwrd).toBe(2);
    expect(r.warnings).toEqual([
      'microbatch: unknown field, kept as it is (did you mean "microbatches"?)',
      'costs.forwrd: unknown field, kept as it is (did you mean "forward"?)',
      'team: unknown field, kept as it is',
    ]);
    const again = okOf(loadScenario(saveScenario(r.scenario)));
    expect(again.scenario).toEqual(r.scenario);
  });

  it('named __proto__ stay plain data and change no prototype', () => {
    const r = okOf(
      loadScenario(
        '{"format":"pipescope-scenario","version":1,"__proto__":{"polluted":1},"memory":{"__proto__":{"x":2}}}',
      ),
    );
    expect(Object.getPrototypeOf(r.scenario.extra)).toBe(Object.prototype);
    expect(Object.hasOwn(r.scenario.extra!, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const text = saveScenario(r.scenario);
    expect(text).toContain('\n    "__proto__": {\n      "x": 2\n    }');
    expect(text).toContain('\n  "__proto__": {\n    "polluted": 1\n  }');
    const again = okOf(loadScenario(text));
    expect(again.scenario).toEqual(r.scenario);
  });
});

describe('canonical output', () => {
  it('writes the header first, then the Scenario fields in order, 2-space indent, trailing newline', () => {
    const text = saveScenario(defaultScenario());
    expect(text.endsWith('}\n')).toBe(true);
    const topKeys = [...text.matchAll(/^ {2}"([^"]+)":/gm)].map((m) => m[1]);
    expect(topKeys).toEqual([
      '$schema',
      'format',
      'version',
      'name',
      'description',
      'schedule',
      'devices',
      'microbatches',
      'chunks',
      'groupSize',
      'costs',
      'p2p',
      'parts',
      'smSplit',
      'pairing',
      'memory',
    ]);
    expect(text).toContain('\n  "costs": {\n    "forward": 1,');
  });

  it('does not depend on the order fields were set in', () => {
    const s = defaultScenario();
    const shuffled = Object.fromEntries(Object.entries(s).reverse()) as typeof s;
    shuffled.memory = Object.fromEntries(Object.entries(s.memory).reverse()) as typeof s.memory;
    expect(saveScenario(shuffled)).toBe(saveScenario(s));
  });

  it('puts short per-device arrays on one line', () => {
    const s = {
      ...defaultScenario(),
      costs: { forward: [1, 2, 3, 4.5], backwardInput: 1, backwardWeight: 1 },
    };
    expect(saveScenario(s)).toContain('"forward": [1, 2, 3, 4.5],');
  });

  it('round-trips: load(save(s)) is s, and save is stable', () => {
    const text = readFileSync(join(__dirname, 'fixtures', 'v1-full.json'), 'utf8');
    const first = okOf(loadScenario(text)).scenario;
    const saved = saveScenario(first);
    const second = okOf(loadScenario(saved)).scenario;
    expect(second).toEqual(first);
    expect(saveScenario(second)).toBe(saved);
    expect(saved).toContain('"$schema": "../../../schema/pipescope-scenario.schema.json"');
  });
});

describe('SVG exported by PipeScope', () => {
  const xmlEscape = (s: string) =>
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;');

  it('opens the scenario embedded in its metadata, escaped text included', () => {
    const s = { ...defaultScenario(), name: `<script>alert("x & 'y'")</script>`, devices: 6 };
    const svg = `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><title>t</title><metadata id="pipescope-scenario">${xmlEscape(saveScenario(s))}</metadata><rect/></svg>`;
    const r = okOf(loadScenario(svg));
    expect(r.scenario.name).toBe(s.name);
    expect(r.scenario.devices).toBe(6);
  });

  it('says when an SVG carries no scenario', () => {
    const errors = errorsOf(loadScenario('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'));
    expect(errors[0].message).toMatch(/no PipeScope scenario/);
  });

  it('refuses an SVG nested inside the metadata instead of recursing', () => {
    const inner = '<svg><metadata id="pipescope-scenario">{}</metadata></svg>';
    const svg = `<svg><metadata id="pipescope-scenario">${xmlEscape(inner)}</metadata></svg>`;
    expect(errorsOf(loadScenario(svg))[0].message).toMatch(/itself an SVG/);
  });

  it('reports errors of the embedded scenario with their paths', () => {
    const svg = `<svg><metadata id="pipescope-scenario">{"format":"pipescope-scenario","version":1,"devices":0}</metadata></svg>`;
    const errors = errorsOf(loadScenario(svg));
    expect(errors[0].path).toBe('devices');
    expect(errors[0].message).toMatch(/in the scenario embedded in the SVG/);
  });
});

describe('migrations', () => {
  // Test steps: v1 had "stages" for devices; v2 had "m" for microbatches. Current = 3.
  const steps: Migration[] = [
    {
      from: 1,
      description: 'stages renamed devices',
      up: ({ stages, ...rest }) => (stages === undefined ? rest : { ...rest, devices: stages }),
    },
    {
      from: 2,
      description: 'm renamed microbatches',
      up: ({ m, ...rest }) => (m === undefined ? rest : { ...rest, microbatches: m }),
    },
  ];

  it('runs every step from the file version to the current one, then fills defaults and keeps unknown fields', () => {
    const r = okOf(
      parseScenarioObject(
        { format: 'pipescope-scenario', version: 1, stages: 6, m: 12, mine: true },
        { migrations: steps },
      ),
    );
    expect(r.scenario.devices).toBe(6);
    expect(r.scenario.microbatches).toBe(12);
    expect(r.scenario.chunks).toBe(defaultScenario().chunks);
    expect(r.scenario.extra).toEqual({ mine: true });
    expect(r.warnings[0]).toMatch(/migrated from format version 1 to 3/);
  });

  it('starts from the file version: a version-2 file skips step 1', () => {
    const r = okOf(
      parseScenarioObject(
        { format: 'pipescope-scenario', version: 2, stages: 6, m: 12 },
        { migrations: steps },
      ),
    );
    expect(r.scenario.devices).toBe(4);
    expect(r.scenario.microbatches).toBe(12);
    expect(r.scenario.extra).toEqual({ stages: 6 });
  });

  it('reads the current version without migrating', () => {
    const r = okOf(
      parseScenarioObject({ format: 'pipescope-scenario', version: 3, m: 5 }, { migrations: steps }),
    );
    expect(r.warnings).toEqual(['m: unknown field, kept as it is']);
  });

  it('names the newest version it reads when the file is newer', () => {
    const errors = errorsOf(
      parseScenarioObject({ format: 'pipescope-scenario', version: 4 }, { migrations: steps }),
    );
    expect(errors[0].message).toMatch(/^made by a newer PipeScope: version 4, this one reads up to 3/);
  });

  it('turns a step that fails on odd input into an error, not an exception', () => {
    const broken: Migration[] = [
      {
        from: 1,
        description: 'x',
        up: () => {
          throw new Error('boom');
        },
      },
    ];
    const errors = errorsOf(parseScenarioObject({ ...header }, { migrations: broken }));
    expect(errors[0]).toEqual({ path: 'version', message: 'could not migrate from version 1 to 2: boom' });
  });
});

describe('fixtures of every format version', () => {
  const dir = join(__dirname, 'fixtures');
  const files = readdirSync(dir).filter((f) => /^v\d+-.*\.json$/.test(f));

  it('exist for version 1', () => {
    expect(files.filter((f) => f.startsWith('v1-')).length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s still loads', (f) => {
    const r = okOf(loadScenario(readFileSync(join(dir, f), 'utf8')));
    expect(r.scenario.name.length).toBeGreaterThan(0);
  });

  it('v1-full.json keeps every value it sets', () => {
    const r = okOf(loadScenario(readFileSync(join(dir, 'v1-full.json'), 'utf8')));
    expect(r.scenario.schedule).toBe('dualpipe');
    expect(r.scenario.costs.forward).toEqual([1, 1.5, 1, 1]);
    expect(r.scenario.parts?.backward.attentionWeight).toBe(0.3);
    expect(r.scenario.memory.capacity).toBe(85899345920);
    expect(r.scenario.extra).toEqual({
      $schema: '../../../schema/pipescope-scenario.schema.json',
      teamNotes: { owner: 'someone', tags: ['a', 'b'] },
    });
  });
});

describe('all-to-all sizes given as bytes over bandwidth', () => {
  it('keeps parts.commBytes and parts.commBandwidth through load and save', () => {
    const doc = {
      format: 'pipescope-scenario',
      version: 1,
      schedule: 'dualpipe',
      devices: 4,
      microbatches: 8,
      parts: {
        ...unitChunkParts(),
        commBytes: { forward: { dispatch: 2e8, combine: 4e8 }, backward: { dispatch: 4e8, combine: 2e8 } },
        commBandwidth: 50,
      },
    };
    const first = parseScenarioObject(doc);
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    expect(first.scenario.parts?.commBytes?.forward.combine).toBe(4e8);
    expect(first.scenario.parts?.commBandwidth).toBe(50);
    const again = loadScenario(saveScenario(first.scenario));
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(again.scenario.parts).toEqual(first.scenario.parts);
  });

  it('names the path of a bandwidth that is not positive', () => {
    const r = parseScenarioObject({
      format: 'pipescope-scenario',
      version: 1,
      parts: {
        forward: { attention: 1, dispatch: 1, mlp: 1, combine: 1 },
        backward: {
          combine: 1,
          mlpInput: 1,
          mlpWeight: 1,
          dispatch: 1,
          attentionInput: 1,
          attentionWeight: 1,
        },
        commBandwidth: 0,
      },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain('parts.commBandwidth');
  });
});

describe('parts measured from a profiler trace (measuredParts)', () => {
  const fixture = () => readFileSync(join(__dirname, 'fixtures', 'v1-measured.json'), 'utf8');

  it('is a field of the format: it loads without warnings and saves back byte for byte', () => {
    const r = okOf(loadScenario(fixture()));
    expect(r.warnings).toEqual([]);
    expect(r.scenario.measuredParts?.files).toEqual(['rank0.json.gz']);
    expect(r.scenario.measuredParts?.mapping.parts).toEqual({
      'layers.*.attn_fwd': 'attention(F)',
      'mlp(F)': null,
    });
    expect(r.scenario.extra).toEqual({ $schema: '../../../schema/pipescope-scenario.schema.json' });
    expect(saveScenario(r.scenario)).toBe(fixture());
  });

  it('is absent from files that have none, and saving adds none', () => {
    const r = okOf(parseScenarioObject(header));
    expect('measuredParts' in r.scenario).toBe(false);
    expect(saveScenario(r.scenario)).not.toContain('measuredParts');
  });

  it('names each wrong value in the mark and its mapping, and the file does not open', () => {
    const doc = JSON.parse(fixture());
    doc.measuredParts.parts[1] = 'attention';
    doc.measuredParts.mapping.parts['attn(F)'] = 'atention(F)';
    doc.measuredParts.mapping.streamRoles = { 'rank 0': 'comm' };
    doc.measuredParts.mapping.layersPerChunk = 0;
    const errors = errorsOf(parseScenarioObject(doc));
    expect(errors.map((e) => e.path)).toEqual([
      'measuredParts.parts[1]',
      'measuredParts.mapping.parts["attn(F)"]',
      'measuredParts.mapping.layersPerChunk',
      'measuredParts.mapping.streamRoles["rank 0"]',
    ]);
    expect(errors[1].message).toMatch(
      /^must be one of combine\(B\), attention\(F\), .* or null; got "atention\(F\)"$/,
    );
  });

  it('keeps an unknown field inside the mark, with the usual warning', () => {
    const doc = JSON.parse(fixture());
    doc.measuredParts.tool = 'nsys';
    const r = okOf(parseScenarioObject(doc));
    expect(r.warnings).toEqual(['measuredParts.tool: unknown field, kept as it is']);
    expect(JSON.parse(saveScenario(r.scenario)).measuredParts.tool).toBe('nsys');
  });
});
