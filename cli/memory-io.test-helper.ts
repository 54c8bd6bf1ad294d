import type { CliIO } from './commands';

/** An in-memory file system and captured streams, for running commands in tests without a process. */
export function memoryIO(files: Record<string, string> = {}, tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    readFile(p) {
      if (!(p in files)) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
      return files[p];
    },
    writeFile(p, d) {
      files[p] = d;
    },
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    stderrIsTTY: tty,
    version: '9.9.9',
  };
  return { io, files, stdout: () => out.join(''), stderr: () => err.join('') };
}
