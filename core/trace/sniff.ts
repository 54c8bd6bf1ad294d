/**
 * What a dropped or chosen file is, from its first bytes: a profiler trace or a scenario (JSON or
 * an exported SVG). Names lie (`trace.json`, `rank0.pt.trace.json`, a scenario saved as `.json`),
 * so the content decides; the name only breaks a tie.
 */
export type FileKind = 'trace' | 'scenario' | 'unknown';

/** Bytes of the file's start that `sniffFileKind` needs: Kineto writes deviceProperties (a few KB per GPU) before traceEvents. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * - gzip data (magic 1f 8b) is a trace: scenarios are never compressed;
 * - UTF-16 (or UTF-32) text, by its byte-order mark or a zero byte among the first two, is a
 *   scenario: profilers write UTF-8 and the trace reader reads only that, while the scenario
 *   reader decodes UTF-16 (and names UTF-32 in its refusal), so it is the one that can answer;
 * - JSON naming `"traceEvents"`, or a bare array of events, is a trace;
 * - JSON naming `"pipescope-scenario"`, or XML (an exported SVG), is a scenario;
 * - otherwise the name decides when it ends in `.json.gz` / `.pt.trace.json` (trace) or
 *   `.pipescope.json` / `.pipescope` / `.svg` (scenario), else 'unknown'.
 */
export function sniffFileKind(head: Uint8Array, name = ''): FileKind {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'trace';
  if (isWideText(head)) return 'scenario';
  const text = latin1(head);
  const body = text.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (text.includes('"traceEvents"') || /^\[\s*(\{|\])/.test(body)) return 'trace';
  if (text.includes('"pipescope-scenario"') || body.startsWith('<')) return 'scenario';
  const lower = name.toLowerCase();
  if (lower.endsWith('.json.gz') || lower.endsWith('.trace.json') || lower.endsWith('.gz')) return 'trace';
  if (lower.endsWith('.pipescope.json') || lower.endsWith('.pipescope') || lower.endsWith('.svg'))
    return 'scenario';
  return 'unknown';
}

/** The start of UTF-16 or UTF-32 text: FF FE or FE FF, or exactly one of the first two bytes zero. */
function isWideText(head: Uint8Array): boolean {
  if (head.length < 2) return false;
  const [b0, b1] = head;
  return (b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff) || (b0 === 0) !== (b1 === 0);
}

/** Bytes as one character each: enough to find ASCII keys without decoding (or failing on) UTF-8 cut mid-character. */
function latin1(bytes: Uint8Array): string {
  let s = '';
  const n = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < n; i += 8192) s += String.fromCharCode(...bytes.subarray(i, Math.min(n, i + 8192)));
  return s;
}
