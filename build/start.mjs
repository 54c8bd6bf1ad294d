#!/usr/bin/env node
// `npm start [-- file.pipescope.json]`: builds everything, then launches the desktop app, which
// opens on the DeepSeek-V3 example (or on the file given). Where Electron's runtime is not
// installed (as on machines without internet, where installs set ELECTRON_SKIP_BINARY_DOWNLOAD),
// it says so and how to get it, and serves the same UI in web mode instead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildAll } from './build.mjs';
import { findElectronBinary } from './electron-binary.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Electron's installer (its @electron/get) declares this Node version; see README, "Node versions". */
const ELECTRON_INSTALL_NODE = [22, 12];

function nodeCanInstallElectron(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  const [needMajor, needMinor] = ELECTRON_INSTALL_NODE;
  return major > needMajor || (major === needMajor && minor >= needMinor);
}

function explainMissingElectron(reason) {
  const nodeNote = nodeCanInstallElectron()
    ? ''
    : `\nElectron's installer needs Node ${ELECTRON_INSTALL_NODE.join('.')} or newer; this is Node ${process.versions.node}.`;
  console.log(`
PipeScope's desktop window needs Electron's runtime, which is not installed here: ${reason}.
That happens when packages were installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or without
internet access (Electron downloads a ~100 MB runtime from GitHub during npm install). To get
it, on a machine with internet run \`npm install\` without that variable, or
\`node node_modules/electron/install.js\`; then \`npm start\` opens the desktop app.${nodeNote}
Meanwhile the same UI is served in web mode (opening, saving and exporting go through the
browser's file picker and downloads instead of native dialogs).
`);
}

async function serveWebMode() {
  const webModule = join(ROOT, 'build', 'web.mjs');
  if (!existsSync(webModule)) {
    console.error('build/web.mjs is missing, so web mode is not available either.');
    process.exit(1);
  }
  const { serveWeb } = await import(pathToFileURL(webModule).href);
  let served;
  try {
    served = await serveWeb({ build: false });
  } catch (error) {
    if (error?.code !== 'EADDRINUSE') throw error;
    served = await serveWeb({ build: false, port: 0 }); // the usual port is taken: any free one
  }
  console.log(`PipeScope (web mode) is at ${served.url}  — open it in a browser; Ctrl+C stops it.`);
}

function launchElectron(binary, files) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would make the binary a plain Node instead of the app
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    console.log('No display found (DISPLAY/WAYLAND_DISPLAY unset): the window may fail to open here.');
  }
  // '.' is the app (package.json main: dist/electron/main.cjs); files follow it.
  const child = spawn(binary, ['.', ...files], { cwd: ROOT, stdio: 'inherit', env });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}

async function main() {
  const files = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  await buildAll({ quiet: true });
  const electron = findElectronBinary(ROOT);
  if (electron.ok)
    launchElectron(
      electron.path,
      files.map((f) => resolve(f)),
    );
  else {
    explainMissingElectron(electron.reason);
    await serveWebMode();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(`npm start failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
