import { EventFields, NEED_MORE, ScanError, decodeString, parseEvent, scanString, skipWs } from './json-scan';

/** Receives what the scanner finds, in text order. */
export interface ScanSink {
  /** One element of traceEvents; `s` is the buffer the field spans of `ev` point into. */
  event(ev: EventFields, s: string, index: number): void;
  /** A top-level field the scanner was asked to keep, parsed. */
  topLevel(key: string, value: unknown): void;
}

/** A problem with the text, located by JSON path (`traceEvents[12]`) and character offset. */
export class TraceSyntaxError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** One event larger than this is not a profiler event; refusing it keeps memory bounded. */
export const MAX_EVENT_CHARS = 64 * 1024 * 1024;
/** Top-level values kept whole (deviceProperties, distributedInfo) are small; cap them. */
export const MAX_KEPT_VALUE_CHARS = 16 * 1024 * 1024;
/** The head of a new chunk joined to an unfinished event: a few times a typical event's length. */
const BRIDGE_CHARS = 16 * 1024;

const S_BEGIN = 0;
const S_KEY = 1;
const S_COLON = 2;
const S_VALUE = 3;
const S_SKIP = 4;
const S_AFTER_VALUE = 5;
const S_EVENTS_START = 6;
const S_EVENT = 7;
const S_AFTER_EVENT = 8;
const S_END = 9;

/**
 * The streaming state machine over a Chrome-trace document: `{"traceEvents": [...], ...}` or the
 * bare-array form `[...]`. push() takes the next piece of text and handles everything complete in
 * it; only the unfinished tail (at most one event, or a kept top-level value) is carried over.
 */
export class TraceTextScanner {
  private buf = '';
  private pos = 0;
  /** Characters dropped from the front of buf so far (offsets in messages are absolute). */
  private dropped = 0;
  private state = S_BEGIN;
  private key = '';
  private firstKey = true;
  private topArray = false;
  private sawEvents = false;
  /** Where the kept top-level value being read starts, or -1. */
  private keepStart = -1;
  /** Resumable skipping of a top-level value: nesting depth, inside a string, after a backslash. */
  private skipDepth = 0;
  private skipInString = false;
  private skipEscape = false;
  private skipPrimitive = false;
  /** An event cut by the end of the buffer is parsed again only once the buffer has this many chars from it. */
  private retryChars = 0;
  private readonly ev = new EventFields();
  events = 0;

  constructor(
    private readonly sink: ScanSink,
    private readonly keep: ReadonlySet<string>,
  ) {}

  /** Characters handled so far. */
  get consumed(): number {
    return this.dropped + this.pos;
  }

  push(text: string): void {
    if (text.length === 0) return;
    // compact() ran after the previous push, so buf holds only the unfinished tail (pos 0).
    if (this.buf.length === 0) this.buf = text;
    else if (this.keepStart >= 0) this.buf += text;
    else {
      // Finish the tail on a small bridge (tail + the head of text), then scan text itself:
      // joining the whole chunk to the tail would copy every chunk once more.
      const tail = this.buf.length;
      const head = Math.min(text.length, Math.max(BRIDGE_CHARS, 2 * tail));
      this.buf += text.slice(0, head);
      this.pump(false);
      if (this.pos >= tail && this.keepStart < 0) {
        this.dropped += tail;
        this.pos -= tail;
        this.buf = text;
      } else this.buf += text.slice(head);
      this.retryChars = 0;
    }
    this.pump(false);
    this.compact();
  }

  /** The text has ended: anything unfinished is an error (or, for an unclosed event list, a warning). */
  finish(): { truncated: boolean } {
    this.pump(true);
    const s = this.buf;
    const p = skipWs(s, this.pos);
    if (this.state === S_END) {
      if (p < s.length)
        throw this.error(
          '(root)',
          p,
          `unexpected text after the end of the trace: ${JSON.stringify(s.slice(p, p + 20))}`,
        );
      return { truncated: false };
    }
    if (p < s.length && (this.state === S_EVENT || this.state === S_EVENTS_START))
      throw this.error(
        `traceEvents[${this.events}]`,
        p,
        `the text ends inside this event (a truncated file?): ${JSON.stringify(s.slice(p, p + 40))}...`,
      );
    if (this.state === S_AFTER_EVENT || this.state === S_EVENTS_START || this.state === S_EVENT)
      return { truncated: true };
    if (this.state === S_BEGIN)
      throw this.error('(root)', p, 'the file is empty: a trace is a JSON object with a "traceEvents" array');
    throw this.error('(root)', p, 'the text ends before the trace object is closed (a truncated file?)');
  }

  /** Characters held for the next push (an unfinished event or kept value). */
  get buffered(): number {
    return this.buf.length;
  }

  get sawTraceEvents(): boolean {
    return this.sawEvents;
  }

  private compact(): void {
    const from = this.keepStart >= 0 ? this.keepStart : this.pos;
    if (from === 0) return;
    this.buf = this.buf.slice(from);
    this.dropped += from;
    this.pos -= from;
    if (this.keepStart >= 0) this.keepStart = 0;
  }

  private error(path: string, at: number, message: string): TraceSyntaxError {
    return new TraceSyntaxError(
      path,
      `${message} (at character ${(this.dropped + at).toLocaleString('en-US')})`,
    );
  }

  private where(): string {
    if (this.state === S_EVENT || this.state === S_EVENTS_START || this.state === S_AFTER_EVENT)
      return `traceEvents[${this.events}]`;
    return this.key === '' ? '(root)' : this.key;
  }

  private pump(final: boolean): void {
    const s = this.buf;
    const n = s.length;
    let p = this.pos;
    try {
      for (;;) {
        if (this.state === S_SKIP) {
          const e = this.resumeSkip(s, p);
          if (e < 0) {
            p = n;
            break;
          }
          p = e;
          if (this.keepStart >= 0) this.kept(s, e);
          this.state = S_AFTER_VALUE;
          continue;
        }
        p = skipWs(s, p);
        if (p >= n) break;
        const c = s.charCodeAt(p);
        if (this.state === S_EVENT || this.state === S_EVENTS_START) {
          // ']' right after '[' closes an empty list; after a comma it is a trailing comma, tolerated.
          if (c === 93) {
            p++;
            this.state = this.topArray ? S_END : S_AFTER_VALUE;
            continue;
          }
          if (c !== 123)
            throw new ScanError(
              p,
              `each element of traceEvents is an event object {...}, found ${JSON.stringify(s[p])}`,
            );
          if (!final && this.retryChars > 0 && n - p < this.retryChars) break;
          const e = parseEvent(s, p, this.ev);
          if (e === NEED_MORE) {
            if (n - p > MAX_EVENT_CHARS)
              throw new ScanError(
                p,
                `an event longer than ${MAX_EVENT_CHARS / 1048576} MB; not a profiler event`,
              );
            this.retryChars = 2 * (n - p);
            break;
          }
          this.retryChars = 0;
          this.sink.event(this.ev, s, this.events);
          this.events++;
          p = e;
          this.state = S_AFTER_EVENT;
          continue;
        }
        switch (this.state) {
          case S_BEGIN:
            if (c === 0xfeff) {
              p++;
              continue;
            }
            if (c === 123) this.state = S_KEY;
            else if (c === 91) {
              this.topArray = true;
              this.sawEvents = true;
              this.state = S_EVENTS_START;
            } else
              throw new ScanError(
                p,
                `a trace is a JSON object {"traceEvents": [...]}; this starts with ${JSON.stringify(s[p])}`,
              );
            p++;
            continue;
          case S_KEY: {
            if (c === 125 && this.firstKey) {
              p++;
              this.state = S_END;
              continue;
            }
            if (c !== 34)
              throw new ScanError(p, `expected a field name in quotes, found ${JSON.stringify(s[p])}`);
            const e = scanString(s, p);
            if (e < 0) break;
            this.key = decodeString(s, p, e);
            this.firstKey = false;
            p = e;
            this.state = S_COLON;
            continue;
          }
          case S_COLON:
            if (c !== 58)
              throw new ScanError(p, `expected ':' after a field name, found ${JSON.stringify(s[p])}`);
            p++;
            this.state = S_VALUE;
            continue;
          case S_VALUE:
            if (this.key === 'traceEvents') {
              if (c !== 91)
                throw new ScanError(p, `traceEvents must be an array [...], found ${JSON.stringify(s[p])}`);
              this.sawEvents = true;
              this.state = S_EVENTS_START;
              p++;
              continue;
            }
            this.keepStart = this.keep.has(this.key) ? p : -1;
            this.startSkip(c);
            this.state = S_SKIP;
            continue;
          case S_AFTER_VALUE:
            if (c === 44) this.state = S_KEY;
            else if (c === 125) this.state = S_END;
            else
              throw new ScanError(
                p,
                `expected ',' or '}' after the value of "${this.key}", found ${JSON.stringify(s[p])}`,
              );
            this.key = '';
            p++;
            continue;
          case S_AFTER_EVENT:
            if (c === 44) this.state = S_EVENT;
            else if (c === 93) this.state = this.topArray ? S_END : S_AFTER_VALUE;
            else throw new ScanError(p, `expected ',' or ']' after an event, found ${JSON.stringify(s[p])}`);
            p++;
            continue;
          case S_END:
            break;
        }
        break;
      }
    } catch (e) {
      if (e instanceof ScanError) throw this.error(this.where(), e.at, e.message);
      throw e;
    }
    this.pos = p;
    if (this.keepStart >= 0 && p - this.keepStart > MAX_KEPT_VALUE_CHARS)
      throw this.error(this.key, this.keepStart, `longer than ${MAX_KEPT_VALUE_CHARS / 1048576} MB`);
  }

  private startSkip(c: number): void {
    this.skipDepth = 0;
    this.skipInString = false;
    this.skipEscape = false;
    this.skipPrimitive = !(c === 123 || c === 91 || c === 34);
  }

  /** Skips a top-level value across pushes; the index after it, or NEED_MORE (state kept). */
  private resumeSkip(s: string, p: number): number {
    const n = s.length;
    if (this.skipPrimitive) {
      while (p < n) {
        const c = s.charCodeAt(p);
        if (c === 44 || c === 125 || c === 32 || c === 10 || c === 13 || c === 9) return p;
        p++;
      }
      return NEED_MORE;
    }
    for (; p < n; p++) {
      const c = s.charCodeAt(p);
      if (this.skipInString) {
        if (this.skipEscape) this.skipEscape = false;
        else if (c === 92) this.skipEscape = true;
        else if (c === 34) {
          this.skipInString = false;
          if (this.skipDepth === 0) return p + 1;
        }
      } else if (c === 34) this.skipInString = true;
      else if (c === 123 || c === 91) this.skipDepth++;
      else if (c === 125 || c === 93) {
        if (--this.skipDepth === 0) return p + 1;
      }
    }
    return NEED_MORE;
  }

  private kept(s: string, end: number): void {
    const text = s.slice(this.keepStart, end);
    this.keepStart = -1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new ScanError(end, `not valid JSON: ${(e as Error).message}`);
    }
    this.sink.topLevel(this.key, value);
  }
}
