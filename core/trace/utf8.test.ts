import { describe, expect, it } from 'vitest';
import { Utf8Decoder } from './utf8';

const enc = new TextEncoder();

function decodeInPieces(bytes: Uint8Array, cuts: number[]): string {
  const d = new Utf8Decoder();
  let out = '';
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    out += d.decode(bytes.subarray(from, c), { stream: true });
    from = c;
  }
  return out + d.decode(new Uint8Array(0), { stream: false });
}

describe('the plain-TypeScript UTF-8 decoder', () => {
  it('decodes text with 1- to 4-byte characters cut at every byte boundary', () => {
    const text = '{"name": "注意力(F) – mlp(B) 🚀 ok", "a": "é"}';
    const bytes = enc.encode(text);
    for (let cut = 0; cut <= bytes.length; cut++) expect(decodeInPieces(bytes, [cut])).toBe(text);
    // and cut into single bytes
    expect(
      decodeInPieces(
        bytes,
        Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
      ),
    ).toBe(text);
  });

  it('decodes long ASCII runs (past its block size) unchanged', () => {
    const text = `${'x'.repeat(20_000)}ü${'y'.repeat(9_000)}`;
    expect(decodeInPieces(enc.encode(text), [8191, 8193, 20_001])).toBe(text);
  });

  it('replaces invalid bytes as TextDecoder does', () => {
    const cases = [
      [0x61, 0xff, 0x62], // a byte that never starts a character
      [0x61, 0xc3], // a 2-byte character cut by the end of the input
      [0xe2, 0x82, 0x41], // a 3-byte character broken by ASCII
      [0xc0, 0xaf], // an overlong form
      [0xed, 0xa0, 0x80], // an encoded surrogate
      [0xf0, 0x9f, 0x98], // a 4-byte character cut by the end
    ];
    for (const c of cases) {
      const bytes = Uint8Array.from(c);
      expect(decodeInPieces(bytes, [])).toBe(new TextDecoder().decode(bytes));
    }
  });
});
