import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits';
import { loadScenarioBytes } from './scenario-file';
import { decodeScenarioBytes } from './text-decoding';

const utf8 = (s: string) => new TextEncoder().encode(s);

function utf16(s: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  let at = 0;
  if (bom) {
    view.setUint16(0, 0xfeff, littleEndian);
    at = 2;
  }
  for (let i = 0; i < s.length; i++, at += 2) view.setUint16(at, s.charCodeAt(i), littleEndian);
  return out;
}

function textOf(bytes: Uint8Array): string {
  const r = decodeScenarioBytes(bytes);
  if (!r.ok) throw new Error(r.error.message);
  return r.text;
}

const SCENARIO = '{"format": "pipescope-scenario", "version": 1, "name": "Grüße 流水线 🚀"}';

describe('decodeScenarioBytes', () => {
  it('reads UTF-8 with or without its byte-order mark, and UTF-16 in either byte order, to the same text', () => {
    expect(textOf(utf8(SCENARIO))).toBe(SCENARIO);
    expect(textOf(utf8(`\ufeff${SCENARIO}`))).toBe(SCENARIO);
    for (const le of [true, false]) {
      expect(textOf(utf16(SCENARIO, le, true))).toBe(SCENARIO);
      // Without a mark: JSON starts with an ASCII character, so one of the first two bytes is zero.
      expect(textOf(utf16(SCENARIO, le, false))).toBe(SCENARIO);
    }
  });

  it('opens a UTF-16 file through the same loader the CLI and the app use', () => {
    const r = loadScenarioBytes(utf16(SCENARIO, true, true));
    expect(r.ok && r.scenario.name).toBe('Grüße 流水线 🚀');
  });

  it('decodes any bytes as the WHATWG decoder does (TextDecoder is the reference), one U+FFFD per bad sequence', () => {
    const reference = new TextDecoder('utf-8', { ignoreBOM: false });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (raw) => {
        // Keep the detection of UTF-16 out of it: start with an ASCII letter.
        const bytes = new Uint8Array([0x61, 0x62, ...raw]);
        expect(textOf(bytes)).toBe(reference.decode(bytes));
      }),
      { numRuns: 5000 },
    );
  });

  it('says where the bytes stop being UTF-8 and how many places there are', () => {
    // "ab", a lone continuation byte at offset 2, "c", an overlong "/" (C0 AF) at offset 4, "d",
    // a surrogate half (ED A0 80) at offset 7.
    const bytes = new Uint8Array([0x61, 0x62, 0x80, 0x63, 0xc0, 0xaf, 0x64, 0xed, 0xa0, 0x80]);
    const r = decodeScenarioBytes(bytes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.text).toBe(new TextDecoder().decode(bytes));
    expect(r.warnings).toEqual([
      '(root): the file is not valid UTF-8 at byte offset 2 and 5 more place(s): read as U+FFFD (\uFFFD), which saving writes there',
    ]);
  });

  it('gives valid UTF-8 no warning', () => {
    const r = decodeScenarioBytes(utf8(SCENARIO));
    expect(r.ok && r.warnings).toEqual([]);
  });

  it('refuses UTF-32, half a UTF-16 character, and more bytes than a scenario file may have', () => {
    expect(decodeScenarioBytes(new Uint8Array([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]))).toMatchObject({
      ok: false,
      error: { path: '(root)', message: expect.stringContaining('UTF-32') },
    });
    expect(decodeScenarioBytes(new Uint8Array([0xff, 0xfe, 0x7b, 0, 0x7d]))).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('odd number of bytes') },
    });
    expect(decodeScenarioBytes(new Uint8Array(LIMITS.fileBytes + 1))).toMatchObject({
      ok: false,
      error: { message: 'the file is 33,554,433 bytes; scenario files are at most 32.0 MB' },
    });
  });
});
