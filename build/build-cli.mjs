// Bundles the command line: cli/pipescope.ts -> dist/cli/pipescope.mjs plus the chunks it loads on
// demand (dist/cli/chunks/), cli/tune-worker.ts -> dist/cli/tune-worker.mjs (tune's worker threads,
// sharing those chunks), and cli/bench.ts -> dist/cli/bench.mjs (one file) when it exists.
// ESM for Node 20. The CLI is split (esbuild `splitting`): pipescope.mjs holds only the argument
// parser and the dispatcher, and each command's code is a chunk its dynamic import() loads, so
// `pipescope schedules` does not parse the simulator, the exporters or zod. The shebang comes from
// cli/pipescope.ts's first line. Skips the build when every output is newer than every input
// (cli/, core/, build/, package.json). Flags: --quiet (no output), --force (build even when up to date).
import { chmodSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const force = process.argv.includes('--force');
const log = (m) => quiet || console.log(m);

const outdir = join(root, 'dist/cli');
const cli = join(outdir, 'pipescope.mjs');
// `pipescope tune`'s worker threads run this entry (it shares the core chunks with the commands).
const tuneWorker = join(outdir, 'tune-worker.mjs');
const bench = existsSync(join(root, 'cli/bench.ts')) ? join(outdir, 'bench.mjs') : null;

function newestInput() {
  let newest = statSync(join(root, 'package.json')).mtimeMs;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx|json|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
        newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(root, 'cli'));
  walk(join(root, 'core'));
  walk(join(root, 'build')); // this script itself
  return newest;
}

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  logLevel: quiet ? 'error' : 'warning',
};

const outputs = bench ? [cli, tuneWorker, bench] : [cli, tuneWorker];
const upToDate =
  !force &&
  outputs.every((o) => existsSync(o)) &&
  Math.min(...outputs.map((o) => statSync(o).mtimeMs)) > newestInput();
if (upToDate) {
  log('dist/cli is up to date');
} else {
  // Chunk names carry a content hash: clear the old ones so they do not pile up.
  rmSync(outdir, { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: {
      pipescope: join(root, 'cli/pipescope.ts'),
      'tune-worker': join(root, 'cli/tune-worker.ts'),
    },
    outdir,
    splitting: true,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
  });
  chmodSync(cli, 0o755);
  log('built dist/cli/pipescope.mjs and tune-worker.mjs (and their chunks in dist/cli/chunks/)');
  if (bench) {
    await build({ ...common, entryPoints: [join(root, 'cli/bench.ts')], outfile: bench });
    log('built dist/cli/bench.mjs');
  }
}
