/**
 * Is Electron's runtime installed, and where? The one answer for `npm start` (build/start.mjs) and
 * the Electron end-to-end tests (e2e/electron), found without require('electron'), which in
 * Electron 45 tries to download a missing runtime. Mirrors node_modules/electron/index.js:
 * path.txt, written by the package's install script after a successful download, names the
 * executable inside node_modules/electron/dist; ELECTRON_OVERRIDE_DIST_PATH points elsewhere.
 * Plain JavaScript (types in electron-binary.d.mts) so Node runs it without a build step.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function findElectronBinary(
  root,
  env = process.env,
  exists = existsSync,
  read = (p) => readFileSync(p, 'utf8'),
) {
  const require = createRequire(join(root, 'package.json'));
  let pkgDir;
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

/** How to get the runtime, for messages that skip or fall back without it. */
export const SKIP_HINT =
  'installs here set ELECTRON_SKIP_BINARY_DOWNLOAD=1 and there is no internet; run `node node_modules/electron/install.js` ' +
  'on a machine with internet. The web project covers the same flows in Chromium.';
