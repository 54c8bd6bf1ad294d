import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMs, msToUs, roundMs, xmlEscape, xmlUnescape } from './text';

describe('xmlEscape', () => {
  it('writes the five XML entities for & < > " \'', () => {
    expect(xmlEscape(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;',
    );
  });

  it('returns text that needs nothing unchanged, including tabs, line breaks and astral characters', () => {
    const text = 'plain\ttext\r\nwith \u00e9 \u4e2d \ud83d\ude00';
    expect(xmlEscape(text)).toBe(text);
  });

  it('replaces characters XML 1.0 cannot hold with U+FFFD', () => {
    expect(xmlEscape('a\u0000b\u0008c\u001fd\ufffe\uffff')).toBe('a\ufffdb\ufffdc\ufffdd\ufffd\ufffd');
    expect(xmlEscape('lone \ud800 high, lone \udc00 low, end \ud83d')).toBe(
      'lone \ufffd high, lone \ufffd low, end \ufffd',
    );
  });

  it('is undone by xmlUnescape for any text XML can hold', () => {
    const xmlChar = fc
      .integer({ min: 0x20, max: 0xd7ff })
      .map((c) => String.fromCharCode(c))
      .filter((c) => c.length === 1);
    const text = fc.array(fc.oneof(xmlChar, fc.constantFrom('&', '<', '>', '"', "'", '\n', '&amp;')), {
      maxLength: 60,
    });
    fc.assert(
      fc.property(text, (chars) => {
        const s = chars.join('');
        const escaped = xmlEscape(s);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(xmlUnescape(escaped)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});

describe('time rounding', () => {
  it('rounds ms to whole nanoseconds and converts to microseconds', () => {
    expect(roundMs(0.1 + 0.2)).toBe(0.3);
    expect(roundMs(1.0000004)).toBe(1);
    expect(roundMs(-1e-12)).toBe(0);
    expect(Object.is(roundMs(-1e-12), -0)).toBe(false);
    expect(msToUs(1.5)).toBe(1500);
    expect(msToUs(0.0000015)).toBe(0.002);
  });
});

describe('formatMs', () => {
  it('prints exactly what String(roundMs(t)) prints', () => {
    for (const t of [
      0,
      1,
      0.3,
      0.1 + 0.2,
      1e-7,
      5e-7,
      1.000001,
      12.5,
      -3.25,
      123456.789012,
      2.0000004,
      1e12,
    ]) {
      expect(formatMs(t)).toBe(String(roundMs(t)));
    }
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (t) => {
        expect(formatMs(t)).toBe(String(roundMs(t)));
      }),
      { numRuns: 2000 },
    );
  });
});
