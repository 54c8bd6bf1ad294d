import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xmlEscape, xmlUnescape } from './xml';

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

describe('xmlUnescape', () => {
  it('reads decimal and hexadecimal character references as an XML parser does', () => {
    // U+00E9 is 233; U+1F600 (an astral character) is 128512.
    expect(xmlUnescape('caf&#233; caf&#xE9; caf&#xe9; &#128512; &#x1F600;')).toBe(
      'caf\u00e9 caf\u00e9 caf\u00e9 \ud83d\ude00 \ud83d\ude00',
    );
  });

  it('leaves unknown entities, malformed references and numbers beyond Unicode as written', () => {
    expect(xmlUnescape('&nbsp; &#; &#xZZ; &amp &#x110000; &#99999999;')).toBe(
      '&nbsp; &#; &#xZZ; &amp &#x110000; &#99999999;',
    );
  });

  it('replaces each reference once (&amp;lt; is the text &lt;)', () => {
    expect(xmlUnescape('&amp;lt; &amp;#60;')).toBe('&lt; &#60;');
  });
});
