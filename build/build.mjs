#!/usr/bin/env node
// `npm run build`: everything `npm start` and the installers need, into dist/:
//   dist/renderer  the React app (Vite, renderer/vite.config.ts, base './')
//   dist/electron  main.cjs + preload.cjs + scenario-check-worker.cjs (esbuild, build/build-electron.mjs)
//   dist/cli       the command line (build/build-cli.mjs)
// Each step's own errors are printed by its tool; this script only says which step failed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildElectron } from './build-electron.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function run(label, cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status ?? r.signal})`);
}

export async function buildAll({ quiet = false } = {}) {
  const log = (m) => {
    if (!quiet) console.log(m);
  };
  log('build: renderer (vite)');
  run('renderer build', 'npx', [
    'vite',
    'build',
    '--config',
    'renderer/vite.config.ts',
    ...(quiet ? ['--logLevel', 'warn'] : []),
  ]);
  log('build: electron main and preload (esbuild)');
  await buildElectron({ quiet });
  const cli = join(ROOT, 'build', 'build-cli.mjs');
  if (existsSync(cli)) {
    log('build: command line');
    run('CLI build', process.execPath, [cli, ...(quiet ? ['--quiet'] : [])]);
  } else {
    log('build: skipping the command line (build/build-cli.mjs is not there yet)');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  buildAll({ quiet: process.argv.includes('--quiet') }).catch((error) => {
    console.error(`build: ${error.message}`);
    process.exit(1);
  });
}
