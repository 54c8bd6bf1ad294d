#!/usr/bin/env node
// Bundles the Electron main process and preload with esbuild:
//   electron/main/index.ts    -> dist/electron/main.cjs     (Node, CommonJS, 'electron' external)
//   electron/preload/index.ts -> dist/electron/preload.cjs  (one CommonJS file; a sandboxed preload
//                                 may require nothing but 'electron', so everything else is inlined)
//   electron/main/scenario-check-worker.ts -> dist/electron/scenario-check-worker.cjs  (the worker
//                                 thread that checks a scenario before Save writes it)
// and copies the window icon beside them. The renderer is built separately by Vite (build/build.mjs).
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ELECTRON_OUT_DIR = join(ROOT, 'dist', 'electron');

// Electron 45 runs Node 22 and Chromium 142: no need to down-level anything.
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron'],
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

/** The modules a bundle requires at run time (after bundling, only externals remain). */
export function requiredModules(code) {
  const found = new Set();
  for (const m of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) found.add(m[1]);
  return [...found].sort();
}

export async function buildElectron({ quiet = false } = {}) {
  const { build } = await import('esbuild');
  mkdirSync(ELECTRON_OUT_DIR, { recursive: true });
  const mainOut = join(ELECTRON_OUT_DIR, 'main.cjs');
  const preloadOut = join(ELECTRON_OUT_DIR, 'preload.cjs');
  const checkWorkerOut = join(ELECTRON_OUT_DIR, 'scenario-check-worker.cjs');
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(ROOT, 'electron', 'main', 'scenario-check-worker.ts')],
      outfile: checkWorkerOut,
      // Evaluated from a string (see scenario-check.ts): a source-map comment would point nowhere.
      sourcemap: false,
    }),
    build({ ...common, entryPoints: [join(ROOT, 'electron', 'main', 'index.ts')], outfile: mainOut }),
    build({ ...common, entryPoints: [join(ROOT, 'electron', 'preload', 'index.ts')], outfile: preloadOut }),
  ]);
  const preloadRequires = requiredModules(readFileSync(preloadOut, 'utf8'));
  if (preloadRequires.some((m) => m !== 'electron')) {
    throw new Error(
      `dist/electron/preload.cjs requires ${preloadRequires.join(', ')}: a sandboxed preload may only require 'electron'`,
    );
  }
  const icon = join(ROOT, 'build', 'icons', '512x512.png');
  if (existsSync(icon)) copyFileSync(icon, join(ELECTRON_OUT_DIR, 'icon.png'));
  if (!quiet) console.log(`electron: built ${mainOut}, ${preloadOut} and ${checkWorkerOut}`);
  return { main: mainOut, preload: preloadOut, checkWorker: checkWorkerOut };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  buildElectron({ quiet: process.argv.includes('--quiet') }).catch((error) => {
    console.error(`electron build failed: ${error.message}`);
    process.exit(1);
  });
}
