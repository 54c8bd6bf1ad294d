/**
 * The first character of `text` that would act on a terminal instead of being shown (a C0
 * control but LF, tab and CR before LF; DEL, C1, the bidirectional overrides and isolates), as
 * `U+XXXX at OFFSET`; null when there is none. Written apart from terminal-text.ts, from the
 * character classes its comment names, so the tests do not check the escaping against itself.
 */
export function rawControl(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 9 || (c === 13 && text.charCodeAt(i + 1) === 10)) continue;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
      return `U+${c.toString(16).padStart(4, '0')} at ${i}`;
  }
  return null;
}
