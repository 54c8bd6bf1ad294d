// The Node edge of trace reading: a file (plain or gzipped) as a stream of byte chunks for the
// pure reader in core/trace, and Ctrl-C as a cancel signal.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { TraceSource } from './command-context';

/** Bytes read from the file at a time (Node's default for file streams). */
const READ_CHUNK = 64 * 1024;

function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const n = readSync(fd, head, 0, 2, 0);
    return n === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/**
 * A trace file as chunks of bytes, gunzipped on the way when it starts with the gzip magic
 * number (whatever its name). `position()` is how much of the file has been read, for progress
 * against `size`. Throws (like fs) when the file cannot be opened.
 */
export function openTraceFile(path: string): TraceSource {
  const size = statSync(path).size;
  const gz = isGzip(path);
  const file = createReadStream(path, { highWaterMark: READ_CHUNK });
  let read = 0;
  file.on('data', (b) => {
    read += b.length;
  });
  const stream = gz ? file.pipe(createGunzip()) : file;
  // A gunzip error (corrupt file) must reach the reader's loop, not crash the process.
  if (gz) file.on('error', (e) => stream.destroy(e));
  return {
    size,
    position: () => read,
    chunks: stream as AsyncIterable<Uint8Array>,
    close: () => {
      file.destroy();
      stream.destroy();
    },
  };
}

/** An AbortSignal that the first Ctrl-C aborts (the second one ends the process as usual). */
export function cancelOnInterrupt(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onInt = () => controller.abort();
  process.once('SIGINT', onInt);
  return { signal: controller.signal, dispose: () => process.removeListener('SIGINT', onInt) };
}
