/**
 * Saving a file without losing what the user had: PipeScope's one implementation, used by the CLI
 * (synchronously, with node:fs) and by Electron's main process (asynchronously, with an injected
 * node:fs/promises).
 *
 * The usual way is a replacement: the data goes to a temporary file beside the target (same
 * directory, hence the same file system, so the rename is atomic), created exclusively, given the
 * target's owner and permissions, flushed to disk, and only then renamed over the target; the
 * directory is flushed last so the rename itself survives a crash. A crash, full disk or failed
 * write at any point leaves either the old file or the new one, never a truncated mix.
 *
 * What the user had is kept:
 * - a symbolic link stays a link: the file it points to (through any chain of links, even one
 *   that does not exist yet) is the one replaced;
 * - a file with other hard links, or one whose owner this process cannot give back to a new file
 *   (a teammate's file in a shared folder), is rewritten in place instead, because a rename would
 *   split the links or change the owner. A copy of the old content is made beside it first
 *   (`.name.pipescope-<pid>-<random>.bak`), put back if the write fails, and removed on success;
 *   if the process dies mid-write the copy stays, with the previous version in it;
 * - permissions (setuid, setgid and sticky included) and, where the process may (root, or the
 *   owner with the file's group among its own), owner and group;
 * - a FIFO, a terminal or a device (`-o /dev/stdout`) is written to as it is, never replaced.
 *
 * Temporary files of a save that was killed are removed by a later save into the same folder, and
 * by Electron's main process at start for the folders of recent files (`removeStaleTempFiles`):
 * only names of our pattern, regular files, untouched for STALE_TEMP_AGE_MS, whose writing
 * process is no longer running.
 *
 * The procedures are written once, as generators that yield the file-system steps they need
 * (`replaceSteps`, `sweepSteps`); the runners only carry those steps out with the synchronous or
 * the promise API, so both callers get every rule above.
 */
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import path from 'node:path';

export type FileData = string | Uint8Array;

/** The part of fs.Stats used here. */
export interface FileStats {
  mode: number;
  uid: number;
  gid: number;
  nlink: number;
  mtimeMs: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** The part of a node:fs/promises FileHandle used here (injectable so tests can fail any step). */
export interface FileHandleLike {
  writeFile(data: FileData): Promise<void>;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  truncate(length: number): Promise<void>;
  sync(): Promise<void>;
  chmod(mode: number): Promise<void>;
  chown(uid: number, gid: number): Promise<void>;
  close(): Promise<void>;
}

/** The subset of node:fs/promises used here. */
export interface AtomicWriteFs {
  open(file: string, flags: string, mode?: number): Promise<FileHandleLike>;
  stat(file: string): Promise<FileStats>;
  lstat(file: string): Promise<FileStats>;
  realpath(file: string): Promise<string>;
  readlink(file: string): Promise<string>;
  readdir(dir: string): Promise<string[]>;
  copyFile(from: string, to: string, mode?: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
}

/** The subset of node:fs's synchronous API used here (node:fs itself by default). */
export interface AtomicWriteFsSync {
  openSync(file: string, flags: string, mode?: number): number;
  writeFileSync(fd: number, data: FileData): void;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  ftruncateSync(fd: number, length: number): void;
  fsyncSync(fd: number): void;
  fchmodSync(fd: number, mode: number): void;
  fchownSync(fd: number, uid: number, gid: number): void;
  closeSync(fd: number): void;
  statSync(file: string): FileStats;
  lstatSync(file: string): FileStats;
  realpathSync(file: string): string;
  readlinkSync(file: string): string;
  readdirSync(dir: string): string[];
  copyFileSync(from: string, to: string, mode?: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(file: string): void;
}

/** Who this process is, for deciding whether a new file can get the old one's owner. */
export interface ProcessIdentity {
  uid: number;
  gid: number;
  groups: readonly number[];
}

export interface AtomicWriteOptions {
  /** Fixes the random part of temporary and backup names (tests). */
  tempSuffix?: string;
  /** Defaults to this process's (null where there are no POSIX owners: Windows). */
  identity?: ProcessIdentity | null;
  /** Clock and process table for the clean-up of stale temporary files (tests inject them). */
  now?: number;
  isProcessAlive?: (pid: number) => boolean;
}

/** Permissions of a file that did not exist before: read/write for all, less the process umask. */
const NEW_FILE_MODE = 0o666;
const PERMISSION_BITS = 0o777;
/** Permissions plus setuid, setgid and sticky: what a saved file keeps. */
const MODE_BITS = 0o7777;
/** Linux gives up after 40 links in a path (MAXSYMLINKS); so do we. */
const MAX_SYMLINKS = 40;
/** The restore after a failed in-place write copies this much at a time (bounded memory). */
const RESTORE_CHUNK_BYTES = 1 << 20;
/**
 * A temporary file untouched this long is not being written: a save writes its data in one go and
 * renames right after the flush. Minutes rather than seconds, for slow network shares.
 */
export const STALE_TEMP_AGE_MS = 5 * 60 * 1000;

/** Marks our temporary and backup files, so the clean-up never takes anyone else's. */
const MARK = 'pipescope';
const TEMP_NAME = new RegExp(`^\\..+\\.${MARK}-(\\d+)-[0-9a-f]{12}\\.tmp$`);

function randomPart(): string {
  return randomBytes(6).toString('hex');
}

/** `.name.pipescope-<pid>-<12 hex>.tmp` beside the target: the pid tells the clean-up whose it is. */
export function tempPathFor(target: string, suffix = randomPart(), pid = process.pid): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${MARK}-${pid}-${suffix}.tmp`);
}

/** The copy of the old content kept while a file is rewritten in place. */
export function backupPathFor(target: string, suffix = randomPart(), pid = process.pid): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${MARK}-${pid}-${suffix}.bak`);
}

/** The pid in a name of our temporary-file pattern, or null for any other name. */
export function tempFileOwnerPid(name: string): number | null {
  const m = TEMP_NAME.exec(name);
  return m ? Number(m[1]) : null;
}

/** A failed in-place write whose old content could not be put back: it is in `backup`. */
export class SaveLeftBackupError extends Error {
  readonly code: string | undefined;
  constructor(
    failure: unknown,
    readonly target: string,
    readonly backup: string,
  ) {
    const message = failure instanceof Error ? failure.message : String(failure);
    super(`${message}; the previous version of ${target} is in ${backup}`, { cause: failure });
    this.name = 'SaveLeftBackupError';
    this.code = (failure as { code?: string } | null)?.code;
  }
}

/** One file-system operation the procedures ask for; handles are opaque to them. */
export type Step =
  | { op: 'stat' | 'lstat' | 'realpath' | 'readlink' | 'unlink'; file: string }
  | { op: 'readdir'; dir: string }
  | { op: 'open'; file: string; flags: string; mode?: number }
  | { op: 'write'; handle: unknown; data: FileData }
  | { op: 'read'; handle: unknown; buffer: Uint8Array; position: number }
  | { op: 'truncate'; handle: unknown; length: number }
  | { op: 'chmod'; handle: unknown; mode: number }
  | { op: 'chown'; handle: unknown; uid: number; gid: number }
  | { op: 'sync' | 'close'; handle: unknown }
  | { op: 'copy'; from: string; to: string }
  | { op: 'rename'; from: string; to: string };

type Steps<T> = Generator<Step, T, unknown>;

/** One step whose result the procedure uses, typed. */
function* ask<T>(step: Step): Steps<T> {
  return (yield step) as T;
}

function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

function fsError(code: string, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

function byteLength(data: FileData): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}

export function currentIdentity(): ProcessIdentity | null {
  if (typeof process.geteuid !== 'function' || typeof process.getegid !== 'function') return null;
  return { uid: process.geteuid(), gid: process.getegid(), groups: process.getgroups?.() ?? [] };
}

/** Whether a file made by this process can be given `stats`' owner and group. */
function canKeepOwner(stats: FileStats, identity: ProcessIdentity | null): boolean {
  if (identity === null || identity.uid === 0) return true;
  if (stats.uid !== identity.uid) return false;
  return stats.gid === identity.gid || identity.groups.includes(stats.gid);
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return errorCode(error) === 'EPERM';
  }
}

/** Best effort: closing after a failure must not hide the failure. */
function* closeQuietly(handle: unknown): Steps<void> {
  try {
    yield { op: 'close', handle };
  } catch {}
}

function* unlinkQuietly(file: string): Steps<void> {
  try {
    yield { op: 'unlink', file };
  } catch {}
}

/** The file a write to `file` must change: `file` itself, or where its links lead. */
function* resolveTarget(file: string, exists: boolean): Steps<string> {
  if (exists) return yield* ask<string>({ op: 'realpath', file });
  // Absent, or a link whose end does not exist yet (writing through it creates that file).
  let current = path.resolve(file);
  for (let hops = 0; ; hops++) {
    let stats: FileStats;
    try {
      stats = yield* ask<FileStats>({ op: 'lstat', file: current });
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return current;
      throw error;
    }
    if (!stats.isSymbolicLink()) return current;
    if (hops === MAX_SYMLINKS) throw fsError('ELOOP', `too many symbolic links, '${file}'`);
    const link = yield* ask<string>({ op: 'readlink', file: current });
    // Relative to the folder the link is really in (its own path may pass through other links).
    const folder = yield* ask<string>({ op: 'realpath', file: path.dirname(current) });
    current = path.resolve(folder, link);
  }
}

/**
 * The whole save. Each `yield` hands a step to the runner and receives its result (a stat, a
 * handle); a step that fails is thrown back in at that `yield`, so the procedure's own try/catch
 * decides what a failure means.
 */
export function* replaceSteps(target: string, data: FileData, options: AtomicWriteOptions = {}): Steps<void> {
  let existing: FileStats | null = null;
  try {
    existing = yield* ask<FileStats>({ op: 'stat', file: target });
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  if (existing?.isDirectory()) throw fsError('EISDIR', `illegal operation on a directory, open '${target}'`);
  if (existing !== null && !existing.isFile()) {
    yield* writeAsItIs(target, data);
    return;
  }
  const real = yield* resolveTarget(target, existing !== null);
  yield* sweepSteps(path.dirname(real), options);
  const identity = options.identity === undefined ? currentIdentity() : options.identity;
  if (existing !== null && (existing.nlink > 1 || !canKeepOwner(existing, identity))) {
    yield* rewriteInPlace(real, data, options);
    return;
  }
  const replaced = yield* replaceByRename(real, data, existing, identity, options);
  // The file system refused to give the new file the old owner: keep the old file instead.
  if (!replaced) yield* rewriteInPlace(real, data, options);
}

/** A FIFO, terminal or device: there is nothing to replace, and a rename would destroy it. */
function* writeAsItIs(target: string, data: FileData): Steps<void> {
  const handle = yield* ask<unknown>({ op: 'open', file: target, flags: 'w' });
  try {
    yield { op: 'write', handle, data };
  } finally {
    yield* closeQuietly(handle);
  }
}

/** The temporary file and the rename. False (with nothing changed) when chown was refused. */
function* replaceByRename(
  real: string,
  data: FileData,
  existing: FileStats | null,
  identity: ProcessIdentity | null,
  options: AtomicWriteOptions,
): Steps<boolean> {
  const temp = tempPathFor(real, options.tempSuffix);
  const keptMode = existing === null ? null : existing.mode & MODE_BITS;
  let handle: unknown = null;
  let created = false;
  let ownerKept = true;
  try {
    // 'wx': never follow or reuse an existing file at the temporary path. Creating it with the
    // kept permissions means a private file is never readable by others, not even for a moment.
    handle = yield* ask<unknown>({
      op: 'open',
      file: temp,
      flags: 'wx',
      mode: keptMode === null ? NEW_FILE_MODE : keptMode & PERMISSION_BITS,
    });
    created = true;
    if (
      existing !== null &&
      identity !== null &&
      (existing.uid !== identity.uid || existing.gid !== identity.gid)
    ) {
      try {
        yield { op: 'chown', handle, uid: existing.uid, gid: existing.gid };
      } catch {
        ownerKept = false;
      }
    }
    if (ownerKept) {
      if (keptMode !== null) {
        // After chown, which clears setuid/setgid. The umask may also have removed bits the old
        // file had (group write, say): put them back. Best effort: a file system without
        // permissions (FAT, some network shares) refuses, and failing could only lose bits the
        // umask already removed, never expose the file.
        try {
          yield { op: 'chmod', handle, mode: keptMode };
        } catch {}
      }
      yield { op: 'write', handle, data };
      yield { op: 'sync', handle };
    }
    const written = handle;
    handle = null;
    yield { op: 'close', handle: written };
    if (ownerKept) yield { op: 'rename', from: temp, to: real };
    else yield* unlinkQuietly(temp);
  } catch (error) {
    if (handle !== null) yield* closeQuietly(handle);
    // Remove only what we created: an existing file at that path is someone else's.
    if (created) yield* unlinkQuietly(temp);
    throw error;
  }
  if (!ownerKept) return false;
  // Make the rename itself durable. Best effort: Windows cannot open a directory for syncing.
  try {
    const dir = yield* ask<unknown>({ op: 'open', file: path.dirname(real), flags: 'r' });
    try {
      yield { op: 'sync', handle: dir };
    } finally {
      yield* closeQuietly(dir);
    }
  } catch {}
  return true;
}

/**
 * Writes over the file itself (same inode: its links, owner and permissions stay), with a flushed
 * copy of the old content beside it while doing so.
 */
function* rewriteInPlace(real: string, data: FileData, options: AtomicWriteOptions): Steps<void> {
  const backup = backupPathFor(real, options.tempSuffix);
  yield { op: 'copy', from: real, to: backup };
  try {
    const copy = yield* ask<unknown>({ op: 'open', file: backup, flags: 'r' });
    try {
      yield { op: 'sync', handle: copy };
    } finally {
      yield* closeQuietly(copy);
    }
  } catch (error) {
    yield* unlinkQuietly(backup);
    throw error;
  }
  let handle: unknown = null;
  try {
    // 'r+': no truncation on open, so until the first byte is written the file is untouched.
    handle = yield* ask<unknown>({ op: 'open', file: real, flags: 'r+' });
  } catch (error) {
    yield* unlinkQuietly(backup);
    throw error;
  }
  try {
    yield { op: 'write', handle, data };
    yield { op: 'truncate', handle, length: byteLength(data) };
    yield { op: 'sync', handle };
  } catch (error) {
    yield* closeQuietly(handle);
    const restored = yield* restoreFrom(backup, real);
    if (!restored) throw new SaveLeftBackupError(error, real, backup);
    yield* unlinkQuietly(backup);
    throw error;
  }
  yield { op: 'close', handle };
  yield* unlinkQuietly(backup);
}

/** Copies the backup's content back over the file, from its start. True when it all went back. */
function* restoreFrom(backup: string, real: string): Steps<boolean> {
  let source: unknown = null;
  let target: unknown = null;
  try {
    source = yield* ask<unknown>({ op: 'open', file: backup, flags: 'r' });
    // A fresh handle: the failed write left the other one's position anywhere.
    target = yield* ask<unknown>({ op: 'open', file: real, flags: 'r+' });
    const buffer = new Uint8Array(RESTORE_CHUNK_BYTES);
    let position = 0;
    for (;;) {
      const read = yield* ask<number>({ op: 'read', handle: source, buffer, position });
      if (read === 0) break;
      yield { op: 'write', handle: target, data: buffer.slice(0, read) };
      position += read;
    }
    yield { op: 'truncate', handle: target, length: position };
    yield { op: 'sync', handle: target };
    return true;
  } catch {
    return false;
  } finally {
    if (target !== null) yield* closeQuietly(target);
    if (source !== null) yield* closeQuietly(source);
  }
}

/**
 * Removes the temporary files a killed save left in `dir`: names of our pattern, regular files,
 * untouched for STALE_TEMP_AGE_MS, whose process is not running. Best effort: it never fails, and
 * returns what it removed. Backups (`.bak`) are never removed: after a killed in-place write they
 * hold the only copy of the previous version.
 */
export function* sweepSteps(dir: string, options: AtomicWriteOptions = {}): Steps<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = yield* ask<string[]>({ op: 'readdir', dir });
  } catch {
    return removed;
  }
  const now = options.now ?? Date.now();
  const alive = options.isProcessAlive ?? isProcessAlive;
  for (const name of names) {
    const pid = tempFileOwnerPid(name);
    if (pid === null || pid === process.pid) continue;
    const file = path.join(dir, name);
    try {
      const stats = yield* ask<FileStats>({ op: 'lstat', file });
      if (!stats.isFile() || now - stats.mtimeMs < STALE_TEMP_AGE_MS || alive(pid)) continue;
      yield { op: 'unlink', file };
      removed.push(file);
    } catch {}
  }
  return removed;
}

function runStepSync(fs: AtomicWriteFsSync, step: Step): unknown {
  switch (step.op) {
    case 'stat':
      return fs.statSync(step.file);
    case 'lstat':
      return fs.lstatSync(step.file);
    case 'realpath':
      return fs.realpathSync(step.file);
    case 'readlink':
      return fs.readlinkSync(step.file);
    case 'readdir':
      return fs.readdirSync(step.dir);
    case 'open':
      return fs.openSync(step.file, step.flags, step.mode);
    case 'write':
      return fs.writeFileSync(step.handle as number, step.data);
    case 'read':
      return fs.readSync(step.handle as number, step.buffer, 0, step.buffer.length, step.position);
    case 'truncate':
      return fs.ftruncateSync(step.handle as number, step.length);
    case 'chmod':
      return fs.fchmodSync(step.handle as number, step.mode);
    case 'chown':
      return fs.fchownSync(step.handle as number, step.uid, step.gid);
    case 'sync':
      return fs.fsyncSync(step.handle as number);
    case 'close':
      return fs.closeSync(step.handle as number);
    case 'copy':
      return fs.copyFileSync(step.from, step.to, nodeFs.constants.COPYFILE_EXCL);
    case 'rename':
      return fs.renameSync(step.from, step.to);
    case 'unlink':
      return fs.unlinkSync(step.file);
  }
}

async function runStep(fs: AtomicWriteFs, step: Step): Promise<unknown> {
  switch (step.op) {
    case 'stat':
      return fs.stat(step.file);
    case 'lstat':
      return fs.lstat(step.file);
    case 'realpath':
      return fs.realpath(step.file);
    case 'readlink':
      return fs.readlink(step.file);
    case 'readdir':
      return fs.readdir(step.dir);
    case 'open':
      return fs.open(step.file, step.flags, step.mode);
    case 'write':
      return (step.handle as FileHandleLike).writeFile(step.data);
    case 'read': {
      const { buffer, position } = step;
      return (await (step.handle as FileHandleLike).read(buffer, 0, buffer.length, position)).bytesRead;
    }
    case 'truncate':
      return (step.handle as FileHandleLike).truncate(step.length);
    case 'chmod':
      return (step.handle as FileHandleLike).chmod(step.mode);
    case 'chown':
      return (step.handle as FileHandleLike).chown(step.uid, step.gid);
    case 'sync':
      return (step.handle as FileHandleLike).sync();
    case 'close':
      return (step.handle as FileHandleLike).close();
    case 'copy':
      return fs.copyFile(step.from, step.to, nodeFs.constants.COPYFILE_EXCL);
    case 'rename':
      return fs.rename(step.from, step.to);
    case 'unlink':
      return fs.unlink(step.file);
  }
}

function runSync<T>(fs: AtomicWriteFsSync, steps: Steps<T>): T {
  let next = steps.next();
  while (!next.done) {
    let result: unknown;
    try {
      result = runStepSync(fs, next.value);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(result);
  }
  return next.value;
}

async function run<T>(fs: AtomicWriteFs, steps: Steps<T>): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    let result: unknown;
    try {
      result = await runStep(fs, next.value);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(result);
  }
  return next.value;
}

/** Saves `data` to `target` (see the top of this file), blocking (the CLI). Throws what the file system threw. */
export function writeFileAtomicSync(
  target: string,
  data: FileData,
  options: AtomicWriteOptions & { fs?: AtomicWriteFsSync } = {},
): void {
  runSync(options.fs ?? nodeFs, replaceSteps(target, data, options));
}

/** Saves `data` to `target` (see the top of this file), without blocking (Electron's main process). */
export async function writeFileAtomic(
  fs: AtomicWriteFs,
  target: string,
  data: FileData,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await run(fs, replaceSteps(target, data, options));
}

/** Removes stale temporary files of killed saves from each folder (see sweepSteps); never fails. */
export async function removeStaleTempFiles(
  fs: AtomicWriteFs,
  dirs: Iterable<string>,
  options: AtomicWriteOptions = {},
): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of new Set(dirs)) removed.push(...(await run(fs, sweepSteps(dir, options))));
  return removed;
}
