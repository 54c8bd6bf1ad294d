#!/usr/bin/env node
// `npm start [-- [--web] FILE]`: builds everything, then launches the desktop app, which opens on
// the DeepSeek-V3 example (or on FILE). Where Electron's runtime is not installed (as on machines
// without internet, where installs set ELECTRON_SKIP_BINARY_DOWNLOAD), or with --web, it serves the
// same UI in web mode instead and prints the address to open in a browser: with FILE, an address
// that carries FILE's scenario in its hash (build/share-url.mjs), so the page opens on it.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildAll } from './build.mjs';
import { findElectronBinary } from './electron-binary.mjs';
import { MAX_READ_HASH_CHARS, scenarioUrl } from './share-url.mjs';

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

/**
 * `npm start`'s arguments: `--web` (serve web mode even where Electron is installed) and the files
 * to open; anything else is an error naming the argument.
 */
export function startArgs(argv) {
  const files = [];
  let web = false;
  const errors = [];
  for (const arg of argv) {
    if (arg === '--web') web = true;
    else if (arg.startsWith('-')) errors.push(`unknown option ${arg} (npm start -- [--web] [FILE])`);
    else files.push(arg);
  }
  return { web, files, errors };
}

/** Files larger than this are not packed into an address (one that large would pass the URL limit). */
const MAX_LINKED_FILE_BYTES = 32 * 1024 * 1024;

/**
 * The address that opens `file` in the web page served at `baseUrl`, or why there is none (no
 * such file, a folder, too large for an address). `read` and `stat` are injectable (tests).
 */
export function webModeUrl(baseUrl, file, { read = readFileSync, stat = statSync } = {}) {
  let info;
  try {
    info = stat(file);
  } catch {
    return { ok: false, message: `${file}: no such file` };
  }
  if (!info.isFile()) return { ok: false, message: `${file} is not a file` };
  if (info.size > MAX_LINKED_FILE_BYTES)
    return {
      ok: false,
      message: `${file} is too large to open through the address (${info.size.toLocaleString('en-US')} bytes): open it with Open in the page instead`,
    };
  return scenarioUrl(baseUrl, read(file), basename(file), MAX_READ_HASH_CHARS);
}

async function serveWebMode(files = []) {
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
  if (files.length === 0) {
    console.log(`PipeScope (web mode) is at ${served.url}  — open it in a browser; Ctrl+C stops it.`);
    return;
  }
  if (files.length > 1) console.log(`Web mode opens one file: ${files[0]} (the others are left out).`);
  const link = webModeUrl(served.url, files[0]);
  if (!link.ok) {
    console.log(`${link.message}.\nPipeScope (web mode) is at ${served.url}  — Ctrl+C stops it.`);
    return;
  }
  console.log(
    `PipeScope (web mode) is at ${served.url}  — Ctrl+C stops it.\nTo open ${files[0]}, open this address in a browser:\n\n${link.url}\n`,
  );
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
  const { web, files, errors } = startArgs(process.argv.slice(2));
  if (errors.length > 0) {
    console.error(`npm start: ${errors.join('; ')}`);
    process.exit(2);
  }
  await buildAll({ quiet: true });
  const electron = web ? null : findElectronBinary(ROOT);
  if (electron?.ok)
    launchElectron(
      electron.path,
      files.map((f) => resolve(process.env.INIT_CWD ?? process.cwd(), f)),
    );
  else {
    if (electron) explainMissingElectron(electron.reason);
    await serveWebMode(files.map((f) => resolve(process.env.INIT_CWD ?? process.cwd(), f)));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(`npm start failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
