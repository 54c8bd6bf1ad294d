/**
 * Reading the scenario an exported SVG carries. The SVG exporter writes
 * `<metadata id="pipescope-scenario">XML-escaped saveScenario() text</metadata>`.
 */
const METADATA = /<metadata\b[^>]*\bid\s*=\s*(["'])pipescope-scenario\1[^>]*>([\s\S]*?)<\/metadata\s*>/i;

/** Whether the text looks like XML/SVG rather than JSON. */
export function looksLikeSvg(text: string): boolean {
  return /^\s*</.test(text);
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function xmlUnescape(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, ent: string) => {
    if (ent[0] !== '#') return NAMED[ent];
    const code =
      ent[1] === 'x' || ent[1] === 'X'
        ? Number.parseInt(ent.slice(2), 16)
        : Number.parseInt(ent.slice(1), 10);
    return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The embedded scenario text, or null when the SVG has none. CDATA sections are read as-is. */
export function scenarioTextFromSvg(svg: string): string | null {
  const m = METADATA.exec(svg);
  if (!m) return null;
  const body = m[2];
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(body);
  return cdata ? cdata[1] : xmlUnescape(body);
}
