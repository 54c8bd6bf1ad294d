/**
 * A streaming scanner for Chrome-trace JSON (what the PyTorch profiler writes): text arrives in
 * chunks, and only the current event (plus the few small top-level fields asked for) is ever held.
 * Each event's fields of interest are read in place into one reused EventFields record; events
 * whose category is of no interest are skipped without reading their fields. JSON.parse is used
 * only for small top-level values and for strings with escapes.
 *
 * Validation is deliberately partial, for speed: the fields the reader uses are checked (syntax
 * and type); the text of skipped values is only checked for balanced brackets and closed strings.
 */

/** Returned by the scanning functions when the buffer ends before the token does. */
export const NEED_MORE = -1;

/** A syntax error at a character offset of the scanner's buffer. */
export class ScanError extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

export function skipWs(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else break;
  }
  return i;
}

/** s[i] is '"': the index after the closing quote, or NEED_MORE. */
export function scanString(s: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = s.indexOf('"', from);
    if (q < 0) return NEED_MORE;
    let k = q - 1;
    while (k > i && s.charCodeAt(k) === 92) k--;
    // An even number of backslashes before the quote: it is not escaped.
    if ((q - 1 - k) % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** The value of the JSON string s[start, end) (quotes included). */
export function decodeString(s: string, start: number, end: number): string {
  const inner = s.slice(start + 1, end - 1);
  if (inner.indexOf('\\') < 0) return inner;
  try {
    return JSON.parse(s.slice(start, end)) as string;
  } catch {
    throw new ScanError(start, 'a string with an invalid escape sequence');
  }
}

function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69;
}

/** End of the number starting at i, or NEED_MORE when it runs to the end of the buffer. */
export function scanNumber(s: string, i: number): number {
  const n = s.length;
  let j = i;
  while (j < n && isNumberChar(s.charCodeAt(j))) j++;
  return j === n ? NEED_MORE : j;
}

/** Integers below this are exact in a double, so digits can be accumulated without rounding. */
const EXACT_INT = 2 ** 53;

/**
 * The number s[start, end). Plain integers and decimals (what profilers write) are read digit by
 * digit: no substring, so no garbage per number; the decimal case rounds at most twice (within an
 * ulp of Number()). Anything else (exponents, long digit runs) goes through Number().
 */
export function readNumber(s: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (s.charCodeAt(i) === 45) {
    negative = true;
    i++;
  }
  let whole = 0;
  const digitsFrom = i;
  while (i < end) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
    i++;
  }
  if (i > digitsFrom && whole < EXACT_INT) {
    if (i === end) return negative ? -whole : whole;
    if (s.charCodeAt(i) === 46 && end - i <= 16) {
      let frac = 0;
      let scale = 1;
      const fracFrom = ++i;
      while (i < end) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        frac = frac * 10 + d;
        scale *= 10;
        i++;
      }
      if (i === end && i > fracFrom) {
        const v = whole + frac / scale;
        return negative ? -v : v;
      }
    }
  }
  const v = Number(s.slice(start, end));
  if (!Number.isFinite(v)) throw new ScanError(start, `"${s.slice(start, end)}" is not a number`);
  return v;
}

/** The value of the last number numberAt read (module state: no object per number). */
let scannedNumber = 0;

/**
 * Reads the number starting at s[i] in one pass, leaving its value in scannedNumber; returns the
 * index after it, or NEED_MORE when it runs to the end of the buffer. Exponents, long digit runs
 * and other rare forms go through readNumber.
 */
function numberAt(s: string, i: number): number {
  const n = s.length;
  let j = i;
  const negative = s.charCodeAt(j) === 45;
  if (negative) j++;
  const from = j;
  let whole = 0;
  for (; j < n; j++) {
    const d = s.charCodeAt(j) - 48;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
  }
  if (j === n) return NEED_MORE;
  let value = whole;
  let c = s.charCodeAt(j);
  let simple = j > from && whole < EXACT_INT;
  if (c === 46) {
    let frac = 0;
    let scale = 1;
    const fracFrom = ++j;
    for (; j < n; j++) {
      const d = s.charCodeAt(j) - 48;
      if (d < 0 || d > 9) break;
      frac = frac * 10 + d;
      scale *= 10;
    }
    if (j === n) return NEED_MORE;
    c = s.charCodeAt(j);
    simple = simple && j > fracFrom && j - fracFrom <= 15;
    value = whole + frac / scale;
  }
  if (!simple || c === 101 || c === 69 || c === 43 || c === 45) {
    const e = scanNumber(s, i);
    if (e < 0) return NEED_MORE;
    scannedNumber = readNumber(s, i, e);
    return e;
  }
  scannedNumber = negative ? -value : value;
  return j;
}

function scanLiteral(s: string, i: number): number {
  for (const word of ['true', 'false', 'null']) {
    if (s.charCodeAt(i) !== word.charCodeAt(0)) continue;
    const avail = s.length - i;
    if (avail < word.length) return s.startsWith(word.slice(0, avail), i) ? NEED_MORE : fail();
    if (s.startsWith(word, i)) return i + word.length;
  }
  return fail();
  function fail(): never {
    throw new ScanError(i, `expected a value (a string, number, object, array, true, false or null)`);
  }
}

/** What skipNested does at an ASCII character: 0 nothing, 1 a string starts, 2 opens, 3 closes. */
const SKIP_CLASS = new Uint8Array(128);
SKIP_CLASS[34] = 1; // "
SKIP_CLASS[123] = 2; // {
SKIP_CLASS[91] = 2; // [
SKIP_CLASS[125] = 3; // }
SKIP_CLASS[93] = 3; // ]

/** From inside an object or array at `depth`, the index after its closing bracket, or NEED_MORE. */
export function skipNested(s: string, i: number, depth: number): number {
  const n = s.length;
  // Most of a skipped event is text between these five characters: one table load per character.
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    const k = c < 128 ? SKIP_CLASS[c] : 0;
    if (k === 0) continue;
    if (k === 1) {
      const e = scanString(s, i);
      if (e < 0) return NEED_MORE;
      i = e - 1;
    } else if (k === 2) depth++;
    else if (--depth === 0) return i + 1;
  }
  return NEED_MORE;
}

/** The index after the value starting at i (not whitespace), or NEED_MORE. */
export function skipValue(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 34) return scanString(s, i);
  if (c === 123 || c === 91) return skipNested(s, i + 1, 1);
  if (c === 45 || (c >= 48 && c <= 57)) return scanNumber(s, i);
  return scanLiteral(s, i);
}

/** A short rendering of raw JSON text for messages. */
export function rawText(s: string, start: number, end: number): string {
  const t = s.slice(start, Math.min(end, start + 60));
  return end - start > 60 ? `${t}...` : t;
}

/** Event categories the trace reader keeps (matched lower-cased); everything else is skipped. */
export const CAT = {
  other: 0,
  userAnnotation: 1,
  gpuUserAnnotation: 2,
  runtime: 3,
  kernel: 4,
  memcpy: 5,
  memset: 6,
  flow: 7,
} as const;

/** Categories of nearly every event in a Kineto trace, tested in place (exact spelling). */
const FREQUENT_CATS: readonly [string, number][] = [
  ['cpu_op', CAT.other],
  ['kernel', CAT.kernel],
  ['cuda_runtime', CAT.runtime],
  ['ac2g', CAT.flow],
  ['fwdbwd', CAT.other],
  ['python_function', CAT.other],
  ['user_annotation', CAT.userAnnotation],
  ['gpu_memcpy', CAT.memcpy],
  ['gpu_memset', CAT.memset],
  ['cuda_driver', CAT.runtime],
  ['gpu_user_annotation', CAT.gpuUserAnnotation],
];

const FREQUENT_CAT_NAMES = FREQUENT_CATS.map((c) => c[0]);
const FREQUENT_CAT_CODES = FREQUENT_CATS.map((c) => c[1]);

function knownCat(s: string, a: number, b: number): number {
  const len = b - a;
  // One substring, then === (a length check and a memcmp) per candidate: startsWith is slower
  // per call than both, and this runs once per event.
  let text: string | null = null;
  for (let k = 0; k < FREQUENT_CAT_NAMES.length; k++) {
    const name = FREQUENT_CAT_NAMES[k];
    if (name.length !== len || name.charCodeAt(0) !== s.charCodeAt(a)) continue;
    if (text === null) text = s.substring(a, b);
    if (text === name) return FREQUENT_CAT_CODES[k];
  }
  return -1;
}

/**
 * Whether s[a, a + word.length) is `word` (the caller has checked the length and the first
 * character): one substring and a memcmp, quicker than startsWith or a character loop here.
 */
function isWordAt(s: string, a: number, word: string): boolean {
  return s.substring(a, a + word.length) === word;
}

function catCode(text: string): number {
  return CAT_CODES.get(text) ?? CAT_CODES.get(text.toLowerCase()) ?? CAT.other;
}

const CAT_CODES = new Map<string, number>([
  ['user_annotation', CAT.userAnnotation],
  ['gpu_user_annotation', CAT.gpuUserAnnotation],
  ['cuda_runtime', CAT.runtime],
  ['cuda_driver', CAT.runtime],
  // Older Kineto and other backends name the same events differently.
  ['hip_runtime', CAT.runtime],
  ['privateuse1_runtime', CAT.runtime],
  ['runtime', CAT.runtime],
  ['kernel', CAT.kernel],
  ['gpu_memcpy', CAT.memcpy],
  ['memcpy', CAT.memcpy],
  ['gpu_memset', CAT.memset],
  ['memset', CAT.memset],
  ['ac2g', CAT.flow],
]);

/** A field whose value has the wrong JSON type, kept as raw text for the error message. */
export interface BadField {
  field: string;
  raw: string;
}

/**
 * The fields of one event that the reader uses. Numbers are NaN when absent; pid and tid may be
 * strings in Chrome traces (`pidText`/`tidText`). `name` is a span of the buffer, decoded only for
 * events that are kept.
 */
export class EventFields {
  ph = '';
  cat = '';
  catCode: number = CAT.other;
  hasCat = false;
  nameStart = -1;
  nameEnd = -1;
  pid = Number.NaN;
  pidText: string | null = null;
  tid = Number.NaN;
  tidText: string | null = null;
  ts = Number.NaN;
  dur = Number.NaN;
  id = Number.NaN;
  bp = '';
  hasArgs = false;
  correlation = Number.NaN;
  device = Number.NaN;
  stream = Number.NaN;
  bad: BadField[] = [];

  reset(): void {
    this.ph = '';
    this.cat = '';
    this.catCode = CAT.other;
    this.hasCat = false;
    this.nameStart = -1;
    this.nameEnd = -1;
    this.pid = Number.NaN;
    this.pidText = null;
    this.tid = Number.NaN;
    this.tidText = null;
    this.ts = Number.NaN;
    this.dur = Number.NaN;
    this.id = Number.NaN;
    this.bp = '';
    this.hasArgs = false;
    this.correlation = Number.NaN;
    this.device = Number.NaN;
    this.stream = Number.NaN;
    if (this.bad.length > 0) this.bad = [];
  }

  /** The event's name (decoded from the buffer it was scanned from), or null when it has none. */
  name(s: string): string | null {
    return this.nameStart < 0 ? null : decodeString(s, this.nameStart, this.nameEnd);
  }
}

const K_OTHER = 0;
const K_PH = 1;
const K_CAT = 2;
const K_NAME = 3;
const K_PID = 4;
const K_TID = 5;
const K_TS = 6;
const K_DUR = 7;
const K_ID = 8;
const K_BP = 9;
const K_ARGS = 10;

/** Which event field the key s[a, b) (without quotes) names, without allocating a string. */
function eventKey(s: string, a: number, b: number): number {
  // The length and the first character pick the one candidate; only it is compared in full.
  const c0 = s.charCodeAt(a);
  switch (b - a) {
    case 2: {
      const c1 = s.charCodeAt(a + 1);
      if (c0 === 112 && c1 === 104) return K_PH; // ph
      if (c0 === 116 && c1 === 115) return K_TS; // ts
      if (c0 === 105 && c1 === 100) return K_ID; // id
      if (c0 === 98 && c1 === 112) return K_BP; // bp
      return K_OTHER;
    }
    case 3: {
      const c1 = s.charCodeAt(a + 1);
      const c2 = s.charCodeAt(a + 2);
      if (c0 === 99 && c1 === 97 && c2 === 116) return K_CAT; // cat
      if (c0 === 112 && c1 === 105 && c2 === 100) return K_PID; // pid
      if (c0 === 116 && c1 === 105 && c2 === 100) return K_TID; // tid
      if (c0 === 100 && c1 === 117 && c2 === 114) return K_DUR; // dur
      return K_OTHER;
    }
    case 4: {
      const c1 = s.charCodeAt(a + 1);
      const c2 = s.charCodeAt(a + 2);
      const c3 = s.charCodeAt(a + 3);
      if (c0 === 110 && c1 === 97 && c2 === 109 && c3 === 101) return K_NAME; // name
      if (c0 === 97 && c1 === 114 && c2 === 103 && c3 === 115) return K_ARGS; // args
      return K_OTHER;
    }
    default:
      return K_OTHER;
  }
}

const A_OTHER = 0;
const A_CORRELATION = 1;
const A_DEVICE = 2;
const A_STREAM = 3;

function argKey(s: string, a: number, b: number): number {
  const len = b - a;
  const c0 = s.charCodeAt(a);
  // Kineto's "External id" has the length of "correlation": the first character tells them apart.
  if (len === 11) return c0 === 99 && isWordAt(s, a, 'correlation') ? A_CORRELATION : A_OTHER;
  if (len === 6) {
    if (c0 === 100) return isWordAt(s, a, 'device') ? A_DEVICE : A_OTHER;
    if (c0 === 115) return isWordAt(s, a, 'stream') ? A_STREAM : A_OTHER;
  }
  return A_OTHER;
}

/** Inside an object opened at i: where its first field name starts, or its '}'; NEED_MORE if cut. */
function firstField(s: string, i: number): number {
  const p = skipWs(s, i + 1);
  return p >= s.length ? NEED_MORE : p;
}

/** A field name starting at p: the index after its closing quote, or NEED_MORE. */
function fieldNameEnd(s: string, p: number): number {
  if (s.charCodeAt(p) !== 34) throw new ScanError(p, `expected a field name in quotes, found ${show(s, p)}`);
  // Field names are short: a plain walk finds the closing quote sooner than an indexOf call.
  const n = Math.min(s.length, p + SHORT_NAME);
  for (let i = p + 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c === 92) break;
  }
  return scanString(s, p);
}

/** How far fieldNameEnd walks before leaving a long (or escaped) name to scanString. */
const SHORT_NAME = 24;

/** After a field name ending at `ke`: where its value starts (past the colon), or NEED_MORE. */
function valueStart(s: string, ke: number): number {
  // Kineto writes `"key": value`: take that spacing without the general whitespace walk.
  if (
    s.charCodeAt(ke) === 58 &&
    s.charCodeAt(ke + 1) === 32 &&
    !isWs(s.charCodeAt(ke + 2)) &&
    ke + 2 < s.length
  )
    return ke + 2;
  let p = skipWs(s, ke);
  if (p >= s.length) return NEED_MORE;
  if (s.charCodeAt(p) !== 58) throw new ScanError(p, `expected ':' after a field name, found ${show(s, p)}`);
  p = skipWs(s, p + 1);
  return p >= s.length ? NEED_MORE : p;
}

/**
 * After a field's value ending at `e`: the index of the '}' that closes the object, or of the
 * next field's opening quote (past the comma); NEED_MORE when the buffer ends first.
 */
function nextField(s: string, e: number): number {
  const c = s.charCodeAt(e);
  if (c === 125) return e;
  // `value, "key"`: Kineto's spacing, without the general whitespace walk.
  if (c === 44 && s.charCodeAt(e + 1) === 32 && s.charCodeAt(e + 2) === 34) return e + 2;
  const p = skipWs(s, e);
  if (p >= s.length) return NEED_MORE;
  const d = s.charCodeAt(p);
  if (d === 125) return p;
  if (d !== 44) throw new ScanError(p, `expected ',' or '}' after a field, found ${show(s, p)}`);
  const q = skipWs(s, p + 1);
  return q >= s.length ? NEED_MORE : q;
}

function show(s: string, p: number): string {
  return p < s.length ? JSON.stringify(s[p]) : 'the end of the text';
}

/**
 * Reads the event object starting at s[i] === '{' into ev; returns the index after its '}', or
 * NEED_MORE when the buffer ends first. Throws ScanError on a syntax error.
 */
export function parseEvent(s: string, i: number, ev: EventFields): number {
  ev.reset();
  let p = firstField(s, i);
  if (p < 0) return NEED_MORE;
  if (s.charCodeAt(p) === 125) return p + 1;
  for (;;) {
    const ke = fieldNameEnd(s, p);
    if (ke < 0) return NEED_MORE;
    const key = eventKey(s, p + 1, ke - 1);
    const v = valueStart(s, ke);
    if (v < 0) return NEED_MORE;
    const c = s.charCodeAt(v);
    let e: number;
    switch (key) {
      case K_CAT:
        e = skipValue(s, v);
        if (e < 0) return NEED_MORE;
        if (c !== 34) ev.bad.push({ field: 'cat', raw: rawText(s, v, e) });
        else {
          // Most events are of a few categories: classify in place, without a substring.
          const known = knownCat(s, v + 1, e - 1);
          ev.hasCat = true;
          if (known >= 0) ev.catCode = known;
          else {
            ev.cat = decodeString(s, v, e);
            ev.catCode = catCode(ev.cat);
          }
        }
        break;
      case K_PH:
      case K_BP:
        e = skipValue(s, v);
        if (e < 0) return NEED_MORE;
        if (c !== 34) ev.bad.push({ field: key === K_PH ? 'ph' : 'bp', raw: rawText(s, v, e) });
        else if (key === K_PH) ev.ph = decodeString(s, v, e);
        else ev.bp = decodeString(s, v, e);
        break;
      case K_NAME:
        e = skipValue(s, v);
        if (e < 0) return NEED_MORE;
        if (c === 34) {
          ev.nameStart = v;
          ev.nameEnd = e;
        } else ev.bad.push({ field: 'name', raw: rawText(s, v, e) });
        break;
      case K_PID:
      case K_TID:
      case K_TS:
      case K_DUR:
      case K_ID:
        if (c === 45 || (c >= 48 && c <= 57)) {
          e = numberAt(s, v);
          if (e < 0) return NEED_MORE;
          setNumber(ev, key, scannedNumber);
          break;
        }
        e = skipValue(s, v);
        if (e < 0) return NEED_MORE;
        if (c === 34 && (key === K_PID || key === K_TID || key === K_ID)) {
          const text = decodeString(s, v, e);
          if (key === K_PID) ev.pidText = text;
          else if (key === K_TID) ev.tidText = text;
        } else ev.bad.push({ field: FIELD_NAMES[key], raw: rawText(s, v, e) });
        break;
      case K_ARGS:
        if (c === 123) {
          e = parseArgs(s, v, ev);
          ev.hasArgs = true;
        } else e = skipValue(s, v);
        if (e < 0) return NEED_MORE;
        break;
      default:
        e = skipValue(s, v);
        if (e < 0) return NEED_MORE;
    }
    p = nextField(s, e);
    if (p < 0) return NEED_MORE;
    if (s.charCodeAt(p) === 125) return p + 1;
    // Categories that are not kept need no more fields: jump to the end of the object.
    if (ev.hasCat && ev.catCode === CAT.other) return skipNested(s, p, 1);
  }
}

const FIELD_NAMES = ['', 'ph', 'cat', 'name', 'pid', 'tid', 'ts', 'dur', 'id', 'bp', 'args'];

function setNumber(ev: EventFields, key: number, v: number): void {
  if (key === K_PID) ev.pid = v;
  else if (key === K_TID) ev.tid = v;
  else if (key === K_TS) ev.ts = v;
  else if (key === K_DUR) ev.dur = v;
  else ev.id = v;
}

/** Reads `args` (s[i] === '{'): correlation, device and stream; returns the index after '}'. */
function parseArgs(s: string, i: number, ev: EventFields): number {
  let p = firstField(s, i);
  if (p < 0) return NEED_MORE;
  if (s.charCodeAt(p) === 125) return p + 1;
  for (;;) {
    const ke = fieldNameEnd(s, p);
    if (ke < 0) return NEED_MORE;
    const key = argKey(s, p + 1, ke - 1);
    p = valueStart(s, ke);
    if (p < 0) return NEED_MORE;
    const c = s.charCodeAt(p);
    let e: number;
    if (key !== A_OTHER && (c === 45 || (c >= 48 && c <= 57))) {
      e = numberAt(s, p);
      if (e < 0) return NEED_MORE;
      if (key === A_CORRELATION) ev.correlation = scannedNumber;
      else if (key === A_DEVICE) ev.device = scannedNumber;
      else ev.stream = scannedNumber;
    } else {
      e = skipValue(s, p);
      if (e < 0) return NEED_MORE;
      if (key !== A_OTHER) {
        const field =
          key === A_CORRELATION ? 'args.correlation' : key === A_DEVICE ? 'args.device' : 'args.stream';
        ev.bad.push({ field, raw: rawText(s, p, e) });
      }
    }
    p = nextField(s, e);
    if (p < 0) return NEED_MORE;
    if (s.charCodeAt(p) === 125) return p + 1;
    // With the correlation read, device and stream are only needed when pid/tid did not say.
    if (!Number.isNaN(ev.correlation) && Number.isInteger(ev.pid) && Number.isInteger(ev.tid))
      return skipNested(s, p, 1);
  }
}
