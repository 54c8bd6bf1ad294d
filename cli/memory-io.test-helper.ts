import type { CliIO } from './commands';

/**
 * An in-memory file system and captured streams. Files are text (read as its UTF-8 bytes) or
 * bytes; `written` lists the paths written, in order.
 */
export function memoryIO(files: Record<string, string | Uint8Array> = {}, tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const written: string[] = [];
  const io: CliIO = {
    readFile(p) {
      if (!(p in files)) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
      const f = files[p];
      return typeof f === 'string' ? new TextEncoder().encode(f) : f;
    },
    writeFile(p, d) {
      files[p] = d;
      written.push(p);
    },
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    stderrIsTTY: tty,
    version: '9.9.9',
  };
  return {
    io,
    files: files as Record<string, string>,
    written,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
