import { describe, expect, it } from 'vitest';
import { LIMITS } from '../core/format/limits';
import { readFile } from './platform';

/** A File-like whose content must not be read: only its name and size may be looked at. */
function unreadable(name: string, size: number): File {
  const fail = () => {
    throw new Error('read before its size was checked');
  };
  return { name, size, arrayBuffer: fail, text: fail, stream: fail, slice: fail } as unknown as File;
}

describe('readFile (web open and drop)', () => {
  it('refuses a file over the cap by its size, without reading it', async () => {
    expect(await readFile(unreadable('big.json', 40 * 1024 * 1024))).toEqual({
      ok: false,
      error: 'Could not open big.json: the file is 40.0 MB; scenario files are at most 32.0 MB',
    });
    expect((await readFile(unreadable('edge.json', LIMITS.fileBytes + 1))).ok).toBe(false);
  });

  it('gives the bytes of a file within the cap, for the shared decoder', async () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]);
    const r = await readFile(new File([bytes], 'utf16.json'));
    expect(r).toEqual({ ok: true, file: { path: null, name: 'utf16.json', data: bytes } });
  });
});
