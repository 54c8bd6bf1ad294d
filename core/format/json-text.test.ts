import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JsonBudget, jsonSyntaxError, lineColumn, parseJsonDocument, parseJsonText } from './json-text';
import { LIMITS } from './limits';

function messageOf(text: string): string {
  const r = parseJsonText(text);
  if (r.ok) throw new Error('expected a syntax error');
  expect(r.error.path).toBe('(root)');
  return r.error.message;
}

describe('parseJsonText', () => {
  it('gives the value of valid JSON', () => {
    expect(parseJsonText('{"a": [1, 2.5e3, "x", true, null]}')).toEqual({
      ok: true,
      value: { a: [1, 2500, 'x', true, null] },
    });
  });

  it('puts an unexpected token on its own line and column, not at the end of the text', () => {
    // Line 4 is `  "devices": x4,`: two spaces, "devices" (9), ":", " " make 13 characters before x.
    const text =
      '{\n  "format": "pipescope-scenario",\n  "version": 1,\n  "devices": x4,\n  "microbatches": 8\n}\n';
    expect(messageOf(text)).toBe(
      'not valid JSON at line 4, column 14: expected a value, found "x" (text needs double quotes)',
    );
  });

  it('says a comma is probably missing between two values', () => {
    const text = '{\n  "version": 1\n  "devices": 4\n}';
    expect(messageOf(text)).toBe(
      'not valid JSON at line 3, column 3: expected "," or "}" after a value, found "\\"" (is a comma missing?)',
    );
  });

  it('reports a string left open at the line break, naming where it starts', () => {
    // `  "name": "abc,`: the string opens at column 11 and the line ends at column 16.
    const text = '{\n  "name": "abc,\n  "version": 1\n}';
    expect(messageOf(text)).toBe(
      'not valid JSON at line 2, column 16: a line break inside the string that starts at line 2, column 11 (is its closing quote missing?)',
    );
  });

  it('reports a string left open at the end of the text', () => {
    expect(messageOf('{"name": "abc')).toBe(
      'not valid JSON at line 1, column 14: the text ends inside the string that starts at line 1, column 10 (is its closing quote missing?)',
    );
  });

  it('reports a trailing comma at the bracket it stands before', () => {
    // `  "a": [1, 2,]`: the "]" is the 14th character.
    expect(messageOf('{\n  "a": [1, 2,],\n  "b": 1\n}')).toBe(
      'not valid JSON at line 2, column 14: a comma before "]" (JSON allows no trailing comma)',
    );
    expect(messageOf('{\n  "format": "pipescope-scenario",\n  "version": 1,\n}\n')).toBe(
      'not valid JSON at line 4, column 1: a comma before "}" (JSON allows no trailing comma)',
    );
  });

  it('reports a truncated file at its end, naming the container left open', () => {
    // `  "devices": [1, 2` is 18 characters; its "[" is the 14th.
    expect(messageOf('{\n  "format": "pipescope-scenario",\n  "devices": [1, 2')).toBe(
      'not valid JSON at line 3, column 19: the text ends before the JSON does (the array opened at line 3, column 14 is not closed with "]")',
    );
    expect(messageOf('{"a": tr')).toBe(
      'not valid JSON at line 1, column 9: the text ends before the JSON does',
    );
  });

  it('explains what other formats allow and JSON does not', () => {
    expect(messageOf("{'a': 1}")).toMatch(/column 2: expected a key in double quotes or "}", found "'"/);
    expect(messageOf('{"a": NaN}')).toMatch(/column 7: .*there is no NaN/);
    expect(messageOf('{"a": 1} // note')).toMatch(/column 10: "\/" after the end of the JSON value/);
    expect(messageOf('{"a": 01}')).toMatch(/column 8: a number cannot have a leading zero/);
    expect(messageOf('{"a": "\\x"}')).toMatch(/column 8: unknown escape "\\x"/);
    expect(messageOf('')).toBe('not valid JSON at line 1, column 1: the text is empty');
  });
});

describe('jsonSyntaxError', () => {
  it('finds nothing in any text JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, pretty) => {
        expect(jsonSyntaxError(JSON.stringify(v, null, pretty ? 2 : undefined))).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with JSON.parse on damaged JSON: an error exactly when the engine refuses the text', () => {
    const damaged = fc
      .tuple(
        fc.jsonValue().map((v) => JSON.stringify(v, null, 1)),
        fc.nat(),
        fc.constantFrom('', ',', '}', ']', '"', ':', '0', '-', '.', 'e', '\\', '\n', 'x', ' ', '{', '['),
        fc.nat({ max: 3 }),
      )
      .map(([text, at, insert, cut]) => {
        const k = text.length === 0 ? 0 : at % text.length;
        return text.slice(0, k) + insert + text.slice(k + cut);
      });
    fc.assert(
      fc.property(damaged, (text) => {
        let engineAccepts = true;
        try {
          JSON.parse(text);
        } catch {
          engineAccepts = false;
        }
        expect(jsonSyntaxError(text) === null).toBe(engineAccepts);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('lineColumn', () => {
  it('counts lines by line feeds and columns from 1', () => {
    expect(lineColumn('ab\ncd\n', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd\n', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('ab\ncd\n', 6)).toEqual({ line: 3, column: 1 });
  });
});

describe('parseJsonDocument', () => {
  const roomy: JsonBudget = { values: 100, depth: 10, stringChars: 100, keyChars: 100 };
  const errorOf = (text: string, budget: Partial<JsonBudget>) => {
    const r = parseJsonDocument(text, { ...roomy, ...budget });
    if (r.ok) throw new Error('expected an error');
    return r.error;
  };

  it('parses what fits the budget, like JSON.parse', () => {
    const text = '{"a": [1, {"b": "x"}], "c": null}';
    expect(parseJsonDocument(text, roomy)).toEqual({
      ok: true,
      value: JSON.parse(text),
      duplicates: [],
      duplicateCount: 0,
    });
  });

  it('stops at the value past the budget and names its path', () => {
    // The object, the array, 1 and 2 are four values: with three allowed, a[1] is one too many.
    expect(errorOf('{"a": [1, 2, 3]}', { values: 3 })).toEqual({
      path: 'a[1]',
      message:
        'the document holds more than 3 values (objects, arrays, strings, numbers...); PipeScope reads at most that many',
    });
  });

  it('refuses ten million empty arrays (32 MB of text) before parsing them', () => {
    const text = `[${'[],'.repeat(10_000_000)}[]]`;
    expect(text.length).toBeLessThanOrEqual(LIMITS.fileBytes);
    // The outer array is value 1, so element k is value k + 2: element 999,999 is one too many.
    expect(errorOf(text, LIMITS).path).toBe('[999999]');
  });

  it('refuses nesting deeper than the budget at the container that goes too deep', () => {
    expect(errorOf('{"a": {"b": {"c": 1}}}', { depth: 2 })).toEqual({
      path: 'a.b',
      message: 'nested more than 2 levels deep; no scenario field needs that',
    });
    expect(parseJsonDocument('{"a": {"b": 1}}', { ...roomy, depth: 2 }).ok).toBe(true);
  });

  it('refuses a string or a key longer than the budget', () => {
    expect(errorOf('{"a": ["xy", "wxyz"]}', { stringChars: 3 })).toEqual({
      path: 'a[1]',
      message: 'is a string of 4 characters; strings are at most 3',
    });
    expect(errorOf('{"a": {"long": 1}}', { keyChars: 3 })).toEqual({
      path: 'a',
      message: 'has a key of 4 characters; keys are at most 3',
    });
  });

  it('finds every duplicate key with its path and where it is repeated; JSON.parse keeps the last value', () => {
    const text = '{\n "a": 1,\n "b": {"c": 1, "c": 2},\n "a": 3,\n "d\\u0065": 0, "de": 1\n}';
    const r = parseJsonDocument(text, roomy);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect((r.value as { a: number }).a).toBe(3);
    // Line 3 is ` "b": {"c": 1, "c": 2},`: the second "c" starts in column 16.
    expect(r.duplicates).toEqual([
      { path: ['b', 'c'], line: 3, column: 16 },
      { path: ['a'], line: 4, column: 2 },
      { path: ['de'], line: 5, column: 16 },
    ]);
    expect(r.duplicateCount).toBe(3);
  });

  it('still reports a syntax error with its line and column', () => {
    expect(errorOf('{\n"a": x}', {})).toEqual({
      path: '(root)',
      message: 'not valid JSON at line 2, column 6: expected a value, found "x" (text needs double quotes)',
    });
  });
});
