import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AtomicWriteFs, type FileHandleLike, tempPathFor, writeFileAtomic } from './atomic-write';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pipescope-atomic-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Real file system, with one step made to fail the way a full disk or a crash would. */
function failingFs(step: 'write' | 'sync' | 'rename'): AtomicWriteFs {
  return {
    stat: (f) => fs.stat(f),
    unlink: (f) => fs.unlink(f),
    rename: async (a, b) => {
      if (step === 'rename') throw Object.assign(new Error('rename failed'), { code: 'EXDEV' });
      await fs.rename(a, b);
    },
    open: async (f, flags, mode) => {
      const handle = await fs.open(f, flags, mode);
      const wrapped: FileHandleLike = {
        writeFile: async (data) => {
          if (step === 'write') {
            // Half the bytes reach the disk, then the device is full.
            await handle.writeFile(
              typeof data === 'string' ? data.slice(0, data.length / 2) : data.subarray(0, 4),
            );
            throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
          }
          await handle.writeFile(data);
        },
        sync: async () => {
          if (step === 'sync') throw Object.assign(new Error('I/O error'), { code: 'EIO' });
          await handle.sync();
        },
        close: () => handle.close(),
      };
      return wrapped;
    },
  };
}

describe('writeFileAtomic', () => {
  it('replaces the file content and leaves no temporary file behind', async () => {
    const target = path.join(dir, 'a.pipescope.json');
    await fs.writeFile(target, 'old');
    await writeFileAtomic(fs, target, '{"new": true}\n');
    expect(await fs.readFile(target, 'utf8')).toBe('{"new": true}\n');
    expect(await fs.readdir(dir)).toEqual(['a.pipescope.json']);
  });

  it('creates a new file and writes bytes unchanged', async () => {
    const target = path.join(dir, 'figure.png');
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255, 7]);
    await writeFileAtomic(fs, target, bytes);
    expect(new Uint8Array(await fs.readFile(target))).toEqual(bytes);
  });

  for (const step of ['write', 'sync', 'rename'] as const) {
    it(`keeps the previous file intact when the ${step} step fails, and removes the temporary file`, async () => {
      const target = path.join(dir, 'keep.pipescope.json');
      await fs.writeFile(target, 'previous version\n');
      await expect(writeFileAtomic(failingFs(step), target, 'x'.repeat(10_000))).rejects.toThrow();
      expect(await fs.readFile(target, 'utf8')).toBe('previous version\n');
      expect(await fs.readdir(dir)).toEqual(['keep.pipescope.json']);
    });
  }

  it('keeps the permissions of the file it replaces', async () => {
    if (process.platform === 'win32') return;
    const target = path.join(dir, 'private.pipescope.json');
    await fs.writeFile(target, 'x', { mode: 0o600 });
    await fs.chmod(target, 0o600);
    await writeFileAtomic(fs, target, 'y');
    expect((await fs.stat(target)).mode & 0o777).toBe(0o600);
  });

  it('writes the temporary file in the target folder (a rename across file systems is not atomic)', () => {
    const temp = tempPathFor('/home/me/runs/a.pipescope.json', 'abc');
    expect(path.dirname(temp)).toBe('/home/me/runs');
    expect(path.basename(temp)).toBe('.a.pipescope.json.abc.tmp');
  });

  it('never reuses an existing file at the temporary path', async () => {
    const target = path.join(dir, 't.json');
    await fs.writeFile(tempPathFor(target, 'fixed'), 'someone else');
    await expect(writeFileAtomic(fs, target, 'data', { tempSuffix: 'fixed' })).rejects.toThrow(/EEXIST/);
    expect(await fs.readFile(tempPathFor(target, 'fixed'), 'utf8')).toBe('someone else');
  });
});
