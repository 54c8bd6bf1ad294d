#!/usr/bin/env node
// `npm run web`: builds the renderer with Vite and serves dist/renderer over http on 127.0.0.1.
// A Vite build opened via file:// is blank in Chromium (module scripts, CORS), hence a server.
// `serveWeb` is also what `npm start` falls back to where the Electron runtime is missing.
import { constants, existsSync } from 'node:fs';
import { open as fsOpen } from 'node:fs/promises';
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
 * The page's Content Security Policy, sent as a header with every HTML page (the renderer's
 * index.html carries the same policy in a meta tag, which cannot say frame-ancestors; Electron's
 * app:// handler sends the same header: electron/main/app-protocol.ts, kept equal by a test).
 * Only our own scripts, workers, styles and fonts; images also from blob: and data: (PNG export,
 * the favicon); no inline script or style, no eval, no network beyond our origin, no plugins, no
 * <base>, no form posts, and no other page may frame this one.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

/** Headers every response carries. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  // Older browsers' frame-ancestors; and our files are for our own pages only.
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
};

/** Host names a browser on this machine uses for the loopback address we listen on. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether a request's Host header names this server on the loopback address. Anything else is a
 * page elsewhere that resolved its own name to 127.0.0.1 (DNS rebinding) to read our responses.
 */
export function isLoopbackHost(host, port) {
  if (typeof host !== 'string') return false;
  const m = /^(\[[^\]]*\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (!m || !LOOPBACK_NAMES.has(m[1])) return false;
  return Number(m[2] ?? 80) === port;
}

/**
 * Opening for reading never waits: a FIFO would otherwise block the open until some writer came
 * (regular files ignore O_NONBLOCK).
 */
const OPEN_FOR_READING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** File-system errors that mean "there is no file to serve here". */
const NOT_FOUND_CODES = new Set([
  'ENOENT',
  'ENOTDIR',
  'EISDIR',
  'ELOOP',
  'ENAMETOOLONG',
  'ERR_INVALID_ARG_VALUE',
]);

function send(res, status, body, headers = {}) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

/**
 * Serves a built renderer directory over http. Only files under `dir` are served; anything else
 * is 404 (no directory listings, no path traversal). Only GET and HEAD, only with a loopback Host
 * header. A file that cannot be read (removed after the request arrived, unreadable, a folder, a
 * FIFO) is an error response, never the end of the server. `open` is injectable (tests).
 */
export function serveDir(dir, { port = 5173, host = '127.0.0.1', open = fsOpen } = {}) {
  const base = resolve(dir);
  let listeningPort = port;
  const server = createServer(async (req, res) => {
    try {
      if (!isLoopbackHost(req.headers.host, listeningPort)) {
        send(
          res,
          403,
          'forbidden host: this server answers only to 127.0.0.1, localhost or [::1] with its port',
        );
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
        return;
      }
      let pathname;
      try {
        pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      } catch {
        send(res, 400, 'bad request');
        return;
      }
      if (pathname.endsWith('/')) pathname += 'index.html';
      const file = normalize(join(base, pathname));
      if (!file.startsWith(base + sep) || pathname.includes('\0')) {
        send(res, 404, 'not found');
        return;
      }
      let body;
      try {
        const handle = await open(file, OPEN_FOR_READING);
        try {
          if (!(await handle.stat()).isFile()) {
            send(res, 404, 'not found');
            return;
          }
          body = await handle.readFile();
        } finally {
          await handle.close().catch(() => {});
        }
      } catch (error) {
        if (NOT_FOUND_CODES.has(error?.code)) send(res, 404, 'not found');
        else send(res, 500, 'could not read the file');
        return;
      }
      const type = MIME[extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': type,
        'cache-control': 'no-cache',
        ...(type.startsWith('text/html') ? { 'content-security-policy': CONTENT_SECURITY_POLICY } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      // Whatever went wrong, this request fails and the server goes on.
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.destroy();
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      listeningPort = typeof address === 'object' && address ? address.port : port;
      const url = `http://${host}:${listeningPort}/`;
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
