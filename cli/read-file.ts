import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { fileSizeError } from '../core/format/limits';

/**
 * Reads a scenario file's bytes, never more than the budget (LIMITS.fileBytes) plus one byte: a
 * regular file is refused by its size before anything is read; anything else (a pipe, a FIFO, a
 * device such as /dev/zero, /dev/fd/N from `<(...)`) has no size to ask, so it is read in chunks
 * and refused as soon as it has given more than the budget. Throws, like fs.readFileSync, with a
 * message that says why (the caller prints it with the file's name).
 */
export function readFileBounded(path: string, maxBytes: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) throw new Error('it is a directory, not a file');
    if (info.isFile()) {
      const tooLarge = fileSizeError(info.size);
      if (tooLarge) throw new Error(tooLarge);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      // Regular files are read at their size (plus one byte, to notice one that grew meanwhile).
      const want = Math.min(READ_CHUNK, maxBytes + 1 - total);
      const chunk = new Uint8Array(want);
      const got = readSync(fd, chunk, 0, want, null);
      if (got === 0) break;
      chunks.push(got === want ? chunk : chunk.subarray(0, got));
      total += got;
      if (total > maxBytes) {
        const what = info.isFile() ? 'the file grew while it was read and is now' : 'it gave';
        throw new Error(
          `${what} more than ${maxBytes.toLocaleString('en-US')} bytes; scenario files are at most that`,
        );
      }
    }
    if (chunks.length === 1) return chunks[0];
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** Bytes asked of the file system per read: large enough that a 32 MB file takes 32 reads. */
const READ_CHUNK = 1024 * 1024;
