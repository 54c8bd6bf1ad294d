/**
 * User text (a scenario's name, a file's path, an error message quoting a value) as the terminal
 * shows it: every character that could act on the terminal instead of being shown is written as
 * a \uXXXX escape. That is C0 controls (ESC starts the sequences that set the title, clear the
 * screen or write the clipboard; CR and BS overwrite what was printed; LF would fake a line of
 * output), DEL, the C1 controls U+0080..U+009F (U+009B is CSI in terminals that read 8-bit
 * controls), the bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069) that make
 * text display in another order than it is, and the line and paragraph separators. Applied by
 * every CLI print of user text, and, keeping line ends (LF, CR LF) and tabs, to all the CLI writes
 * (so JSON output stays JSON with the same values: \uXXXX is a JSON escape).
 */
export function terminalText(text: string, keepLines = false): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!actsOnTerminal(c)) continue;
    // Line ends (LF, or CR LF as CSV writes them) and tabs, when kept: a CR alone would overwrite.
    if (keepLines && (c === 10 || c === 9 || (c === 13 && text.charCodeAt(i + 1) === 10))) continue;
    out += `${text.slice(from, i)}\\u${c.toString(16).padStart(4, '0')}`;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

function actsOnTerminal(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0x2028 ||
    c === 0x2029
  );
}
