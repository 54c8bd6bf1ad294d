import type { Ms } from '../model/units';

/**
 * Times in exported files are rounded to whole nanoseconds (6 decimals of a millisecond): enough
 * for any measured kernel, and it turns float noise such as 0.30000000000000004 into 0.3.
 */
export function roundMs(t: Ms): number {
  const r = Math.round(t * 1e6) / 1e6;
  return r === 0 ? 0 : r; // no "-0" in the output
}

/**
 * String(roundMs(t)), without the cost of printing a double: the value is split into whole ms and
 * nanoseconds (integers), so a 100k-row CSV spends its time on rows, not on number formatting.
 */
export function formatMs(t: Ms): string {
  if (!(Math.abs(t) < 1e9)) return String(roundMs(t));
  const ns = Math.round(t * 1e6);
  if (ns === 0) return '0';
  const abs = ns < 0 ? -ns : ns;
  const frac = abs % 1e6;
  const whole = (abs - frac) / 1e6;
  const sign = ns < 0 ? '-' : '';
  if (frac === 0) return `${sign}${whole}`;
  let digits = String(frac + 1e6).slice(1); // six digits, zero-padded
  let end = 6;
  while (digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  return `${sign}${whole}.${digits}`;
}

/** Milliseconds to Chrome-trace microseconds, rounded to whole nanoseconds. */
export function msToUs(t: Ms): number {
  const r = Math.round(t * 1e6) / 1e3;
  return r === 0 ? 0 : r;
}

const XML_ENTITY: Record<number, string> = {
  38: '&amp;',
  60: '&lt;',
  62: '&gt;',
  34: '&quot;',
  39: '&apos;',
};

/**
 * Escapes text for XML character data and attribute values: & < > " ' become entities (the five
 * APIS.md names for the SVG metadata). Characters XML 1.0 cannot hold even escaped (C0 controls
 * other than TAB, LF, CR; U+FFFE, U+FFFF; unpaired surrogates) become U+FFFD, so user text can never
 * make a file unparseable. One pass over the string; returns it unchanged when nothing needs escaping.
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

/** Inverse of xmlEscape for the five entities it writes (what an XML parser does for them). */
export function xmlUnescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => {
    switch (name) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      default:
        return "'";
    }
  });
}

/** One CSV field per RFC 4180: quoted (with doubled quotes) when it holds a comma, quote, CR or LF. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
