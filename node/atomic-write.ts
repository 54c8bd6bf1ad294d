/**
 * Atomic file replacement: PipeScope's one implementation, used by the CLI (synchronously, with
 * node:fs) and by Electron's main process (asynchronously, with an injected node:fs/promises).
 *
 * The data goes to a temporary file beside the target (same directory, hence the same file
 * system, so the rename is atomic), created exclusively, given the target's permissions, flushed
 * to disk, and only then renamed over the target; the directory is flushed last so the rename
 * itself survives a crash. A crash, full disk or failed write at any point leaves either the old
 * file or the new one, never a truncated mix, and the temporary file is removed when anything
 * fails.
 *
 * The procedure is written once, as a generator that yields the file-system steps it needs
 * (`replaceSteps`); `writeFileAtomicSync` and `writeFileAtomic` only carry those steps out with
 * the synchronous or the promise API. Anything the procedure must learn (symlinked targets, hard
 * links, ownership, leftovers of a crashed save) belongs in `replaceSteps`, so both callers get it.
 */
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import path from 'node:path';

export type FileData = string | Uint8Array;

/** The part of a node:fs/promises FileHandle used here (injectable so tests can fail any step). */
export interface FileHandleLike {
  writeFile(data: FileData): Promise<void>;
  sync(): Promise<void>;
  chmod(mode: number): Promise<void>;
  close(): Promise<void>;
}

/** The subset of node:fs/promises used here. */
export interface AtomicWriteFs {
  open(file: string, flags: string, mode?: number): Promise<FileHandleLike>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  stat(file: string): Promise<{ mode: number }>;
}

/** The subset of node:fs's synchronous API used here (node:fs itself by default). */
export interface AtomicWriteFsSync {
  openSync(file: string, flags: string, mode?: number): number;
  writeFileSync(fd: number, data: FileData): void;
  fsyncSync(fd: number): void;
  fchmodSync(fd: number, mode: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(file: string): void;
  statSync(file: string): { mode: number };
}

export interface AtomicWriteOptions {
  /** Fixes the temporary file's random part (tests). */
  tempSuffix?: string;
}

/** Permissions of a file that did not exist before: read/write for all, less the process umask. */
const NEW_FILE_MODE = 0o666;
const PERMISSION_BITS = 0o777;

export function tempPathFor(target: string, suffix = randomBytes(6).toString('hex')): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${suffix}.tmp`);
}

/** One file-system operation the procedure asks for; handles are opaque to it. */
export type Step =
  | { op: 'stat'; file: string }
  | { op: 'open'; file: string; flags: string; mode?: number }
  | { op: 'write'; handle: unknown; data: FileData }
  | { op: 'chmod'; handle: unknown; mode: number }
  | { op: 'sync'; handle: unknown }
  | { op: 'close'; handle: unknown }
  | { op: 'rename'; from: string; to: string }
  | { op: 'unlink'; file: string };

/**
 * The replacement procedure. Each `yield` hands a step to the runner and receives its result
 * (a stat, a handle); a step that fails is thrown back in at that `yield`, so the procedure's own
 * try/catch decides what a failure means.
 */
export function* replaceSteps(
  target: string,
  data: FileData,
  options: AtomicWriteOptions = {},
): Generator<Step, void, unknown> {
  const temp = tempPathFor(target, options.tempSuffix);
  // Keep the permissions of the file being replaced (a teammate's 0664, a private 0600).
  let keptMode: number | null = null;
  try {
    keptMode = ((yield { op: 'stat', file: target }) as { mode: number }).mode & PERMISSION_BITS;
  } catch {
    // A new file: default permissions (the umask applies).
  }
  let handle: unknown = null;
  let created = false;
  try {
    // 'wx': never follow or reuse an existing file at the temporary path. Creating it with the
    // kept mode means a private file is never readable by others, not even for a moment.
    handle = yield { op: 'open', file: temp, flags: 'wx', mode: keptMode ?? NEW_FILE_MODE };
    created = true;
    if (keptMode !== null) {
      // The umask may have removed bits the old file had (group write, say): put them back.
      // Best effort: a file system without permissions (FAT, some network shares) refuses, and
      // failing could only lose bits the umask already removed, never expose the file.
      try {
        yield { op: 'chmod', handle, mode: keptMode };
      } catch {}
    }
    yield { op: 'write', handle, data };
    yield { op: 'sync', handle };
    const written = handle;
    handle = null;
    yield { op: 'close', handle: written };
    yield { op: 'rename', from: temp, to: target };
  } catch (error) {
    if (handle !== null) {
      try {
        yield { op: 'close', handle };
      } catch {}
    }
    // Remove only what we created: an existing file at that path is someone else's.
    if (created) {
      try {
        yield { op: 'unlink', file: temp };
      } catch {}
    }
    throw error;
  }
  // Make the rename itself durable. Best effort: Windows cannot open a directory for syncing.
  try {
    const dir = yield { op: 'open', file: path.dirname(target), flags: 'r' };
    try {
      yield { op: 'sync', handle: dir };
    } finally {
      yield { op: 'close', handle: dir };
    }
  } catch {}
}

function runStepSync(fs: AtomicWriteFsSync, step: Step): unknown {
  switch (step.op) {
    case 'stat':
      return fs.statSync(step.file);
    case 'open':
      return fs.openSync(step.file, step.flags, step.mode);
    case 'write':
      return fs.writeFileSync(step.handle as number, step.data);
    case 'chmod':
      return fs.fchmodSync(step.handle as number, step.mode);
    case 'sync':
      return fs.fsyncSync(step.handle as number);
    case 'close':
      return fs.closeSync(step.handle as number);
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
    case 'open':
      return fs.open(step.file, step.flags, step.mode);
    case 'write':
      return (step.handle as FileHandleLike).writeFile(step.data);
    case 'chmod':
      return (step.handle as FileHandleLike).chmod(step.mode);
    case 'sync':
      return (step.handle as FileHandleLike).sync();
    case 'close':
      return (step.handle as FileHandleLike).close();
    case 'rename':
      return fs.rename(step.from, step.to);
    case 'unlink':
      return fs.unlink(step.file);
  }
}

/** Replaces `target` with `data` atomically, blocking (the CLI). Throws what the file system threw. */
export function writeFileAtomicSync(
  target: string,
  data: FileData,
  options: AtomicWriteOptions & { fs?: AtomicWriteFsSync } = {},
): void {
  const fs = options.fs ?? nodeFs;
  const steps = replaceSteps(target, data, options);
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
}

/** Replaces `target` with `data` atomically, without blocking (Electron's main process). */
export async function writeFileAtomic(
  fs: AtomicWriteFs,
  target: string,
  data: FileData,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const steps = replaceSteps(target, data, options);
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
}
