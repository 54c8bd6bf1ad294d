/**
 * A streaming UTF-8 decoder in plain TypeScript, for chunks of bytes whose multi-byte characters
 * may be cut between two chunks. Core has no TextDecoder (it is a web/Node API, outside es2022);
 * the edges pass theirs in (see TextChunkDecoder) and this one is the fallback. Invalid bytes
 * become U+FFFD, as TextDecoder does by default.
 */

/** The shape of TextDecoder that the reader uses; a real TextDecoder satisfies it. */
export interface TextChunkDecoder {
  decode(bytes: Uint8Array, options: { stream: boolean }): string;
}

const REPLACEMENT = 0xfffd;
/** String.fromCharCode.apply takes its arguments on the stack: keep each call well under its limit. */
const APPLY_BLOCK = 8192;

export class Utf8Decoder implements TextChunkDecoder {
  /** Bytes of a character cut at the end of the previous chunk (at most 3). */
  private pending = new Uint8Array(4);
  private pendingLength = 0;

  decode(bytes: Uint8Array, options: { stream: boolean }): string {
    let input = bytes;
    if (this.pendingLength > 0) {
      // Join the cut character with enough of the new chunk to finish it, decode that piece alone.
      const need = sequenceLength(this.pending[0]);
      const take = Math.min(need - this.pendingLength, input.length);
      const joined = new Uint8Array(this.pendingLength + take);
      joined.set(this.pending.subarray(0, this.pendingLength));
      joined.set(input.subarray(0, take), this.pendingLength);
      input = input.subarray(take);
      this.pendingLength = 0;
      if (joined.length < need && options.stream) {
        this.keep(joined, 0);
        return '';
      }
      return decodeComplete(joined, 0, joined.length) + this.decode(input, options);
    }
    const end = options.stream ? completeEnd(input) : input.length;
    const text = decodeComplete(input, 0, end);
    if (end < input.length) this.keep(input, end);
    return text;
  }

  private keep(bytes: Uint8Array, from: number): void {
    this.pendingLength = bytes.length - from;
    this.pending.set(bytes.subarray(from));
  }
}

/** Bytes of the character a lead byte starts (1 for ASCII and for bytes that cannot lead). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  if (lead >= 0xe0) return lead <= 0xef ? 3 : 1;
  if (lead >= 0xc2) return 2;
  return 1;
}

/** Where the bytes stop holding whole characters: a cut character at the end is left for later. */
function completeEnd(b: Uint8Array): number {
  const n = b.length;
  // A character is at most 4 bytes, so only the last 3 bytes can start a cut one.
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k];
    if (c < 0x80) return n;
    if (c >= 0xc0) return sequenceLength(c) > k ? n - k : n;
  }
  return n;
}

function decodeComplete(b: Uint8Array, from: number, to: number): string {
  let out = '';
  let i = from;
  while (i < to) {
    // ASCII runs (nearly all of a trace's JSON) go through fromCharCode in blocks.
    let j = i;
    const limit = Math.min(to, i + APPLY_BLOCK);
    while (j < limit && b[j] < 0x80) j++;
    if (j > i) {
      out += String.fromCharCode.apply(null, b.subarray(i, j) as unknown as number[]);
      i = j;
      continue;
    }
    const codes: number[] = [];
    while (i < to && b[i] >= 0x80 && codes.length < APPLY_BLOCK) i = decodeOne(b, i, to, codes);
    out += String.fromCharCode.apply(null, codes);
  }
  return out;
}

/** Decodes the multi-byte character at i into UTF-16 code units; returns the index after it. */
function decodeOne(b: Uint8Array, i: number, to: number, out: number[]): number {
  const lead = b[i];
  const n = sequenceLength(lead);
  if (n === 1) {
    out.push(REPLACEMENT);
    return i + 1;
  }
  let cp = lead & (n === 2 ? 0x1f : n === 3 ? 0x0f : 0x07);
  // Second-byte ranges that exclude overlong forms and surrogates (the Encoding standard's rule).
  const lo = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
  const hi = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
  for (let k = 1; k < n; k++) {
    const c = i + k < to ? b[i + k] : -1;
    const ok = c >= (k === 1 ? lo : 0x80) && c <= (k === 1 ? hi : 0xbf);
    if (!ok) {
      // A broken sequence is one replacement character; decoding resumes at the offending byte.
      out.push(REPLACEMENT);
      return i + k;
    }
    cp = (cp << 6) | (c & 0x3f);
  }
  if (cp >= 0x10000) {
    cp -= 0x10000;
    out.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
  } else out.push(cp);
  return i + n;
}
