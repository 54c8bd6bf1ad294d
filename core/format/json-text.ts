import { ROOT_PATH } from './paths';
import type { PathError } from './scenario-file';

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: PathError };

/** Line and column (both from 1) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** JSON.parse that reports where the text stops being JSON, as a value. */
export function parseJsonText(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const at = /at position (\d+)/.exec(raw);
    const offset = at ? Number(at[1]) : text.length;
    const { line, column } = lineColumn(text, offset);
    // Engines word this differently and some append their own position; keep only the reason.
    const reason = raw
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/\s*in JSON at position \d+/, '')
      .replace(/^JSON\.parse: /, '')
      .replace(/^Unexpected end of JSON input$/, 'the text ends before the JSON does');
    return {
      ok: false,
      error: { path: ROOT_PATH, message: `not valid JSON at line ${line}, column ${column}: ${reason}` },
    };
  }
}
