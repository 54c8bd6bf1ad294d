import { availableParallelism } from 'node:os';
import { LIMITS } from '../core/format/limits';
import { writeFileAtomicSync } from '../node/atomic-write';
import type { CliIO } from './commands';
import { readFileBounded } from './read-file';
import { terminalText } from './terminal-text';
import { cancelOnInterrupt, openTraceFile } from './trace-io';
import { threadWorkers } from './tune-threads';

/**
 * When the reader of stdout (or stderr) goes away (`pipescope ... | head -1`), writing fails with
 * EPIPE. That is not an error of the command: it exits at once, quietly and with status 0, as
 * command-line tools do when their output is no longer wanted. Other write errors end the command
 * with one line on stderr (when it can still be written) and exit code 1.
 */
function exitQuietlyWhenReaderCloses(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    failAndExit(`cannot write the output: ${e.message}`);
  });
}

/**
 * The last resort: an exception nothing caught (there should be none: runCli catches what the
 * commands throw) still ends as one `pipescope: (root): MESSAGE` line and exit code 1, not a stack.
 */
export function failAndExit(message: string): never {
  try {
    process.stderr.write(`pipescope: (root): ${terminalText(message)}\n`);
  } catch {
    // stderr itself is gone: nothing left to tell.
  }
  process.exit(1);
}

/** `tuneWorker`: the bundled worker thread script beside the entry (dist/cli/tune-worker.mjs). */
export function nodeIO(version: string, tuneWorker?: URL): CliIO {
  exitQuietlyWhenReaderCloses(process.stdout);
  exitQuietlyWhenReaderCloses(process.stderr);
  return {
    readFile: (p) => readFileBounded(p, LIMITS.fileBytes),
    // Readers see the old file or the new one, never half of it (node/atomic-write.ts).
    writeFile: (path, data) => writeFileAtomicSync(path, data),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stderrIsTTY: process.stderr.isTTY === true,
    version,
    openTrace: openTraceFile,
    cancelOnInterrupt,
    cpus: availableParallelism(),
    ...(tuneWorker ? { tuneWorkers: (n: number) => threadWorkers(tuneWorker, n) } : {}),
  };
}
