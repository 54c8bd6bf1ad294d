import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { terminalText } from './terminal-text';

describe('terminalText', () => {
  it('writes what would act on a terminal as \\u escapes: ESC sequences, BEL, CR, BS, DEL, C1, bidi overrides', () => {
    expect(terminalText('\u001b]0;title\u0007')).toBe('\\u001b]0;title\\u0007');
    expect(terminalText('a\rb\bc\u007f')).toBe('a\\u000db\\u0008c\\u007f');
    expect(terminalText('\u009b31m')).toBe('\\u009b31m');
    expect(terminalText('abc\u202edef\u2066')).toBe('abc\\u202edef\\u2066');
    expect(terminalText('line\nnext\ttab')).toBe('line\\u000anext\\u0009tab');
  });

  it('leaves other text alone, accents, CJK and emoji included', () => {
    expect(terminalText('Grüße, 流水线 🚀 (v3)')).toBe('Grüße, 流水线 🚀 (v3)');
  });

  it('keeps line ends and tabs when asked, but never a lone CR', () => {
    expect(terminalText('a\tb\nc\r\nd\re', true)).toBe('a\tb\nc\r\nd\\u000de');
  });

  it('keeps JSON output JSON with the same values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = terminalText(JSON.stringify(v), true);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
        for (const ch of text) {
          const c = ch.charCodeAt(0);
          expect(c < 0x20 || (c >= 0x7f && c <= 0x9f)).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
