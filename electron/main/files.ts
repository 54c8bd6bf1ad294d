/**
 * Reading scenario files from disk and turning file-system errors into sentences a user can act
 * on (no errno codes or stack traces in dialogs).
 */
import { constants } from 'node:fs';
import path from 'node:path';
import { LIMITS, fileSizeError } from '../../core/format/limits';
import type { OpenedFile } from '../contract';
import { SaveLeftBackupError } from '../../node/atomic-write';

/** Extensions PipeScope opens: its own, plain JSON, and SVGs it exported (scenario in metadata). */
export const OPENABLE_EXTENSIONS = ['.pipescope.json', '.pipescope', '.json', '.svg'] as const;

export function isOpenableName(file: string): boolean {
  const lower = file.toLowerCase();
  return OPENABLE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** A name from a Save dialog without any extension gets the scenario one (GTK dialogs add none). */
export function withScenarioExtension(file: string): string {
  const base = path.basename(file);
  return base.includes('.') ? file : `${file}.pipescope.json`;
}

/** The part of a node:fs/promises FileHandle that reading uses. */
export interface ReadHandle {
  stat(): Promise<{ isFile(): boolean; size: number }>;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

export interface ReadFs {
  open(file: string, flags: number): Promise<ReadHandle>;
}

/**
 * Read-only, and non-blocking for the open itself: opening a FIFO (a named pipe) for reading would
 * otherwise wait for a writer forever. Regular files ignore O_NONBLOCK.
 */
const OPEN_FOR_READING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

const MB = 1024 * 1024;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function describeFsError(error: unknown, action: 'read' | 'write', file: string): string {
  if (error instanceof SaveLeftBackupError) {
    // The in-place write failed and even putting the old content back did: say where it is.
    return `Could not save ${file}: ${errorMessage(error.cause)}. The file may be damaged; its previous version is in ${error.backup}.`;
  }
  const code = (error as { code?: unknown } | null)?.code;
  const verb = action === 'read' ? 'open' : 'save';
  switch (code) {
    case 'ENOENT':
      return action === 'read'
        ? `Could not open ${file}: the file does not exist (moved or deleted?).`
        : `Could not save ${file}: its folder does not exist.`;
    case 'EACCES':
    case 'EPERM':
      return `Could not ${verb} ${file}: permission denied.`;
    case 'EISDIR':
      return `Could not ${verb} ${file}: it is a folder, not a file.`;
    case 'ENOSPC':
      return `Could not save ${file}: the disk is full. The previous version of the file is unchanged.`;
    case 'EROFS':
      return `Could not save ${file}: the disk is read-only.`;
    case 'EBUSY':
      return `Could not ${verb} ${file}: the file is in use by another program.`;
    default: {
      const message = errorMessage(error);
      return action === 'write'
        ? `Could not save ${file}: ${message}. The previous version of the file is unchanged.`
        : `Could not open ${file}: ${message}.`;
    }
  }
}

export type ReadResult = { ok: true; file: OpenedFile } | { ok: false; error: string; missing?: boolean };

/**
 * Reads at most `limit` bytes of an open file, or null when it has more: the reading stops at
 * limit + 1 bytes, so a file that grows while it is read (or lies about its size) never costs
 * more than the budget.
 */
async function readAtMost(handle: ReadHandle, size: number, limit: number): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Usually one read of the whole file; the extra byte tells whether it has grown since.
  let want = Math.min(size, limit) + 1;
  for (;;) {
    const buffer = new Uint8Array(want);
    let filled = 0;
    while (filled < want) {
      const { bytesRead } = await handle.read(buffer, filled, want - filled, total + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    chunks.push(buffer.subarray(0, filled));
    total += filled;
    if (total > limit) return null;
    if (filled < want) break;
    want = Math.min(MB, limit + 1 - total);
  }
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

/**
 * A scenario file's bytes, as the page's document worker takes them: it decodes them as every
 * PipeScope reader does (core/format/text-decoding.ts: UTF-8 or UTF-16 by the byte-order mark, a
 * warning for bytes that are not UTF-8) and loads them, off this process's thread. Here the file
 * is held to the file budget (LIMITS.fileBytes): refused by the size of the open file before any
 * of it is read, and reading stops one byte past the budget.
 */
export async function readScenarioFile(
  fs: ReadFs,
  file: string,
  limit: number = LIMITS.fileBytes,
): Promise<ReadResult> {
  try {
    const handle = await fs.open(file, OPEN_FOR_READING);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { ok: false, error: `Could not open ${file}: it is not a file.` };
      const tooLarge = fileSizeError(info.size, limit);
      if (tooLarge) return { ok: false, error: `Could not open ${file}: ${tooLarge}.` };
      const bytes = await readAtMost(handle, info.size, limit);
      if (bytes === null)
        return {
          ok: false,
          error: `Could not open ${file}: the file grew while it was read and is now more than ${limit.toLocaleString('en-US')} bytes; scenario files are at most that.`,
        };
      return { ok: true, file: { path: file, name: path.basename(file), bytes } };
    } finally {
      await handle.close().catch(() => {});
    }
  } catch (error) {
    const missing = (error as { code?: unknown } | null)?.code === 'ENOENT';
    return { ok: false, error: describeFsError(error, 'read', file), ...(missing ? { missing } : {}) };
  }
}
