import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The repository root and the built command line the binary tests run, as users run it. */
export const ROOT = join(__dirname, '..');
export const BIN = join(ROOT, 'dist/cli/pipescope.mjs');

/** Builds the CLI bundle (dist/cli) and makes a scratch directory named `pipescope-<name>-...`. */
export function buildCliAndTempDir(name: string): string {
  execFileSync(process.execPath, [join(ROOT, 'build/build-cli.mjs'), '--quiet']);
  return mkdtempSync(join(tmpdir(), `pipescope-${name}-`));
}

/** Runs the built binary in `cwd`: its exit code and what it printed. */
export function runBin(cwd: string, args: readonly string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
