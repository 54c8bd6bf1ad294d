import type { PathError } from '../model/path-error';
import { type PathSegment, ROOT_PATH, formatPath } from './paths';

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

/** What a document may hold before it is parsed (LIMITS in limits.ts gives PipeScope's). */
export interface JsonBudget {
  /** Values of any kind, containers included. */
  values: number;
  /** Containers nested inside each other (the outermost counts as 0). */
  depth: number;
  /** Characters between the quotes of one string value, as written in the text. */
  stringChars: number;
  /** Characters between the quotes of one key, as written in the text. */
  keyChars: number;
}

/** A key an object gives twice; JSON.parse keeps the last value. */
export interface DuplicateKey {
  path: PathSegment[];
  line: number;
  column: number;
}

/** Duplicate keys reported one by one; past this many only their count is given. */
export const MAX_DUPLICATES_LISTED = 20;

export type JsonDocumentResult =
  | { ok: true; value: unknown; duplicates: DuplicateKey[]; duplicateCount: number }
  | { ok: false; error: PathError };

/**
 * Parses a document's text within a budget: one scan of the text first (linear, no values built)
 * checks the syntax, counts values, depth and string lengths, and finds duplicate keys; only a
 * text that passes is handed to JSON.parse. So a text that would make the parser allocate
 * gigabytes (ten million empty arrays) is refused before it does, with the path where the budget
 * ran out, and a syntax error comes with its line and column.
 */
export function parseJsonDocument(text: string, budget: JsonBudget): JsonDocumentResult {
  const found = scanJson(text, budget);
  if (found.kind === 'syntax') return { ok: false, error: syntaxError(text, found.error) };
  if (found.kind === 'budget')
    return { ok: false, error: { path: formatPath(found.path), message: found.message } };
  const parsed = parseJsonText(text);
  if (!parsed.ok) return parsed;
  const positions = lineColumns(
    text,
    found.duplicates.map((d) => d.offset),
  );
  return {
    ok: true,
    value: parsed.value,
    duplicates: found.duplicates.map((d, k) => ({ path: d.path, ...positions[k] })),
    duplicateCount: found.duplicateCount,
  };
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
    return { ok: false, error: syntaxError(text, jsonSyntaxError(text) ?? engineError(text, e)) };
  }
}

function syntaxError(text: string, found: JsonSyntaxError): PathError {
  const { line, column } = lineColumn(text, found.offset);
  return { path: ROOT_PATH, message: `not valid JSON at line ${line}, column ${column}: ${found.reason}` };
}

/** Line and column of several offsets in one pass over the text. */
function lineColumns(text: string, offsets: readonly number[]): { line: number; column: number }[] {
  const order = offsets.map((_, k) => k).sort((a, b) => offsets[a] - offsets[b]);
  const out: { line: number; column: number }[] = new Array(offsets.length);
  let line = 1;
  let lineStart = 0;
  let i = 0;
  for (const k of order) {
    const end = Math.min(offsets[k], text.length);
    for (; i < end; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    out[k] = { line, column: end - lineStart + 1 };
  }
  return out;
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
  const r = scanJson(text, null);
  return r.kind === 'syntax' ? r.error : null;
}

type ScanResult =
  | { kind: 'ok'; duplicates: { path: PathSegment[]; offset: number }[]; duplicateCount: number }
  | { kind: 'syntax'; error: JsonSyntaxError }
  | { kind: 'budget'; path: PathSegment[]; message: string };

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The scanner behind jsonSyntaxError and parseJsonDocument. With a budget it also keeps, per open
 * container, the key or index of the member being read (so a value over the budget, or a duplicate
 * key, has its path) and, per open object, the keys seen so far. Time linear in the text; memory
 * one entry per open container plus the keys of the open objects.
 */
function scanJson(text: string, budget: JsonBudget | null): ScanResult {
  const n = text.length;
  /** Open containers: OpenBrace or OpenBracket, with the offset each was opened at. */
  const open: number[] = [];
  const openAt: number[] = [];
  /** With a budget: the member each open container is at (key or index), and each object's keys. */
  const at: PathSegment[] = [];
  const keysOf: (Set<string> | null)[] = [];
  const duplicates: { path: PathSegment[]; offset: number }[] = [];
  let duplicateCount = 0;
  let values = 0;
  let want: Want = Want.Value;
  let i = 0;
  const fail = (offset: number, reason: string): ScanResult => ({
    kind: 'syntax',
    error: { offset, reason },
  });
  const over = (path: PathSegment[], message: string): ScanResult => ({ kind: 'budget', path, message });
  const shown = (offset: number) => describeChar(text, offset);
  /** Counts a value that starts here; in an array it is the next index. */
  const startValue = (): ScanResult | null => {
    if (!budget) return null;
    const k = open.length - 1;
    if (k >= 0 && open[k] === Ch.OpenBracket) at[k] = (at[k] as number) + 1;
    if (++values > budget.values)
      return over(
        at.slice(),
        `the document holds more than ${fmt(budget.values)} values (objects, arrays, strings, numbers...); PipeScope reads at most that many`,
      );
    return null;
  };

  for (;;) {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== Ch.Space && c !== Ch.Tab && c !== Ch.LineFeed && c !== Ch.Return) break;
      i++;
    }
    const inner = open.length > 0 ? open[open.length - 1] : -1;
    if (i >= n) {
      if (want === Want.After && open.length === 0) return { kind: 'ok', duplicates, duplicateCount };
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
      if (budget) {
        at.pop();
        keysOf.pop();
      }
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
      case Want.Key: {
        if (c !== Ch.Quote)
          return fail(
            i,
            `expected a key in double quotes${want === Want.KeyOrClose ? ' or "}"' : ''}, found ${shown(i)}`,
          );
        const end = scanString(text, i);
        if (typeof end !== 'number') return { kind: 'syntax', error: end };
        if (budget) {
          const k = open.length - 1;
          if (end - i - 2 > budget.keyChars)
            return over(
              at.slice(0, k),
              `has a key of ${fmt(end - i - 2)} characters; keys are at most ${fmt(budget.keyChars)}`,
            );
          const key = stringAt(text, i, end);
          let seen = keysOf[k];
          if (seen === null) seen = keysOf[k] = new Set();
          if (seen.has(key)) {
            duplicateCount++;
            if (duplicates.length < MAX_DUPLICATES_LISTED)
              duplicates.push({ path: [...at.slice(0, k), key], offset: i });
          } else seen.add(key);
          at[k] = key;
        }
        i = end;
        want = Want.Colon;
        continue;
      }
      default: {
        // Want.Value or Want.ValueOrClose
        if (c === Ch.OpenBrace || c === Ch.OpenBracket) {
          const counted = startValue();
          if (counted) return counted;
          if (budget && open.length >= budget.depth)
            return over(
              at.slice(),
              `nested more than ${budget.depth} levels deep; no scenario field needs that`,
            );
          open.push(c);
          openAt.push(i);
          if (budget) {
            at.push(c === Ch.OpenBracket ? -1 : '');
            keysOf.push(null);
          }
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
        if (typeof end !== 'number') return { kind: 'syntax', error: end };
        const counted = startValue();
        if (counted) return counted;
        if (budget && c === Ch.Quote && end - i - 2 > budget.stringChars)
          return over(
            at.slice(),
            `is a string of ${fmt(end - i - 2)} characters; strings are at most ${fmt(budget.stringChars)}`,
          );
        i = end;
        want = Want.After;
      }
    }
  }
}

/** The value of the JSON string text[start, end) (quotes included); escapes decoded only when present. */
function stringAt(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
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
