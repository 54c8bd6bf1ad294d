/**
 * XML text: escaping what PipeScope writes into SVG files (core/export/svg.ts) and reading back
 * the scenario an SVG carries (core/format/svg-metadata.ts).
 */

const XML_ENTITY: Record<number, string> = {
  38: '&amp;',
  60: '&lt;',
  62: '&gt;',
  34: '&quot;',
  39: '&apos;',
};

/**
 * Escapes text for XML character data and attribute values: & < > " ' become the five predefined
 * entities. Characters XML 1.0 cannot hold even escaped (C0 controls other than TAB, LF, CR;
 * U+FFFE, U+FFFF; unpaired surrogates) become U+FFFD, so user text can never make a file
 * unparseable. One pass over the string; returns it unchanged when nothing needs escaping.
 */
export function xmlEscape(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let replacement: string | undefined = XML_ENTITY[c];
    if (replacement === undefined) {
      if (c < 0x20) {
        if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
      } else if (c >= 0xd800 && c <= 0xdbff) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          i++;
          continue;
        }
      } else if (!(c >= 0xdc00 && c <= 0xdfff) && c !== 0xfffe && c !== 0xffff) continue;
      replacement = '\uFFFD';
    }
    out += text.slice(from, i) + replacement;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Replaces XML's predefined entities and character references (`&#233;`, `&#xE9;`) by the
 * characters they stand for, as an XML parser does for text content: the inverse of xmlEscape, and
 * able to read what other XML writers produce. A reference to a number beyond Unicode stays as
 * written.
 */
export function xmlUnescape(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, entity: string) => {
    if (entity[0] !== '#') return PREDEFINED[entity];
    const code =
      entity[1] === 'x' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
