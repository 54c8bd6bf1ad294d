import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { type Scenario, defaultScenario } from '../model/scenario';
import { getSchedule, scheduleNames } from '../schedules/registry';
import { utf8Length } from './canonical';
import { LIMITS } from './limits';
import { unitChunkParts } from './testing/chunk-parts';
import {
  type LoadResult,
  MAX_OPENED_SAVE_BYTES,
  MAX_OPENED_SAVE_VALUES,
  MAX_WARNINGS_LISTED,
  loadScenario,
  parseScenarioObject,
  saveScenario,
} from './scenario-file';

/**
 * The document budgets of limits.ts, each at its edge: one step inside opens, saves within
 * LIMITS.fileBytes and reopens equal; one step over is refused with a message naming the budget.
 */

const HEADER = '"format": "pipescope-scenario", "version": 1';

function okOf(r: LoadResult) {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors.slice(0, 3))}`);
  return r;
}

function errorsOf(r: LoadResult) {
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

/** Opens, saves within the cap, and reopens to the same scenario and the same text. */
function expectRoundTrip(text: string): Scenario {
  const first = okOf(loadScenario(text)).scenario;
  const saved = saveScenario(first);
  expect(utf8Length(saved)).toBeLessThanOrEqual(MAX_OPENED_SAVE_BYTES);
  const again = okOf(loadScenario(saved)).scenario;
  expect(again).toEqual(first);
  expect(saveScenario(again)).toBe(saved);
  return first;
}

/** Values in a parsed document, containers included, by a plain recursive walk. */
function countValues(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 1;
  let n = 1;
  for (const x of Object.values(v)) n += countValues(x);
  return n;
}

/** Values in the saved text of a file. */
const countSavedValues = (text: string) =>
  countValues(JSON.parse(saveScenario(okOf(loadScenario(text)).scenario)));

/** `{"format", "version", "notes": [...n values]}`: the object, two header values, the array, n more. */
const withNotes = (items: string) => `{${HEADER}, "notes": [${items}]}`;

describe('document budgets', () => {
  it(`reads ${LIMITS.values.toLocaleString('en-US')} values and refuses one more, naming where`, () => {
    // Root object, "format", "version" and the array are four values; the rest are zeros.
    const inside = LIMITS.values - 4;
    expect(errorsOf(loadScenario(withNotes(Array(inside).fill('0').join(',')))).map((e) => e.path)).toEqual([
      '(root)',
    ]);
    const errors = errorsOf(
      loadScenario(
        withNotes(
          Array(inside + 1)
            .fill('0')
            .join(','),
        ),
      ),
    );
    expect(errors).toEqual([
      {
        path: `notes[${inside}]`,
        message: expect.stringMatching(/^the document holds more than 1,000,000 values/),
      },
    ]);
  });

  it('opens a file whose saved form leaves the values headroom, and refuses one that would not reopen after an edit', () => {
    // What saving adds to the file (the defaults of every known field), with "notes" empty.
    const savedWithout = countSavedValues(withNotes(''));
    const fits = MAX_OPENED_SAVE_VALUES - savedWithout;
    expectRoundTrip(withNotes(Array(fits).fill('0').join(',')));
    expect(
      errorsOf(
        loadScenario(
          withNotes(
            Array(fits + 1)
              .fill('0')
              .join(','),
          ),
        ),
      ),
    ).toEqual([
      {
        path: '(root)',
        message: expect.stringMatching(
          /would hold more than 996,000 values, .* keeps 4,000 of its 1,000,000 free/,
        ),
      },
    ]);
  });

  it(`keeps ${LIMITS.unknownFields.toLocaleString('en-US')} unknown fields, listing ${MAX_WARNINGS_LISTED} and counting the rest`, () => {
    const fields = (n: number) => Array.from({ length: n }, (_, k) => `"note${k}": ${k}`).join(', ');
    const text = `{${HEADER}, ${fields(LIMITS.unknownFields)}}`;
    const r = okOf(loadScenario(text));
    expect(Object.keys(r.scenario.extra ?? {})).toHaveLength(LIMITS.unknownFields);
    expect(r.warnings).toHaveLength(MAX_WARNINGS_LISTED + 1);
    expect(r.warnings[0]).toBe('note0: unknown field, kept as it is');
    expect(r.warnings.at(-1)).toBe(
      `(root): ${(LIMITS.unknownFields - MAX_WARNINGS_LISTED).toLocaleString('en-US')} more unknown field(s), kept as they are`,
    );
    expectRoundTrip(text);
    const over = errorsOf(loadScenario(`{${HEADER}, ${fields(LIMITS.unknownFields + 1)}}`));
    expect(over).toEqual([
      {
        path: '(root)',
        message:
          'has 10,001 fields PipeScope does not know; it keeps at most 10,000 (group them under one field, e.g. "notes": {...})',
      },
    ]);
  });

  it(`opens a string of ${LIMITS.stringChars.toLocaleString('en-US')} characters and refuses a longer one`, () => {
    expectRoundTrip(withNotes(`"${'x'.repeat(LIMITS.stringChars)}"`));
    expect(errorsOf(loadScenario(withNotes(`"${'x'.repeat(LIMITS.stringChars + 1)}"`)))[0]).toEqual({
      path: 'notes[0]',
      message: 'is a string of 1,048,577 characters; strings are at most 1,048,576',
    });
  });

  it(`opens values nested ${LIMITS.depth} containers deep and refuses ${LIMITS.depth + 1}`, () => {
    // The root object is the first container, "notes" the second.
    const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expectRoundTrip(withNotes(nested(LIMITS.depth - 2)));
    const errors = errorsOf(loadScenario(withNotes(nested(LIMITS.depth - 1))));
    expect(errors[0].path).toBe(`notes${'[0]'.repeat(LIMITS.depth - 1)}`);
  });

  it('refuses the same budgets in a document given as an object (the editor, IPC, tests)', () => {
    const doc = { format: 'pipescope-scenario', version: 1, notes: Array(LIMITS.values).fill(0) };
    expect(errorsOf(parseScenarioObject(doc))[0].path).toBe(`notes[${LIMITS.values - 4}]`);
    let deep: unknown = 0;
    for (let k = 0; k < LIMITS.depth; k++) deep = [deep];
    expect(errorsOf(parseScenarioObject({ format: 'pipescope-scenario', version: 1, deep }))[0].path).toBe(
      `deep${'[0]'.repeat(LIMITS.depth - 1)}`,
    );
  });

  it('refuses at open a file whose saved form would be over the cap, and opens one just under it', () => {
    // Empty arrays 60 arrays deep inside "notes": three bytes each in the file; saved, each is a
    // line of its own, indented 2 x 62 spaces (the root object, "notes", 60 arrays): 43 times larger.
    const depth = 60;
    const deepArray = (n: number) =>
      `${'['.repeat(depth)}${Array(n).fill('[]').join(',')}${']'.repeat(depth)}`;
    const savedBytesPerItem = 2 * (depth + 2) + 4; // indent, "[]", ",\n"
    const fits = Math.floor((MAX_OPENED_SAVE_BYTES - 100_000) / savedBytesPerItem);
    const small = withNotes(deepArray(fits));
    expect(small.length).toBeLessThan(LIMITS.fileBytes / 10);
    const opened = expectRoundTrip(small);
    expect(utf8Length(saveScenario(opened))).toBeGreaterThan(MAX_OPENED_SAVE_BYTES - 200_000);

    const big = withNotes(deepArray(Math.ceil(MAX_OPENED_SAVE_BYTES / savedBytesPerItem) + 1000));
    expect(big.length).toBeLessThan(LIMITS.fileBytes);
    expect(errorsOf(loadScenario(big))).toEqual([
      {
        path: '(root)',
        message: expect.stringMatching(
          /^saved by PipeScope .* would take more than 31\.0 MB, .* 1\.0 MB of its 32\.0 MB free for editing: it could not be saved back/,
        ),
      },
    ]);
  });

  it('leaves room for the largest edit: every known field at its largest saves within the save headroom', () => {
    // Control characters are the longest to write (\u0001, six bytes each); numbers the longest a
    // double prints; every array and string at its cap, every optional object present.
    const longest = (n: number) => '\u0001'.repeat(n);
    const number = 1.2345678901234568e-300;
    const perDevice = Array(LIMITS.devices).fill(number);
    const largest: Scenario = {
      ...defaultScenario(),
      name: longest(LIMITS.name),
      description: longest(LIMITS.description),
      schedule: 'interleaved-1f1b',
      devices: LIMITS.devices,
      microbatches: LIMITS.microbatches,
      chunks: LIMITS.chunks,
      costs: { forward: perDevice, backwardInput: perDevice, backwardWeight: perDevice },
      p2p: { time: number, occupiesComm: true, bytes: number, bandwidth: number },
      parts: {
        forward: { attention: number, dispatch: number, mlp: number, combine: number },
        backward: {
          combine: number,
          mlpInput: number,
          mlpWeight: number,
          dispatch: number,
          attentionInput: number,
          attentionWeight: number,
        },
        pairOrder: Array(64).fill(longest(64)),
        commBytes: {
          forward: { dispatch: number, combine: number },
          backward: { dispatch: number, combine: number },
        },
        commBandwidth: number,
      },
      smSplit: { total: LIMITS.smTotal, reserved: LIMITS.smTotal - 1 },
      pairing: 'steady-state',
      memory: {
        activation: number,
        weightGradStash: number,
        parameters: number,
        capacity: number,
        activationBudget: LIMITS.activationBudget,
      },
      // the layout as the editor edits it: its string at its cap, one cost per module (lists of
      // per-layer costs, and the order, come from files and imports, which check the budget whole)
      layout: {
        stages: longest(10_000),
        layer: { forward: number, backwardInput: number, backwardWeight: number },
        embedding: { forward: number, backwardInput: number, backwardWeight: number },
        loss: { forward: number, backwardInput: number, backwardWeight: number },
        mtp: { forward: number, backwardInput: number, backwardWeight: number },
      },
    };
    const text = saveScenario(largest);
    expect(utf8Length(text)).toBeLessThanOrEqual(LIMITS.saveHeadroomBytes);
    expect(countValues(JSON.parse(text))).toBeLessThanOrEqual(LIMITS.saveHeadroomValues);
  });
});

describe('what a file holds stays analysable and reported', () => {
  it('a scenario with an unknown field inside parts.forward opens with a warning and analyses, in every schedule', () => {
    const parts = {
      ...unitChunkParts(),
      forward: { ...unitChunkParts().forward, note: { by: 'a teammate' } },
    };
    const r = okOf(
      loadScenario(JSON.stringify({ format: 'pipescope-scenario', version: 1, devices: 4, parts })),
    );
    expect(r.warnings).toEqual(['parts.forward.note: unknown field, kept as it is']);
    // (every schedule but the custom one, which runs the scenario's order and there is none here)
    for (const schedule of scheduleNames().filter((n) => getSchedule(n)?.placement !== 'order')) {
      // The scenario as the app holds it after a round trip through the analysis worker.
      const a = analyze(structuredClone(r.scenario), schedule);
      expect(a.ok ? [] : a.errors).toEqual([]);
    }
    expect(JSON.parse(saveScenario(r.scenario)).parts.forward.note).toEqual({ by: 'a teammate' });
  });

  it('a number JSON cannot hold (1e400 becomes Infinity) is an error at its field, known or not', () => {
    const errors = errorsOf(loadScenario(`{${HEADER}, "devices": 1e400, "notes": {"big": [1, -1e400]}}`));
    expect(errors.map((e) => e.path).sort()).toEqual(['devices', 'notes']);
    expect(errors.find((e) => e.path === 'notes')?.message).toBe(
      'holds -Infinity, which JSON cannot write: numbers are at most about ±1.8e308',
    );
  });

  it('duplicate keys open with a warning naming each path and where it is repeated', () => {
    const text = `{${HEADER},\n "devices": 2,\n "memory": {"capacity": 1, "capacity": 2},\n "devices": 3\n}`;
    const r = okOf(loadScenario(text));
    expect(r.scenario.devices).toBe(3);
    expect(r.scenario.memory.capacity).toBe(2);
    expect(r.warnings).toEqual([
      'memory.capacity: the key is given twice (again at line 3, column 28); the last value counts and saving keeps only it',
      'devices: the key is given twice (again at line 4, column 2); the last value counts and saving keeps only it',
    ]);
  });
});
