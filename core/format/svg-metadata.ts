import { xmlUnescape } from '../util/xml';

/**
 * Reading the scenario an exported SVG carries. The SVG exporter writes
 * `<metadata id="pipescope-scenario">XML-escaped saveScenario() text</metadata>`.
 */
const METADATA = /<metadata\b[^>]*\bid\s*=\s*(["'])pipescope-scenario\1[^>]*>([\s\S]*?)<\/metadata\s*>/i;

/** Whether the text looks like XML/SVG rather than JSON. */
export function looksLikeSvg(text: string): boolean {
  return /^\s*</.test(text);
}

/** The embedded scenario text, or null when the SVG has none. CDATA sections are read as-is. */
export function scenarioTextFromSvg(svg: string): string | null {
  const m = METADATA.exec(svg);
  if (!m) return null;
  const body = m[2];
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(body);
  return cdata ? cdata[1] : xmlUnescape(body);
}
