#!/usr/bin/env node
// `npm run web`: builds the renderer with Vite and serves dist/renderer over http on 127.0.0.1.
// A Vite build opened via file:// is blank in Chromium (module scripts, CORS), hence a server.
// `serveWeb` is also what `npm start` falls back to where the Electron runtime is missing.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const WEB_OUT_DIR = join(ROOT, 'dist', 'renderer');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** Builds the renderer into dist/renderer (Vite, production mode). */
export async function buildWeb({ quiet = false } = {}) {
  const { build } = await import('vite');
  await build({
    configFile: join(ROOT, 'renderer', 'vite.config.ts'),
    logLevel: quiet ? 'warn' : 'info',
  });
  return WEB_OUT_DIR;
}

/**
 * Serves a built renderer directory over http. Only files under `dir` are served; anything else
 * is 404 (no directory listings, no path traversal).
 */
export function serveDir(dir, { port = 5173, host = '127.0.0.1' } = {}) {
  const base = resolve(dir);
  const server = createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = normalize(join(base, pathname));
    if (!(file === base || file.startsWith(base + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const url = `http://${host}:${typeof address === 'object' && address ? address.port : port}/`;
      resolvePromise({ url, server, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/** Builds (unless build: false) and serves the renderer. Resolves to { url, server, close }. */
export async function serveWeb({
  port = Number(process.env.PORT ?? 5173),
  host = '127.0.0.1',
  build = true,
  quiet = false,
} = {}) {
  if (build) await buildWeb({ quiet });
  if (!existsSync(join(WEB_OUT_DIR, 'index.html'))) {
    throw new Error(`no renderer build in ${WEB_OUT_DIR}: run without build: false`);
  }
  return serveDir(WEB_OUT_DIR, { port, host });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const noBuild = process.argv.includes('--no-build');
  serveWeb({ build: !noBuild })
    .then(({ url }) => {
      console.log(`PipeScope (web mode) is at ${url}  (Ctrl+C stops it)`);
    })
    .catch((err) => {
      console.error(`npm run web failed: ${err instanceof Error ? err.message : err}`);
      process.exit(1);
    });
}
