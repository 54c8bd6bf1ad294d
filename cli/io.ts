import { readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../node/atomic-write';
import type { CliIO } from './commands';

export function nodeIO(version: string): CliIO {
  return {
    readFile: (p) => readFileSync(p, 'utf8'),
    // Readers see the old file or the new one, never half of it (node/atomic-write.ts).
    writeFile: (path, data) => writeFileAtomicSync(path, data),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stderrIsTTY: process.stderr.isTTY === true,
    version,
  };
}
