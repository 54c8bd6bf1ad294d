// Bundles the command line: cli/pipescope.ts -> dist/cli/pipescope.mjs (and cli/bench.ts ->
// dist/cli/bench.mjs when it exists). ESM for Node 20, with a shebang so the `pipescope` bin runs.
// Skips the build when every output is newer than every input (cli/, core/, package.json).
// Flags: --quiet (no output), --force (build even when up to date).
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const force = process.argv.includes('--force');
const log = (m) => quiet || console.log(m);

const entries = [['cli/pipescope.ts', 'dist/cli/pipescope.mjs']];
if (existsSync(join(root, 'cli/bench.ts'))) entries.push(['cli/bench.ts', 'dist/cli/bench.mjs']);

function newestInput() {
  let newest = statSync(join(root, 'package.json')).mtimeMs;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx|json)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
        newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(root, 'cli'));
  walk(join(root, 'core'));
  walk(join(root, 'build')); // this script itself
  return newest;
}

const outputs = entries.map(([, out]) => join(root, out));
const upToDate =
  !force &&
  outputs.every((o) => existsSync(o)) &&
  Math.min(...outputs.map((o) => statSync(o).mtimeMs)) > newestInput();
if (upToDate) {
  log('dist/cli is up to date');
} else {
  for (const [entry, out] of entries) {
    await build({
      entryPoints: [join(root, entry)],
      outfile: join(root, out),
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: false,
      banner: { js: '#!/usr/bin/env node' },
      logLevel: quiet ? 'error' : 'warning',
    });
    chmodSync(join(root, out), 0o755);
    log(`built ${out}`);
  }
}
