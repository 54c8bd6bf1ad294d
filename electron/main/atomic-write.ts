/**
 * Atomic file replacement: the data goes to a temporary file beside the target (same directory,
 * hence same file system), is flushed to disk, and only then renamed over the target. A crash,
 * full disk or failed write at any point leaves either the old file or the new one, never a
 * truncated mix; the temporary file is removed when anything fails.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export interface FileHandleLike {
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The subset of node:fs/promises used here (injectable so tests can fail any step). */
export interface AtomicWriteFs {
  open(file: string, flags: string, mode?: number): Promise<FileHandleLike>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  stat(file: string): Promise<{ mode: number }>;
}

export function tempPathFor(target: string, suffix = randomBytes(6).toString('hex')): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${suffix}.tmp`);
}

export async function writeFileAtomic(
  fs: AtomicWriteFs,
  target: string,
  data: string | Uint8Array,
  options: { tempSuffix?: string } = {},
): Promise<void> {
  const temp = tempPathFor(target, options.tempSuffix);
  // Keep the permissions of the file being replaced (a teammate's 0644, a private 0600).
  let mode = 0o666;
  try {
    mode = (await fs.stat(target)).mode & 0o777;
  } catch {
    // New file: default permissions (the umask applies).
  }
  let handle: FileHandleLike | null = null;
  let created = false;
  try {
    // 'wx': never follow or reuse an existing file at the temporary path.
    handle = await fs.open(temp, 'wx', mode);
    created = true;
    await handle.writeFile(data);
    await handle.sync();
    const h = handle;
    handle = null;
    await h.close();
    await fs.rename(temp, target);
  } catch (error) {
    if (handle !== null) await handle.close().catch(() => {});
    // Remove only what we created: an existing file at that path is someone else's.
    if (created) await fs.unlink(temp).catch(() => {});
    throw error;
  }
  // Make the rename itself durable; directories cannot be opened for sync on Windows.
  try {
    const dir = await fs.open(path.dirname(target), 'r');
    await dir.sync().catch(() => {});
    await dir.close();
  } catch {
    // Best effort.
  }
}
