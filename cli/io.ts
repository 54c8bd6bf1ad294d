import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CliIO } from './commands';

/**
 * Writes a file so that readers see the old content or the new, never half of it: the data goes to
 * a temporary file beside the target (same directory, so the same file system), then a rename
 * replaces the target in one step.
 */
export function writeFileAtomic(path: string, data: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * When the reader of stdout (or stderr) goes away (`pipescope ... | head -1`), writing fails with
 * EPIPE. That is not an error of the command: it exits at once, quietly and with status 0, as
 * command-line tools do when their output is no longer wanted. Other write errors stay errors.
 */
function exitQuietlyWhenReaderCloses(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

export function nodeIO(version: string): CliIO {
  exitQuietlyWhenReaderCloses(process.stdout);
  exitQuietlyWhenReaderCloses(process.stderr);
  return {
    readFile: (p) => readFileSync(p, 'utf8'),
    writeFile: writeFileAtomic,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stderrIsTTY: process.stderr.isTTY === true,
    version,
  };
}
