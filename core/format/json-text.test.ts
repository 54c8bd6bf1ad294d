import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSyntaxError, lineColumn, parseJsonText } from './json-text';

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
