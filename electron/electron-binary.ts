/**
 * Is Electron's runtime installed? Answered without require('electron'), which in Electron 45
 * tries to download a missing runtime: node_modules/electron/path.txt (written by its install
 * script after a download) names the executable inside node_modules/electron/dist. The same rule
 * as build/start.mjs's findElectronBinary.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };

export function findElectronBinary(
  root: string,
  env: Record<string, string | undefined> = process.env,
  exists: (p: string) => boolean = existsSync,
  read: (p: string) => string = (p) => readFileSync(p, 'utf8'),
): ElectronBinary {
  const require = createRequire(join(root, 'package.json'));
  let pkgDir: string;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  if (!exists(pathFile)) {
    return { ok: false, reason: 'the electron package is installed but its runtime was never downloaded' };
  }
  const relative = read(pathFile).trim();
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, relative || 'electron') : join(pkgDir, 'dist', relative);
  if (!exists(binary))
    return { ok: false, reason: `the Electron runtime is missing (${binary} does not exist)` };
  return { ok: true, path: binary };
}

export const SKIP_HINT =
  'installs here set ELECTRON_SKIP_BINARY_DOWNLOAD=1 and there is no internet; run `node node_modules/electron/install.js` ' +
  'on a machine with internet. The web project covers the same flows in Chromium.';
