import { lineColumn } from './json-text';

/**
 * Reading the scenario an exported SVG carries. The SVG exporter (core/export/svg.ts) writes
 * `<metadata id="pipescope-scenario">XML-escaped saveScenario() text</metadata>` as a child of the
 * root `<svg>` element.
 *
 * The file is read the way an XML parser reads it, in one pass over the text (time linear in its
 * length, memory one name per open element): comments, CDATA sections, processing instructions,
 * the DOCTYPE and attribute values are skipped as what they are, so a `<metadata>` written inside
 * a comment, a CDATA section, a `<script>` or any element other than the root is not the one that
 * counts. Only the first `<metadata id="pipescope-scenario">` that is a child of the root `<svg>`
 * does, and its text content (character data, entity and character references, CDATA) is the
 * scenario: what an XML tool's `getElementById('pipescope-scenario').textContent` gives. A file
 * that is not well-formed XML is refused, with the line and column where it stops being XML.
 */

/** Id of the <metadata> element the scenario is in (the exporter writes the same). */
export const METADATA_ID = 'pipescope-scenario';

export type SvgScenario = { ok: true; text: string } | { ok: false; message: string };

/** Whether the text looks like XML/SVG rather than JSON. */
export function looksLikeSvg(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    return c === 60; // "<"
  }
  return false;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** Characters after "&" within which a reference's ";" must come ("#99999999" is nine). */
const MAX_REFERENCE = 10;

/** Characters an XML name may start with / continue with (ASCII plus everything from U+00C0 on). */
function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c >= 0xc0;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

class NotXml {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

/**
 * The scenario text embedded in an SVG, or why there is none. Never throws on any input.
 */
export function scenarioTextFromSvg(svg: string): SvgScenario {
  try {
    const found = new SvgReader(svg).read();
    if (found === null)
      return {
        ok: false,
        message: `this SVG has no PipeScope scenario in it (no <metadata id="${METADATA_ID}"> inside its root <svg>): only SVGs exported by PipeScope can be opened`,
      };
    return { ok: true, text: found };
  } catch (e) {
    if (!(e instanceof NotXml)) throw e;
    const { line, column } = lineColumn(svg, e.offset);
    return { ok: false, message: `not well-formed XML at line ${line}, column ${column}: ${e.reason}` };
  }
}

/** One pass over an XML document, collecting the text of the root's scenario <metadata>. */
class SvgReader {
  private i = 0;
  /** Names of the open elements, outermost first. */
  private readonly open: string[] = [];
  /** The scenario's text so far, while inside its <metadata> (then `found` is its depth). */
  private pieces: string[] | null = null;
  private found: string | null = null;
  private rootSeen = false;

  constructor(private readonly s: string) {}

  read(): string | null {
    const s = this.s;
    const n = s.length;
    while (this.i < n) {
      const c = s.charCodeAt(this.i);
      if (c === 60) this.markup();
      else if (c === 38) this.reference();
      else this.text();
    }
    if (this.open.length > 0)
      this.fail(n, `the text ends inside <${this.open[this.open.length - 1]}> (its end tag is missing)`);
    if (!this.rootSeen) this.fail(n, 'there is no element in it');
    return this.found;
  }

  private fail(offset: number, reason: string): never {
    throw new NotXml(offset, reason);
  }

  /** Character data up to the next markup or reference. */
  private text(): void {
    const s = this.s;
    const start = this.i;
    let i = start;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 60 || c === 38) break;
      if (this.open.length === 0 && !isSpace(c))
        this.fail(i, this.rootSeen ? 'text after the root element' : 'text before the root element');
      if (c === 62 && i >= start + 2 && s.charCodeAt(i - 1) === 93 && s.charCodeAt(i - 2) === 93)
        this.fail(i - 2, 'a "]]>" in text (XML allows it only to close a CDATA section)');
      i++;
    }
    if (this.pieces) this.pieces.push(s.slice(start, i));
    this.i = i;
  }

  /** An entity or character reference (`&amp;`, `&#233;`, `&#xE9;`) in character data. */
  private reference(): void {
    const start = this.i;
    const { value, end } = this.referenceAt(start);
    if (this.open.length === 0) this.fail(start, 'a reference outside the root element');
    if (this.pieces) this.pieces.push(value);
    this.i = end;
  }

  /** The character a reference at `start` stands for and the offset after it; fails on anything else. */
  private referenceAt(start: number): { value: string; end: number } {
    const s = this.s;
    // The longest reference XML allows here is "&#x10FFFF;" (or eight decimal digits): look no further.
    let semi = -1;
    for (let k = start + 1; k < s.length && k <= start + MAX_REFERENCE; k++) {
      if (s.charCodeAt(k) === 59) {
        semi = k;
        break;
      }
    }
    const body = semi < 0 ? '' : s.slice(start + 1, semi);
    let value: string | undefined;
    if (/^#[0-9]{1,8}$/.test(body)) value = codePoint(Number.parseInt(body.slice(1), 10));
    else if (/^#x[0-9a-fA-F]{1,6}$/.test(body)) value = codePoint(Number.parseInt(body.slice(2), 16));
    else if (Object.hasOwn(PREDEFINED, body)) value = PREDEFINED[body];
    if (value === undefined)
      this.fail(
        start,
        body === ''
          ? 'a "&" that starts no reference (write it as &amp;)'
          : `the reference &${body}; is not one XML predefines (&amp; &lt; &gt; &quot; &apos; &#N;)`,
      );
    return { value: value as string, end: semi + 1 };
  }

  /** Everything that starts with "<". */
  private markup(): void {
    const s = this.s;
    const at = this.i;
    if (s.startsWith('<!--', at)) {
      const end = s.indexOf('--', at + 4);
      if (end < 0) this.fail(at, 'a comment that is never closed with -->');
      if (s.charCodeAt(end + 2) !== 62)
        this.fail(end, 'a "--" inside a comment (XML allows it only in the closing -->)');
      this.i = end + 3;
      return;
    }
    if (s.startsWith('<![CDATA[', at)) {
      if (this.open.length === 0) this.fail(at, 'a CDATA section outside the root element');
      const end = s.indexOf(']]>', at + 9);
      if (end < 0) this.fail(at, 'a CDATA section that is never closed with ]]>');
      if (this.pieces) this.pieces.push(s.slice(at + 9, end));
      this.i = end + 3;
      return;
    }
    if (s.startsWith('<?', at)) {
      const target = this.name(at + 2);
      if (target.name.toLowerCase() === 'xml' && at !== 0)
        this.fail(at, 'an XML declaration (<?xml ...?>) that is not at the very start of the file');
      if (!s.startsWith('?>', target.end) && !isSpace(s.charCodeAt(target.end)))
        this.fail(target.end, `expected white space or "?>" after <?${target.name}`);
      const end = s.indexOf('?>', target.end);
      if (end < 0) this.fail(at, 'a processing instruction that is never closed with ?>');
      this.i = end + 2;
      return;
    }
    if (s.startsWith('<!DOCTYPE', at)) {
      if (this.rootSeen) this.fail(at, 'a DOCTYPE after the root element');
      this.doctype();
      return;
    }
    if (s.charCodeAt(at + 1) === 47) {
      this.endTag();
      return;
    }
    this.startTag();
  }

  /** `<!DOCTYPE ...>`, with an internal subset in brackets whose strings and comments may hold ">". */
  private doctype(): void {
    const s = this.s;
    let i = this.i + 9;
    let inSubset = false;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 34 || c === 39) {
        const end = s.indexOf(String.fromCharCode(c), i + 1);
        if (end < 0) break;
        i = end + 1;
        continue;
      }
      if (inSubset && s.startsWith('<!--', i)) {
        const end = s.indexOf('-->', i + 4);
        if (end < 0) break;
        i = end + 3;
        continue;
      }
      if (c === 91) inSubset = true;
      else if (c === 93) inSubset = false;
      else if (c === 62 && !inSubset) {
        this.i = i + 1;
        return;
      }
      i++;
    }
    this.fail(this.i, 'a DOCTYPE that is never closed with >');
  }

  private name(at: number): { name: string; end: number } {
    const s = this.s;
    if (!isNameStart(s.charCodeAt(at))) this.fail(at, 'expected an element or attribute name');
    let end = at + 1;
    while (end < s.length && isNameChar(s.charCodeAt(end))) end++;
    return { name: s.slice(at, end), end };
  }

  private skipSpace(i: number): number {
    while (i < this.s.length && isSpace(this.s.charCodeAt(i))) i++;
    return i;
  }

  private startTag(): void {
    const s = this.s;
    const at = this.i;
    const { name, end: nameEnd } = this.name(at + 1);
    if (this.open.length === 0) {
      if (this.rootSeen) this.fail(at, `a second root element <${name}> (an XML document has one)`);
      if (localName(name) !== 'svg') this.fail(at, `the root element is <${name}>, not <svg>`);
      this.rootSeen = true;
    }
    if (this.pieces)
      this.fail(at, `<${name}> inside the PipeScope scenario's <metadata>, which holds only text`);
    let id: string | null = null;
    const seen = new Set<string>();
    let i = nameEnd;
    for (;;) {
      const afterSpace = this.skipSpace(i);
      const c = s.charCodeAt(afterSpace);
      if (afterSpace >= s.length) this.fail(at, `the start tag <${name}> is never closed with >`);
      if (c === 62 || (c === 47 && s.charCodeAt(afterSpace + 1) === 62)) {
        const empty = c === 47;
        this.i = afterSpace + (empty ? 2 : 1);
        const isScenario =
          this.found === null &&
          this.open.length === 1 &&
          localName(name) === 'metadata' &&
          id === METADATA_ID;
        if (empty) {
          if (isScenario) this.found = '';
          return;
        }
        this.open.push(name);
        if (isScenario) this.pieces = [];
        return;
      }
      if (afterSpace === i) this.fail(afterSpace, `expected white space, ">" or "/>" in <${name}>`);
      const attr = this.name(afterSpace);
      if (seen.has(attr.name)) this.fail(afterSpace, `<${name}> has the attribute ${attr.name} twice`);
      seen.add(attr.name);
      let k = this.skipSpace(attr.end);
      if (s.charCodeAt(k) !== 61) this.fail(k, `expected "=" after the attribute ${attr.name}`);
      k = this.skipSpace(k + 1);
      const quote = s.charCodeAt(k);
      if (quote !== 34 && quote !== 39) this.fail(k, `the value of ${attr.name} needs quotes`);
      const close = s.indexOf(String.fromCharCode(quote), k + 1);
      if (close < 0) this.fail(k, `the value of ${attr.name} is never closed`);
      const raw = s.slice(k + 1, close);
      if (raw.includes('<')) this.fail(k, `a "<" inside the value of ${attr.name} (write it as &lt;)`);
      for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', amp + 1))
        this.referenceAt(k + 1 + amp);
      if (attr.name === 'id') id = attributeValue(raw);
      i = close + 1;
    }
  }

  private endTag(): void {
    const at = this.i;
    const { name, end } = this.name(at + 2);
    const k = this.skipSpace(end);
    if (this.s.charCodeAt(k) !== 62) this.fail(k, `expected ">" to close </${name}`);
    const top = this.open.pop();
    if (top === undefined) this.fail(at, `</${name}> closes nothing`);
    if (top !== name) this.fail(at, `</${name}> where </${top}> was expected`);
    if (this.pieces && this.found === null) {
      this.found = this.pieces.join('');
      this.pieces = null;
    }
    this.i = k + 1;
  }
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/** A character reference's character, or undefined for a number that is not one XML allows. */
function codePoint(cp: number): string | undefined {
  const allowed =
    cp === 9 ||
    cp === 10 ||
    cp === 13 ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff);
  return allowed ? String.fromCodePoint(cp) : undefined;
}

/** An attribute value with its references replaced (only for the id, so short values in practice). */
function attributeValue(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,8}|amp|lt|gt|quot|apos);/g, (whole, body: string) => {
    if (body[0] !== '#') return PREDEFINED[body];
    const cp = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    return codePoint(cp) ?? whole;
  });
}
