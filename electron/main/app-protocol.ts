/**
 * The app:// protocol that serves the built renderer (dist/renderer) to the window. A Vite build
 * opened through file:// can stay blank (module scripts, CORS), and file:// would also grant the
 * page read access to every local file; a privileged custom scheme gives the page a real origin
 * (app://pipescope) that the CSP and the IPC sender check can name.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'pipescope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps an app:// URL to a file under `root`, or null when the URL is not ours or would leave
 * `root` (`..`, encoded separators, backslashes, NUL). A path ending in '/' means its index.html.
 * `pathApi` is injectable so the Windows rules can be tested on any OS.
 */
export function resolveAppPath(url: string, root: string, pathApi: path.PlatformPath = path): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST) return null;
  if (parsed.username || parsed.password || parsed.port) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // After decoding, a backslash or NUL can only come from a crafted URL; Windows would treat a
  // backslash as a separator and let '..\\' escape the root.
  if (pathname.includes('\\') || pathname.includes('\0')) return null;
  if (pathname === '' || pathname.endsWith('/')) pathname += 'index.html';
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || /^[a-zA-Z]:$/.test(s))) return null;
  const base = pathApi.resolve(root);
  const file = pathApi.resolve(base, ...segments);
  const rel = pathApi.relative(base, file);
  if (rel === '' || rel.startsWith('..') || pathApi.isAbsolute(rel)) return null;
  return file;
}

export interface ProtocolDeps {
  /** The built renderer directory (dist/renderer). */
  root: string;
  /** Reads a file; rejects (e.g. ENOENT, EISDIR) when there is none. */
  readFile(file: string): Promise<Uint8Array>;
  pathApi?: path.PlatformPath;
}

function textResponse(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });
}

/** The handler given to protocol.handle(APP_SCHEME, ...): GET/HEAD of files under root only. */
export function createAppProtocolHandler(deps: ProtocolDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'method not allowed');
    const file = resolveAppPath(request.url, deps.root, deps.pathApi);
    if (file === null) return textResponse(404, 'not found');
    let body: Uint8Array;
    try {
      body = await deps.readFile(file);
    } catch {
      return textResponse(404, 'not found');
    }
    const type = mimeType(file);
    const headers: Record<string, string> = {
      'content-type': type,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    };
    if (type.startsWith('text/html')) {
      // The page's Content Security Policy (the renderer's index.html carries it in a meta tag too,
      // less frame-ancestors; both apply). The same as web mode's (build/web.mjs), kept equal by a
      // test: our own scripts, workers, styles and fonts only; no inline script or style, no
      // eval; no network beyond the app's own origin. One literal so that Electronegativity's CSP
      // check can read it.
      headers['content-security-policy'] =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";
    }
    return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), {
      status: 200,
      headers,
    });
  };
}
