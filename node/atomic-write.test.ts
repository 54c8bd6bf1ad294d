import * as fsSync from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AtomicWriteFs,
  type AtomicWriteFsSync,
  type FileData,
  type FileHandleLike,
  tempPathFor,
  writeFileAtomic,
  writeFileAtomicSync,
} from './atomic-write';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pipescope-atomic-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

type FailStep = 'write' | 'sync' | 'rename';

function failure(step: FailStep): Error {
  if (step === 'write') return Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
  if (step === 'sync') return Object.assign(new Error('I/O error'), { code: 'EIO' });
  return Object.assign(new Error('rename failed'), { code: 'EXDEV' });
}

/** Half of the data, as a full disk would leave it. */
function half(data: FileData): FileData {
  return typeof data === 'string' ? data.slice(0, data.length / 2) : data.subarray(0, data.length / 2);
}

/** Real file system (promises), with one step made to fail; `log` records what was called. */
function asyncFs(fail: FailStep | null, log: string[] = []): AtomicWriteFs {
  return {
    stat: (f) => fs.stat(f),
    unlink: async (f) => {
      log.push('unlink');
      await fs.unlink(f);
    },
    rename: async (a, b) => {
      log.push('rename');
      if (fail === 'rename') throw failure('rename');
      await fs.rename(a, b);
    },
    open: async (f, flags, mode) => {
      const handle = await fs.open(f, flags, mode);
      const what = flags === 'r' ? 'dir' : 'file';
      log.push(`open ${what}`);
      const wrapped: FileHandleLike = {
        writeFile: async (data) => {
          log.push('write');
          if (fail === 'write') {
            await handle.writeFile(half(data));
            throw failure('write');
          }
          await handle.writeFile(data);
        },
        chmod: (m) => handle.chmod(m),
        sync: async () => {
          log.push(`sync ${what}`);
          if (fail === 'sync') throw failure('sync');
          await handle.sync();
        },
        close: async () => {
          log.push(`close ${what}`);
          await handle.close();
        },
      };
      return wrapped;
    },
  };
}

/** Real file system (synchronous), with one step made to fail; `log` records what was called. */
function syncFs(fail: FailStep | null, log: string[] = []): AtomicWriteFsSync {
  const dirs = new Set<number>();
  const what = (fd: number) => (dirs.has(fd) ? 'dir' : 'file');
  return {
    statSync: (f) => fsSync.statSync(f),
    unlinkSync: (f) => {
      log.push('unlink');
      fsSync.unlinkSync(f);
    },
    renameSync: (a, b) => {
      log.push('rename');
      if (fail === 'rename') throw failure('rename');
      fsSync.renameSync(a, b);
    },
    openSync: (f, flags, mode) => {
      const fd = fsSync.openSync(f, flags, mode);
      if (flags === 'r') dirs.add(fd);
      log.push(`open ${what(fd)}`);
      return fd;
    },
    writeFileSync: (fd, data) => {
      log.push('write');
      if (fail === 'write') {
        fsSync.writeFileSync(fd, half(data));
        throw failure('write');
      }
      fsSync.writeFileSync(fd, data);
    },
    fchmodSync: (fd, m) => fsSync.fchmodSync(fd, m),
    fsyncSync: (fd) => {
      log.push(`sync ${what(fd)}`);
      if (fail === 'sync') throw failure('sync');
      fsSync.fsyncSync(fd);
    },
    closeSync: (fd) => {
      log.push(`close ${what(fd)}`);
      fsSync.closeSync(fd);
      dirs.delete(fd);
    },
  };
}

/** The two ways of running the one procedure, under one signature. */
const VARIANTS = [
  {
    name: 'writeFileAtomic (promises)',
    write: (target: string, data: FileData, fail: FailStep | null = null, log?: string[], suffix?: string) =>
      writeFileAtomic(asyncFs(fail, log), target, data, { tempSuffix: suffix }),
  },
  {
    name: 'writeFileAtomicSync',
    write: async (
      target: string,
      data: FileData,
      fail: FailStep | null = null,
      log?: string[],
      suffix?: string,
    ) => writeFileAtomicSync(target, data, { fs: syncFs(fail, log), tempSuffix: suffix }),
  },
];

for (const { name, write } of VARIANTS) {
  describe(name, () => {
    it('replaces the file content and leaves no temporary file behind', async () => {
      const target = path.join(dir, 'a.pipescope.json');
      await fs.writeFile(target, 'old');
      await write(target, '{"new": true}\n');
      expect(await fs.readFile(target, 'utf8')).toBe('{"new": true}\n');
      expect(await fs.readdir(dir)).toEqual(['a.pipescope.json']);
    });

    it('creates a new file and writes bytes unchanged', async () => {
      const target = path.join(dir, 'figure.png');
      const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255, 7]);
      await write(target, bytes);
      expect(new Uint8Array(await fs.readFile(target))).toEqual(bytes);
    });

    it('flushes the file before the rename and the folder after it', async () => {
      const log: string[] = [];
      await write(path.join(dir, 'a.json'), 'data', null, log);
      expect(log).toEqual([
        'open file',
        'write',
        'sync file',
        'close file',
        'rename',
        'open dir',
        'sync dir',
        'close dir',
      ]);
    });

    for (const step of ['write', 'sync', 'rename'] as const) {
      it(`keeps the previous file intact when the ${step} step fails, and removes the temporary file`, async () => {
        const target = path.join(dir, 'keep.pipescope.json');
        await fs.writeFile(target, 'previous version\n');
        await expect(write(target, 'x'.repeat(10_000), step)).rejects.toThrow(failure(step).message);
        expect(await fs.readFile(target, 'utf8')).toBe('previous version\n');
        expect(await fs.readdir(dir)).toEqual(['keep.pipescope.json']);
      });
    }

    it('keeps the permissions of the file it replaces, also those the umask would remove', async () => {
      if (process.platform === 'win32') return;
      for (const mode of [0o600, 0o664, 0o666]) {
        const target = path.join(dir, `m${mode.toString(8)}.pipescope.json`);
        await fs.writeFile(target, 'x');
        await fs.chmod(target, mode);
        await write(target, 'y');
        expect((await fs.stat(target)).mode & 0o777).toBe(mode);
      }
    });

    it('never reuses an existing file at the temporary path', async () => {
      const target = path.join(dir, 't.json');
      await fs.writeFile(tempPathFor(target, 'fixed'), 'someone else');
      await expect(write(target, 'data', null, undefined, 'fixed')).rejects.toThrow(/EEXIST/);
      expect(await fs.readFile(tempPathFor(target, 'fixed'), 'utf8')).toBe('someone else');
      expect(await fs.readdir(dir)).toEqual(['.t.json.fixed.tmp']);
    });

    it('fails without touching anything when the target is a folder', async () => {
      const target = path.join(dir, 'taken');
      await fs.mkdir(target);
      await fs.writeFile(path.join(target, 'inside'), 'x');
      await expect(write(target, 'data')).rejects.toThrow();
      expect(await fs.readdir(dir)).toEqual(['taken']);
      expect(await fs.readFile(path.join(target, 'inside'), 'utf8')).toBe('x');
    });
  });
}

describe('tempPathFor', () => {
  it('puts the temporary file in the target folder (a rename across file systems is not atomic)', () => {
    const temp = tempPathFor('/home/me/runs/a.pipescope.json', 'abc');
    expect(path.dirname(temp)).toBe('/home/me/runs');
    expect(path.basename(temp)).toBe('.a.pipescope.json.abc.tmp');
  });
});

describe('writeFileAtomicSync with node:fs', () => {
  it('writes through the real synchronous API when no fs is given', () => {
    const target = path.join(dir, 'plain.txt');
    writeFileAtomicSync(target, 'hello');
    expect(fsSync.readFileSync(target, 'utf8')).toBe('hello');
  });
});
