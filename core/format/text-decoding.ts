import type { PathError } from '../model/path-error';
import { fileSizeError } from './limits';
import { ROOT_PATH } from './paths';

/**
 * A scenario file's bytes as text: the one decoding every reader uses (the CLI, the app's open
 * and drop, Electron's main), so that they open the same set of files. The encoding comes from the
 * byte-order mark: UTF-8 (EF BB BF), UTF-16LE (FF FE), UTF-16BE (FE FF); without one, UTF-16 when
 * one of the first two bytes is zero (JSON text starts with an ASCII character, RFC 8259 §8.1
 * leaves this detection to readers), else UTF-8. The mark is not part of the text.
 *
 * Bytes that are not UTF-8 are read as U+FFFD (WHATWG's "maximal subpart" rule, as browsers and
 * Node decode) and not silently: a warning gives the byte offset of the first and how many there
 * are, since saving writes U+FFFD where they were.
 */

export type Encoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE';

export type DecodedText =
  | { ok: true; text: string; encoding: Encoding; warnings: string[] }
  | { ok: false; error: PathError };

const fmt = (n: number) => n.toLocaleString('en-US');

export function decodeScenarioBytes(bytes: Uint8Array): DecodedText {
  const tooLarge = fileSizeError(bytes.length);
  if (tooLarge) return { ok: false, error: { path: ROOT_PATH, message: tooLarge } };
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (bytes.length >= 4 && b0 === 0xff && b1 === 0xfe && bytes[2] === 0 && bytes[3] === 0)
    return unsupported('UTF-32');
  if (bytes.length >= 4 && b0 === 0 && b1 === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)
    return unsupported('UTF-32');
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return utf8(bytes, 3);
  if (b0 === 0xff && b1 === 0xfe) return utf16(bytes, 2, true);
  if (b0 === 0xfe && b1 === 0xff) return utf16(bytes, 2, false);
  if (bytes.length >= 2 && b0 !== 0 && b1 === 0) return utf16(bytes, 0, true);
  if (bytes.length >= 2 && b0 === 0 && b1 !== 0) return utf16(bytes, 0, false);
  return utf8(bytes, 0);
}

function unsupported(what: string): DecodedText {
  return {
    ok: false,
    error: { path: ROOT_PATH, message: `the file is ${what} text; PipeScope reads UTF-8 and UTF-16` },
  };
}

/** Code units are gathered in a buffer and turned into a string this many at a time. */
const CHUNK = 8192;

class TextBuilder {
  private readonly parts: string[] = [];
  private readonly buf = new Uint16Array(CHUNK);
  private n = 0;
  push(unit: number): void {
    if (this.n === CHUNK) this.flush();
    this.buf[this.n++] = unit;
  }
  private flush(): void {
    this.parts.push(String.fromCharCode.apply(null, this.buf.subarray(0, this.n) as unknown as number[]));
    this.n = 0;
  }
  done(): string {
    this.flush();
    return this.parts.join('');
  }
}

function utf16(bytes: Uint8Array, from: number, littleEndian: boolean): DecodedText {
  const encoding: Encoding = littleEndian ? 'UTF-16LE' : 'UTF-16BE';
  if ((bytes.length - from) % 2 !== 0)
    return {
      ok: false,
      error: {
        path: ROOT_PATH,
        message: `the file is ${encoding} text with an odd number of bytes (${fmt(bytes.length)}): its last byte is half a character (was it cut short?)`,
      },
    };
  const out = new TextBuilder();
  for (let i = from; i < bytes.length; i += 2)
    out.push(littleEndian ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
  return { ok: true, text: out.done(), encoding, warnings: [] };
}

/**
 * UTF-8 to text. Each maximal subpart of an ill-formed sequence becomes one U+FFFD (the WHATWG
 * Encoding Standard's decoder): overlong forms, surrogates (ED A0..BF) and code points past
 * U+10FFFF are ill-formed.
 */
function utf8(bytes: Uint8Array, from: number): DecodedText {
  const out = new TextBuilder();
  const n = bytes.length;
  let firstBad = -1;
  let bad = 0;
  let i = from;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      out.push(b);
      i++;
      continue;
    }
    let need = 0;
    let cp = 0;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    }
    let k = i + 1;
    let ok = need > 0;
    for (let m = 0; ok && m < need; m++, k++) {
      const c = k < n ? bytes[k] : -1;
      if (c < lower || c > upper) {
        ok = false;
        break;
      }
      lower = 0x80;
      upper = 0xbf;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (!ok) {
      // One U+FFFD for the lead byte and the continuation bytes that were valid after it.
      if (firstBad < 0) firstBad = i;
      bad++;
      out.push(0xfffd);
      i = Math.max(i + 1, k);
      continue;
    }
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      out.push(0xd800 | (v >> 10));
      out.push(0xdc00 | (v & 0x3ff));
    } else out.push(cp);
    i = k;
  }
  const warnings =
    bad === 0
      ? []
      : [
          `${ROOT_PATH}: the file is not valid UTF-8 at byte offset ${fmt(firstBad)}${bad > 1 ? ` and ${fmt(bad - 1)} more place(s)` : ''}: read as U+FFFD (\uFFFD), which saving writes there`,
        ];
  return { ok: true, text: out.done(), encoding: 'UTF-8', warnings };
}
