import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../core/format/limits';
import { SaveLeftBackupError } from '../../node/atomic-write';
import { describeFsError, type ReadFs, type ReadHandle, readScenarioFile } from './files';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pipescope-files-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** A file that claims `size` bytes and yields `chunk`-byte reads of 'x' forever, counting them. */
function endlessFile(size: number, chunk = 4096) {
  const seen = { bytes: 0, reads: 0 };
  const handle: ReadHandle = {
    stat: async () => ({ isFile: () => true, size }),
    read: async (buffer, offset, length) => {
      const n = Math.min(length, chunk);
      buffer.fill(0x78, offset, offset + n);
      seen.bytes += n;
      seen.reads++;
      return { bytesRead: n };
    },
    close: async () => {},
  };
  const readFs: ReadFs = { open: async () => handle };
  return { readFs, seen };
}

describe('readScenarioFile', () => {
  it('refuses a file over the file budget of core/format from its size, before reading any of it', async () => {
    // 32 MB is 33,554,432 bytes; one byte more would show as "32.0 MB" too, so it is given in bytes.
    const { readFs, seen } = endlessFile(32 * 1024 * 1024 + 1);
    expect(LIMITS.fileBytes).toBe(32 * 1024 * 1024);
    expect(await readScenarioFile(readFs, '/big.json')).toEqual({
      ok: false,
      error: 'Could not open /big.json: the file is 33,554,433 bytes; scenario files are at most 32.0 MB.',
    });
    const { readFs: larger } = endlessFile(40 * 1024 * 1024);
    expect(await readScenarioFile(larger, '/bigger.json')).toEqual({
      ok: false,
      error: 'Could not open /bigger.json: the file is 40.0 MB; scenario files are at most 32.0 MB.',
    });
    expect(seen.reads).toBe(0);
  });

  it('stops one byte past the budget when a file grows while it is read', async () => {
    // Claims 10 bytes, never ends (a growing log, a special file that lies about its size).
    const { readFs, seen } = endlessFile(10);
    const r = await readScenarioFile(readFs, '/grows.json', 1000);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toBe(
        'Could not open /grows.json: the file grew while it was read and is now more than 1,000 bytes; scenario files are at most that.',
      );
    expect(seen.bytes).toBe(1001);
  });

  it('reads a file that grew a little but stays within the budget, all of it', async () => {
    const file = path.join(dir, 'a.json');
    await fs.writeFile(file, 'x'.repeat(5000));
    // As if 4000 bytes had been appended after the size was taken.
    const real = await fs.open(file, 'r');
    const handle: ReadHandle = {
      stat: async () => ({ isFile: () => true, size: 1000 }),
      read: (b, o, l, p) => real.read(b, o, l, p),
      close: () => real.close(),
    };
    const r = await readScenarioFile({ open: async () => handle }, file, 10_000);
    expect(r.ok && r.file.bytes.length).toBe(5000);
  });

  it('opens a named pipe without waiting for a writer, and refuses it as not a file', async () => {
    const fifo = path.join(dir, 'trap.pipescope.json');
    execFileSync('mkfifo', [fifo]);
    const r = await readScenarioFile(fs, fifo);
    expect(r).toEqual({ ok: false, error: `Could not open ${fifo}: it is not a file.` });
  });

  it('refuses devices such as /dev/zero instead of reading them', async () => {
    expect(await readScenarioFile(fs, '/dev/zero')).toEqual({
      ok: false,
      error: 'Could not open /dev/zero: it is not a file.',
    });
  });

  it('returns the bytes as the file holds them, byte-order mark included (the page decodes them)', async () => {
    const file = path.join(dir, 'bom.json');
    // EF BB BF is the UTF-8 byte-order mark; ü is C3 BC and ß C3 9F in UTF-8.
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x22, 0xc3, 0xbc, 0xc3, 0x9f, 0x22]);
    await fs.writeFile(file, bytes);
    expect(await readScenarioFile(fs, file)).toEqual({
      ok: true,
      file: { path: file, name: 'bom.json', bytes },
    });
  });
});

describe('describeFsError', () => {
  it('names the backup when a failed in-place save could not put the old content back', () => {
    const error = new SaveLeftBackupError(
      Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }),
      '/x/a.json',
      '/x/.a.json.pipescope-7-0123456789ab.bak',
    );
    expect(describeFsError(error, 'write', '/x/a.json')).toBe(
      'Could not save /x/a.json: no space left on device. The file may be damaged; its previous version is in /x/.a.json.pipescope-7-0123456789ab.bak.',
    );
  });
});
