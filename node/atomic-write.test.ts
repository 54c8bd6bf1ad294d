import { execFileSync } from 'node:child_process';
import * as fsSync from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AtomicWriteFs,
  type AtomicWriteFsSync,
  type AtomicWriteOptions,
  backupPathFor,
  type FileData,
  type FileHandleLike,
  removeStaleTempFiles,
  STALE_TEMP_AGE_MS,
  SaveLeftBackupError,
  tempFileOwnerPid,
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

const isRoot = process.getuid?.() === 0;
const posix = process.platform !== 'win32';

type FailStep = 'write' | 'sync' | 'rename' | 'chown' | 'restore';

function failure(step: FailStep): Error {
  if (step === 'write') return Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
  if (step === 'sync') return Object.assign(new Error('I/O error'), { code: 'EIO' });
  if (step === 'chown') return Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
  if (step === 'restore') return Object.assign(new Error('I/O error on restore'), { code: 'EIO' });
  return Object.assign(new Error('rename failed'), { code: 'EXDEV' });
}

/** Half of the data, as a full disk would leave it. */
function half(data: FileData): FileData {
  return typeof data === 'string' ? data.slice(0, data.length / 2) : data.subarray(0, data.length / 2);
}

/**
 * What a test asks of the file system: which step fails ('restore' fails every write after the
 * first failed one, i.e. putting the backup back), and a log of the calls.
 */
interface Faults {
  fail?: FailStep | null;
  log?: string[];
}

/** Real file system (promises), with one step made to fail; `log` records what was called. */
function asyncFs({ fail = null, log = [] }: Faults = {}): AtomicWriteFs {
  let writeFailed = false;
  return {
    stat: (f) => fs.stat(f),
    lstat: (f) => fs.lstat(f),
    realpath: (f) => fs.realpath(f),
    readlink: (f) => fs.readlink(f),
    readdir: (d) => fs.readdir(d),
    copyFile: async (a, b, mode) => {
      log.push('copy');
      await fs.copyFile(a, b, mode);
    },
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
      const what = (await handle.stat()).isDirectory() ? 'dir' : 'file';
      log.push(`open ${what}${flags === 'r+' ? ' in place' : ''}`);
      const wrapped: FileHandleLike = {
        writeFile: async (data) => {
          log.push('write');
          if ((fail === 'write' || fail === 'restore') && !writeFailed) {
            writeFailed = true;
            await handle.writeFile(half(data));
            throw failure('write');
          }
          if (fail === 'restore' && writeFailed) throw failure('restore');
          await handle.writeFile(data);
        },
        read: (buffer, offset, length, position) => handle.read(buffer, offset, length, position),
        truncate: (length) => handle.truncate(length),
        chmod: (m) => handle.chmod(m),
        chown: async (uid, gid) => {
          log.push('chown');
          if (fail === 'chown') throw failure('chown');
          await handle.chown(uid, gid);
        },
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
function syncFs({ fail = null, log = [] }: Faults = {}): AtomicWriteFsSync {
  let writeFailed = false;
  const what = (fd: number) => (fsSync.fstatSync(fd).isDirectory() ? 'dir' : 'file');
  return {
    statSync: (f) => fsSync.statSync(f),
    lstatSync: (f) => fsSync.lstatSync(f),
    realpathSync: (f) => fsSync.realpathSync(f),
    readlinkSync: (f) => fsSync.readlinkSync(f),
    readdirSync: (d) => fsSync.readdirSync(d),
    readSync: (fd, b, o, l, p) => fsSync.readSync(fd, b, o, l, p),
    ftruncateSync: (fd, l) => fsSync.ftruncateSync(fd, l),
    copyFileSync: (a, b, mode) => {
      log.push('copy');
      fsSync.copyFileSync(a, b, mode);
    },
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
      log.push(`open ${what(fd)}${flags === 'r+' ? ' in place' : ''}`);
      return fd;
    },
    writeFileSync: (fd, data) => {
      log.push('write');
      if ((fail === 'write' || fail === 'restore') && !writeFailed) {
        writeFailed = true;
        fsSync.writeFileSync(fd, half(data));
        throw failure('write');
      }
      if (fail === 'restore' && writeFailed) throw failure('restore');
      fsSync.writeFileSync(fd, data);
    },
    fchmodSync: (fd, m) => fsSync.fchmodSync(fd, m),
    fchownSync: (fd, uid, gid) => {
      log.push('chown');
      if (fail === 'chown') throw failure('chown');
      fsSync.fchownSync(fd, uid, gid);
    },
    fsyncSync: (fd) => {
      log.push(`sync ${what(fd)}`);
      if (fail === 'sync') throw failure('sync');
      fsSync.fsyncSync(fd);
    },
    closeSync: (fd) => {
      log.push(`close ${what(fd)}`);
      fsSync.closeSync(fd);
    },
  };
}

type Write = (target: string, data: FileData, faults?: Faults, options?: AtomicWriteOptions) => Promise<void>;

/** The two ways of running the one procedure, under one signature. */
const VARIANTS: { name: string; write: Write }[] = [
  {
    name: 'writeFileAtomic (promises)',
    write: (target, data, faults, options) => writeFileAtomic(asyncFs(faults), target, data, options),
  },
  {
    name: 'writeFileAtomicSync',
    write: async (target, data, faults, options) =>
      writeFileAtomicSync(target, data, { ...options, fs: syncFs(faults) }),
  },
];

const read = (file: string) => fs.readFile(file, 'utf8');
const ls = async (folder = dir) => (await fs.readdir(folder)).sort();

/** A pid no process has (the highest free one below the kernel's pid_max). */
function deadPid(): number {
  for (let pid = 4_194_303; pid > 1; pid--) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as { code?: string }).code === 'ESRCH') return pid;
    }
  }
  throw new Error('no free pid');
}

for (const { name, write } of VARIANTS) {
  describe(name, () => {
    it('replaces the file content and leaves no temporary file behind', async () => {
      const target = path.join(dir, 'a.pipescope.json');
      await fs.writeFile(target, 'old');
      await write(target, '{"new": true}\n');
      expect(await read(target)).toBe('{"new": true}\n');
      expect(await ls()).toEqual(['a.pipescope.json']);
    });

    it('creates a new file and writes bytes unchanged', async () => {
      const target = path.join(dir, 'figure.png');
      const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255, 7]);
      await write(target, bytes);
      expect(new Uint8Array(await fs.readFile(target))).toEqual(bytes);
    });

    it('flushes the file before the rename and the folder after it', async () => {
      const log: string[] = [];
      await write(path.join(dir, 'a.json'), 'data', { log });
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
        await expect(write(target, 'x'.repeat(10_000), { fail: step })).rejects.toThrow(
          failure(step).message,
        );
        expect(await read(target)).toBe('previous version\n');
        expect(await ls()).toEqual(['keep.pipescope.json']);
      });
    }

    it('keeps the permissions of the file it replaces, also those the umask would remove, and setgid', async () => {
      if (!posix) return;
      // Setting setgid on a file needs its group among ours, true for a file we just made.
      for (const mode of [0o600, 0o664, 0o666, 0o2664, 0o2775]) {
        const target = path.join(dir, `m${mode.toString(8)}.pipescope.json`);
        await fs.writeFile(target, 'x');
        await fs.chmod(target, mode);
        await write(target, 'y');
        expect(((await fs.stat(target)).mode & 0o7777).toString(8)).toBe(mode.toString(8));
      }
    });

    it.skipIf(!isRoot)('keeps owner and group of a file that belongs to another user (as root)', async () => {
      // nobody:nogroup, 65534 on Debian; any uid/gid other than ours shows the point.
      const target = path.join(dir, 'theirs.pipescope.json');
      await fs.writeFile(target, 'theirs');
      await fs.chown(target, 65534, 65534);
      await fs.chmod(target, 0o2664);
      const before = await fs.stat(target);
      await write(target, 'ours');
      const after = await fs.stat(target);
      expect(await read(target)).toBe('ours');
      expect([after.uid, after.gid]).toEqual([65534, 65534]);
      expect((after.mode & 0o7777).toString(8)).toBe('2664');
      // Root can give a new file any owner, so this was a replacement (a new inode), atomic.
      expect(after.ino).not.toBe(before.ino);
    });

    it('rewrites in place a file whose owner this process could not give to a new file', async () => {
      const target = path.join(dir, 'teammate.pipescope.json');
      await fs.writeFile(target, 'the teammate version\n');
      const before = await fs.stat(target);
      // We play an ordinary user who does not own the file (it is ours really, hence writable).
      const stranger = { uid: before.uid + 4242, gid: before.gid + 4242, groups: [] };
      const log: string[] = [];
      await write(target, 'new\n', { log }, { identity: stranger });
      const after = await fs.stat(target);
      expect(await read(target)).toBe('new\n');
      expect(after.ino).toBe(before.ino);
      expect([after.uid, after.gid]).toEqual([before.uid, before.gid]);
      expect(log).toContain('open file in place');
      expect(log).not.toContain('rename');
      expect(await ls()).toEqual(['teammate.pipescope.json']);
    });

    it('rewrites in place when the file system refuses to change the owner of the new file', async () => {
      const target = path.join(dir, 'share.pipescope.json');
      await fs.writeFile(target, 'old content that is longer than the new one\n');
      const before = await fs.stat(target);
      // Root may chown, and the file belongs to someone else: the procedure tries chown.
      const root = { uid: 0, gid: 0, groups: [] };
      await fs.chown(target, before.uid === 0 ? 1 : before.uid, before.gid).catch(() => {});
      const owner = await fs.stat(target);
      if (owner.uid === 0) return; // could not make it foreign (not root): nothing to show
      const log: string[] = [];
      await write(target, 'short\n', { fail: 'chown', log }, { identity: root });
      const after = await fs.stat(target);
      expect(await read(target)).toBe('short\n');
      expect(after.ino).toBe(before.ino);
      expect(log).toContain('chown');
      expect(log).toContain('open file in place');
      expect(await ls()).toEqual(['share.pipescope.json']);
    });

    it('writes through a symbolic link to its target, and the link stays a link', async () => {
      const real = path.join(dir, 'store', 'plan.pipescope.json');
      await fs.mkdir(path.dirname(real));
      await fs.writeFile(real, 'old');
      const link = path.join(dir, 'plan.pipescope.json');
      await fs.symlink(path.join('store', 'plan.pipescope.json'), link);
      await write(link, 'new');
      expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
      expect(await fs.readlink(link)).toBe(path.join('store', 'plan.pipescope.json'));
      expect(await read(real)).toBe('new');
      expect(await ls()).toEqual(['plan.pipescope.json', 'store']);
      expect(await ls(path.dirname(real))).toEqual(['plan.pipescope.json']);
    });

    it('follows a chain of links, relative to the folder each link really is in', async () => {
      // a/link -> ../b/link2 (a itself reached through the link "via") -> ../c/real
      for (const d of ['a', 'b', 'c']) await fs.mkdir(path.join(dir, d));
      await fs.writeFile(path.join(dir, 'c', 'real.json'), 'old');
      await fs.symlink('../c/real.json', path.join(dir, 'b', 'link2.json'));
      await fs.symlink('../b/link2.json', path.join(dir, 'a', 'link.json'));
      await fs.symlink('a', path.join(dir, 'via'));
      await write(path.join(dir, 'via', 'link.json'), 'new');
      expect(await read(path.join(dir, 'c', 'real.json'))).toBe('new');
      expect((await fs.lstat(path.join(dir, 'a', 'link.json'))).isSymbolicLink()).toBe(true);
      expect((await fs.lstat(path.join(dir, 'b', 'link2.json'))).isSymbolicLink()).toBe(true);
    });

    it('creates the file a dangling link points to, keeping the link', async () => {
      const link = path.join(dir, 'next.pipescope.json');
      await fs.symlink('later.pipescope.json', link);
      await write(link, 'first');
      expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
      expect(await read(path.join(dir, 'later.pipescope.json'))).toBe('first');
    });

    it('refuses a loop of links without creating anything', async () => {
      await fs.symlink('b.json', path.join(dir, 'a.json'));
      await fs.symlink('a.json', path.join(dir, 'b.json'));
      await expect(write(path.join(dir, 'a.json'), 'x')).rejects.toThrow(/ELOOP/);
      expect(await ls()).toEqual(['a.json', 'b.json']);
    });

    it('keeps hard links together: every name shows the new content, and the backup is removed', async () => {
      const a = path.join(dir, 'a.pipescope.json');
      const b = path.join(dir, 'b.pipescope.json');
      await fs.writeFile(a, 'old content, longer than the new\n');
      await fs.link(a, b);
      const before = await fs.stat(a);
      const log: string[] = [];
      await write(a, 'new\n', { log });
      expect(await read(b)).toBe('new\n');
      expect(await read(a)).toBe('new\n');
      const after = await fs.stat(a);
      expect(after.ino).toBe(before.ino);
      expect(after.nlink).toBe(2);
      // The backup was made and flushed before the file was touched.
      expect(log.slice(0, 5)).toEqual(['copy', 'open file', 'sync file', 'close file', 'open file in place']);
      expect(await ls()).toEqual(['a.pipescope.json', 'b.pipescope.json']);
    });

    it('puts the old content back when an in-place write fails, and removes the backup', async () => {
      const a = path.join(dir, 'a.json');
      await fs.writeFile(a, 'the previous version\n');
      await fs.link(a, path.join(dir, 'b.json'));
      await expect(write(a, 'y'.repeat(100_000), { fail: 'write' })).rejects.toThrow(/no space/);
      expect(await read(a)).toBe('the previous version\n');
      expect(await read(path.join(dir, 'b.json'))).toBe('the previous version\n');
      expect(await ls()).toEqual(['a.json', 'b.json']);
    });

    it('leaves the backup, and names it, when the old content cannot be put back', async () => {
      const a = path.join(dir, 'a.json');
      await fs.writeFile(a, 'the previous version\n');
      await fs.link(a, path.join(dir, 'b.json'));
      const error = await write(
        a,
        'y'.repeat(100_000),
        { fail: 'restore' },
        { tempSuffix: 'c0ffee000000' },
      ).then(
        () => null,
        (e: unknown) => e,
      );
      const backup = backupPathFor(a, 'c0ffee000000');
      expect(error).toBeInstanceOf(SaveLeftBackupError);
      expect((error as SaveLeftBackupError).backup).toBe(backup);
      expect((error as SaveLeftBackupError).code).toBe('ENOSPC');
      expect((error as Error).message).toContain(backup);
      expect(await read(backup)).toBe('the previous version\n');
    });

    it('writes to a FIFO as it is instead of replacing it', async () => {
      if (!posix) return;
      const fifo = path.join(dir, 'pipe');
      execFileSync('mkfifo', [fifo]);
      // A reader that does not block, so the writer's open succeeds at once.
      const reader = fsSync.openSync(fifo, fsSync.constants.O_RDONLY | fsSync.constants.O_NONBLOCK);
      try {
        await write(fifo, 'through the pipe');
        const buffer = Buffer.alloc(100);
        const n = fsSync.readSync(reader, buffer);
        expect(buffer.subarray(0, n).toString()).toBe('through the pipe');
        expect((await fs.lstat(fifo)).isFIFO()).toBe(true);
        expect(await ls()).toEqual(['pipe']);
      } finally {
        fsSync.closeSync(reader);
      }
    });

    it('never reuses an existing file at the temporary path', async () => {
      const target = path.join(dir, 't.json');
      await fs.writeFile(tempPathFor(target, 'fixed'), 'someone else');
      await expect(write(target, 'data', {}, { tempSuffix: 'fixed' })).rejects.toThrow(/EEXIST/);
      expect(await read(tempPathFor(target, 'fixed'))).toBe('someone else');
      expect(await ls()).toEqual([path.basename(tempPathFor(target, 'fixed'))]);
    });

    it('fails without touching anything when the target is a folder', async () => {
      const target = path.join(dir, 'taken');
      await fs.mkdir(target);
      await fs.writeFile(path.join(target, 'inside'), 'x');
      await expect(write(target, 'data')).rejects.toThrow(/EISDIR/);
      expect(await ls()).toEqual(['taken']);
      expect(await read(path.join(target, 'inside'))).toBe('x');
    });

    it('removes temporary files of killed saves in the folder it writes to, and nothing else', async () => {
      const target = path.join(dir, 'plan.json');
      const dead = deadPid();
      const stale = tempPathFor(target, 'aaaaaaaaaaaa', dead);
      const fresh = tempPathFor(target, 'bbbbbbbbbbbb', dead);
      const running = tempPathFor(target, 'cccccccccccc', dead - 1);
      const notOurs = path.join(dir, '.plan.json.123456789abc.tmp');
      const backup = backupPathFor(target, 'dddddddddddd', dead);
      const folderNamedLikeOne = tempPathFor(target, 'eeeeeeeeeeee', dead);
      for (const f of [stale, fresh, running, notOurs, backup]) await fs.writeFile(f, 'x');
      await fs.mkdir(folderNamedLikeOne);
      const now = Date.now();
      const old = new Date(now - STALE_TEMP_AGE_MS - 60_000);
      for (const f of [stale, running, notOurs, backup, folderNamedLikeOne]) await fs.utimes(f, old, old);
      await write(target, 'data', {}, { now, isProcessAlive: (pid) => pid === dead - 1 });
      expect(await ls()).toEqual(
        [fresh, running, notOurs, backup, folderNamedLikeOne, target].map((f) => path.basename(f)).sort(),
      );
    });
  });
}

describe('tempPathFor', () => {
  it('puts the temporary file in the target folder (a rename across file systems is not atomic)', () => {
    const temp = tempPathFor('/home/me/runs/a.pipescope.json', 'abc', 42);
    expect(path.dirname(temp)).toBe('/home/me/runs');
    expect(path.basename(temp)).toBe('.a.pipescope.json.pipescope-42-abc.tmp');
  });

  it('marks the names the clean-up may take, with the pid of the process that wrote them', () => {
    expect(tempFileOwnerPid(path.basename(tempPathFor('/x/a.json', '0123456789ab', 77)))).toBe(77);
    expect(tempFileOwnerPid(path.basename(tempPathFor('/x/a.json')))).toBe(process.pid);
    expect(tempFileOwnerPid('.a.json.0123456789ab.tmp')).toBeNull();
    expect(tempFileOwnerPid(path.basename(backupPathFor('/x/a.json', '0123456789ab', 77)))).toBeNull();
    expect(tempFileOwnerPid('a.json.pipescope-77-0123456789ab.tmp')).toBeNull();
  });
});

describe('removeStaleTempFiles', () => {
  it('cleans every given folder once and never fails, even for folders that are gone', async () => {
    const dead = deadPid();
    const a = path.join(dir, 'a');
    await fs.mkdir(a);
    const stale = tempPathFor(path.join(a, 'x.json'), 'aaaaaaaaaaaa', dead);
    await fs.writeFile(stale, 'x');
    const old = new Date(Date.now() - 2 * STALE_TEMP_AGE_MS);
    await fs.utimes(stale, old, old);
    const removed = await removeStaleTempFiles(fs, [a, a, path.join(dir, 'gone')]);
    expect(removed).toEqual([stale]);
    expect(await ls(a)).toEqual([]);
  });
});

describe('writeFileAtomicSync with node:fs', () => {
  it('writes through the real synchronous API when no fs is given', () => {
    const target = path.join(dir, 'plain.txt');
    writeFileAtomicSync(target, 'hello');
    expect(fsSync.readFileSync(target, 'utf8')).toBe('hello');
  });
});

/**
 * A real process, really killed mid-write: the child (this module bundled with esbuild) writes half
 * of the new content, says so on stdout and waits; the test kills it with SIGKILL.
 */
describe('a save killed with SIGKILL mid-write', () => {
  const CHILD = `
    import * as fs from 'node:fs';
    import { writeFileAtomicSync } from ${JSON.stringify(path.resolve(__dirname, 'atomic-write.ts'))};
    const [target, size] = process.argv.slice(2);
    const stall = (fd, data) => {
      fs.writeFileSync(fd, data.slice(0, data.length / 2));
      fs.writeSync(1, 'half written\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    };
    writeFileAtomicSync(target, 'n'.repeat(Number(size)), { fs: { ...fs, writeFileSync: stall } });
  `;

  async function killMidWrite(target: string): Promise<void> {
    const { build } = await import('esbuild');
    const script = path.join(dir, '..', `${path.basename(dir)}-child.mjs`);
    await build({
      stdin: { contents: CHILD, resolveDir: __dirname, loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: script,
      logLevel: 'silent',
    });
    try {
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, [script, target, String(4 << 20)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('half written')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`child exited (${code}) before writing`)));
      });
      const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
    } finally {
      await fs.rm(script, { force: true });
    }
  }

  it('leaves the old file intact, and the next save into the folder removes its temporary file', async () => {
    const target = path.join(dir, 'plan.pipescope.json');
    await fs.writeFile(target, 'the previous version\n');
    await killMidWrite(target);
    expect(await read(target)).toBe('the previous version\n');
    const [left] = (await ls()).filter((f) => f !== 'plan.pipescope.json');
    expect(tempFileOwnerPid(left)).not.toBeNull();
    // As if minutes had passed: the clean-up leaves files alone while they may still be written.
    writeFileAtomicSync(path.join(dir, 'other.json'), 'x');
    expect(await ls()).toContain(left);
    writeFileAtomicSync(path.join(dir, 'other.json'), 'y', { now: Date.now() + 2 * STALE_TEMP_AGE_MS });
    expect(await ls()).toEqual(['other.json', 'plan.pipescope.json']);
  });

  it('of a hard-linked file (written in place) leaves the previous version in the backup beside it', async () => {
    const target = path.join(dir, 'linked.pipescope.json');
    await fs.writeFile(target, 'the previous version\n');
    await fs.link(target, path.join(dir, 'other-name.json'));
    await killMidWrite(target);
    const backups = (await ls()).filter((f) => f.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    expect(await read(path.join(dir, backups[0]))).toBe('the previous version\n');
    // Never taken by the clean-up: it is the only copy of the previous version.
    writeFileAtomicSync(path.join(dir, 'x.json'), 'y', { now: Date.now() + 2 * STALE_TEMP_AGE_MS });
    expect(await ls()).toContain(backups[0]);
  });
});
