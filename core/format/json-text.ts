import type { PathError } from '../model/path-error';
import { ROOT_PATH } from './paths';

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

/**
 * JSON.parse that reports where the text stops being JSON, as a value. The engine's own message
 * is not used for the place: V8 gives no position for an unexpected token, so the text is scanned
 * again (only when it failed) by jsonSyntaxError below.
 */
export function parseJsonText(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const found = jsonSyntaxError(text) ?? engineError(text, e);
    const { line, column } = lineColumn(text, found.offset);
    return {
      ok: false,
      error: {
        path: ROOT_PATH,
        message: `not valid JSON at line ${line}, column ${column}: ${found.reason}`,
      },
    };
  }
}

/** Where and why, from the engine's message, for the case the scanner finds nothing (it should not). */
function engineError(text: string, e: unknown): JsonSyntaxError {
  const raw = e instanceof Error ? e.message : String(e);
  const at = /at position (\d+)/.exec(raw);
  return { offset: at ? Number(at[1]) : text.length, reason: raw };
}

export interface JsonSyntaxError {
  /** Offset (UTF-16 code units) of the first character that cannot continue the JSON text. */
  offset: number;
  reason: string;
}

/** Character codes the scanner compares against. */
const Ch = {
  Tab: 9,
  LineFeed: 10,
  Return: 13,
  Space: 32,
  Quote: 34,
  Plus: 43,
  Comma: 44,
  Minus: 45,
  Dot: 46,
  Slash: 47,
  Zero: 48,
  Nine: 57,
  Colon: 58,
  OpenBracket: 91,
  Backslash: 92,
  CloseBracket: 93,
  OpenBrace: 123,
  CloseBrace: 125,
} as const;

/** What the scanner expects next. */
const Want = {
  Value: 0,
  /** After "[": a value or "]". */
  ValueOrClose: 1,
  /** After "{" : a key or "}". */
  KeyOrClose: 2,
  /** After ",", inside an object. */
  Key: 3,
  Colon: 4,
  /** After a value: ",", or the close of the container it is in, or the end of the text. */
  After: 5,
} as const;
type Want = (typeof Want)[keyof typeof Want];

/**
 * The first place where `text` stops being JSON (RFC 8259, as JSON.parse reads it), with a reason a
 * person can act on; null when the text is JSON. One pass, no recursion (nesting depth only costs a
 * stack of one number per open container), no values built.
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  const n = text.length;
  /** Open containers: OpenBrace or OpenBracket, with the offset each was opened at. */
  const open: number[] = [];
  const openAt: number[] = [];
  let want: Want = Want.Value;
  let i = 0;
  const fail = (offset: number, reason: string): JsonSyntaxError => ({ offset, reason });
  const shown = (at: number) => describeChar(text, at);

  for (;;) {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== Ch.Space && c !== Ch.Tab && c !== Ch.LineFeed && c !== Ch.Return) break;
      i++;
    }
    const inner = open.length > 0 ? open[open.length - 1] : -1;
    if (i >= n) {
      if (want === Want.After && open.length === 0) return null;
      if (open.length === 0 && want === Want.Value)
        return fail(n, i === 0 ? 'the text is empty' : 'there is no value, only white space');
      const closer = inner === Ch.OpenBrace ? '}' : ']';
      const { line, column } = lineColumn(text, openAt[openAt.length - 1] ?? 0);
      return fail(
        n,
        `the text ends before the JSON does (the ${closer === '}' ? 'object' : 'array'} opened at line ${line}, column ${column} is not closed with "${closer}")`,
      );
    }
    const c = text.charCodeAt(i);
    // A closer that ends the innermost container where one may: after a value, or right after "{" / "[".
    const closes =
      (c === Ch.CloseBrace && inner === Ch.OpenBrace && (want === Want.After || want === Want.KeyOrClose)) ||
      (c === Ch.CloseBracket &&
        inner === Ch.OpenBracket &&
        (want === Want.After || want === Want.ValueOrClose));
    if (closes) {
      open.pop();
      openAt.pop();
      want = Want.After;
      i++;
      continue;
    }
    switch (want) {
      case Want.After: {
        if (inner === -1) return fail(i, `${shown(i)} after the end of the JSON value`);
        if (c === Ch.Comma) {
          const next = skipSpace(text, i + 1);
          const closer = inner === Ch.OpenBrace ? Ch.CloseBrace : Ch.CloseBracket;
          if (next < n && text.charCodeAt(next) === closer)
            return fail(
              next,
              `a comma before "${String.fromCharCode(closer)}" (JSON allows no trailing comma)`,
            );
          want = inner === Ch.OpenBrace ? Want.Key : Want.Value;
          i++;
          continue;
        }
        const expected = inner === Ch.OpenBrace ? '"," or "}"' : '"," or "]"';
        return fail(i, `expected ${expected} after a value, found ${shown(i)}${missingCommaHint(c)}`);
      }
      case Want.Colon:
        if (c !== Ch.Colon) return fail(i, `expected ":" after the key, found ${shown(i)}`);
        want = Want.Value;
        i++;
        continue;
      case Want.KeyOrClose:
      case Want.Key:
        if (c !== Ch.Quote)
          return fail(
            i,
            `expected a key in double quotes${want === Want.KeyOrClose ? ' or "}"' : ''}, found ${shown(i)}`,
          );
        {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
        }
        want = Want.Colon;
        continue;
      default: {
        // Want.Value or Want.ValueOrClose
        if (c === Ch.OpenBrace || c === Ch.OpenBracket) {
          open.push(c);
          openAt.push(i);
          want = c === Ch.OpenBrace ? Want.KeyOrClose : Want.ValueOrClose;
          i++;
          continue;
        }
        let end: number | JsonSyntaxError;
        if (c === Ch.Quote) end = scanString(text, i);
        else if (c === Ch.Minus || (c >= Ch.Zero && c <= Ch.Nine)) end = scanNumber(text, i);
        else if (text.startsWith('true', i)) end = i + 4;
        else if (text.startsWith('false', i)) end = i + 5;
        else if (text.startsWith('null', i)) end = i + 4;
        else if (endsInsideLiteral(text, i)) return fail(n, 'the text ends before the JSON does');
        else return fail(i, `expected a value, found ${shown(i)}${valueHint(text, i)}`);
        if (typeof end !== 'number') return end;
        i = end;
        want = Want.After;
      }
    }
  }
}

/** Whether the text ends part-way through true, false or null (a file cut short). */
function endsInsideLiteral(text: string, i: number): boolean {
  const rest = text.slice(i);
  return rest.length < 5 && ['true', 'false', 'null'].some((word) => word.startsWith(rest));
}

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== Ch.Space && c !== Ch.Tab && c !== Ch.LineFeed && c !== Ch.Return) break;
    i++;
  }
  return i;
}

const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** The offset just after the string that starts at `start` (a quote), or why it is not a string. */
function scanString(text: string, start: number): number | JsonSyntaxError {
  const n = text.length;
  let i = start + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === Ch.Quote) return i + 1;
    if (c === Ch.Backslash) {
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
          return { offset: i, reason: 'a \\u escape needs four hexadecimal digits' };
        i += 6;
        continue;
      }
      if (e === undefined) break;
      if (!ESCAPES.has(e))
        return {
          offset: i,
          reason: `unknown escape "\\${e}" in a string (JSON knows \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`,
        };
      i += 2;
      continue;
    }
    if (c < Ch.Space) {
      const { line, column } = lineColumn(text, start);
      return {
        offset: i,
        reason:
          c === Ch.LineFeed || c === Ch.Return
            ? `a line break inside the string that starts at line ${line}, column ${column} (is its closing quote missing?)`
            : `a control character (code ${c}) inside a string; write it as an escape such as \\u${c.toString(16).padStart(4, '0')}`,
      };
    }
    i++;
  }
  const { line, column } = lineColumn(text, start);
  return {
    offset: n,
    reason: `the text ends inside the string that starts at line ${line}, column ${column} (is its closing quote missing?)`,
  };
}

/** The offset just after the number that starts at `start`, or why it is not a JSON number. */
function scanNumber(text: string, start: number): number | JsonSyntaxError {
  let i = start;
  const digit = (k: number) => {
    const c = text.charCodeAt(k);
    return c >= Ch.Zero && c <= Ch.Nine;
  };
  const bad = (at: number, what: string): JsonSyntaxError => ({
    offset: at,
    reason: `${what}, found ${describeChar(text, at)}`,
  });
  if (text.charCodeAt(i) === Ch.Minus) i++;
  if (!digit(i)) return bad(i, 'expected a digit after "-"');
  if (text.charCodeAt(i) === Ch.Zero) {
    i++;
    if (digit(i)) return { offset: i, reason: 'a number cannot have a leading zero' };
  } else while (digit(i)) i++;
  if (text.charCodeAt(i) === Ch.Dot) {
    i++;
    if (!digit(i)) return bad(i, 'expected a digit after the decimal point');
    while (digit(i)) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === Ch.Plus || sign === Ch.Minus) i++;
    if (!digit(i)) return bad(i, 'expected a digit in the exponent');
    while (digit(i)) i++;
  }
  return i;
}

/** A character as a message shows it: quoted, or named when it is invisible. */
function describeChar(text: string, at: number): string {
  if (at >= text.length) return 'the end of the text';
  const cp = text.codePointAt(at)!;
  if (cp === 10 || cp === 13) return 'a line break';
  if (cp < 32 || cp === 0x7f) return `a control character (code ${cp})`;
  if (cp === 0xfeff) return 'a byte-order mark';
  return JSON.stringify(String.fromCodePoint(cp));
}

/** A hint when a value is missing its comma (the next thing looks like the start of one). */
function missingCommaHint(c: number): string {
  return c === Ch.Quote || c === Ch.OpenBrace || c === Ch.OpenBracket || (c >= Ch.Zero && c <= Ch.Nine)
    ? ' (is a comma missing?)'
    : '';
}

/** Hints for things other formats allow and JSON does not. */
function valueHint(text: string, i: number): string {
  const c = text.charCodeAt(i);
  if (c === 39) return ' (JSON strings use double quotes)';
  if (c === Ch.Slash) return ' (JSON has no comments)';
  if (c === Ch.Plus || c === Ch.Dot) return ' (a JSON number starts with a digit or "-")';
  if (/^(NaN|Infinity|undefined)\b/.test(text.slice(i, i + 9)))
    return ' (JSON numbers are finite; there is no NaN, Infinity or undefined)';
  if (c === Ch.CloseBrace || c === Ch.CloseBracket || c === Ch.Comma) return '';
  if (c === Ch.Colon) return '';
  return /^[A-Za-z_$]/.test(text[i]) ? ' (text needs double quotes)' : '';
}
