import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { CONTENT_SECURITY_POLICY, isLoopbackHost, serveDir } from './web.mjs';

let root: string;
let server: { url: string; close: () => Promise<void> };
/** What the injected open does for the next request of a file named `flaky.js`. */
let flaky: 'ok' | 'vanish' | 'eio' | 'throw-sync' = 'ok';

beforeAll(async () => {
  const parent = mkdtempSync(join(tmpdir(), 'pipescope-web-'));
  root = join(parent, 'site');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'assets', 'a.js'), 'export {}');
  writeFileSync(join(root, 'assets', 'flaky.js'), 'export {}');
  mkdirSync(join(root, 'assets', 'folder.js'));
  execFileSync('mkfifo', [join(root, 'assets', 'pipe.js')]);
  // A file that stats as a regular file and fails to read (EIO): this process's own memory.
  symlinkSync('/proc/self/mem', join(root, 'assets', 'mem.js'));
  writeFileSync(join(parent, 'secret.txt'), 'outside');
  // Faults arrive between the request and the read, as when a rebuild removes a file.
  const faultyOpen = async (file: string, flags: number) => {
    if (file.endsWith('flaky.js')) {
      if (flaky === 'vanish') throw Object.assign(new Error('gone'), { code: 'ENOENT' });
      if (flaky === 'throw-sync') throw new TypeError('unexpected');
      const handle = await open(file, flags);
      if (flaky === 'eio')
        return Object.assign(Object.create(handle), {
          readFile: async () => {
            throw Object.assign(new Error('i/o error'), { code: 'EIO' });
          },
          close: () => handle.close(),
        });
      return handle;
    }
    return open(file, flags);
  };
  server = await serveDir(root, { port: 0, open: faultyOpen });
});

afterAll(() => server.close());

/** A raw request, so the test chooses the Host header (fetch does not let it). */
function get(path: string, host?: string, method = 'GET'): Promise<{ status: number; body: string }> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: url.port, path: url.pathname, method, headers: { host: host ?? url.host } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('serveDir (npm run web)', () => {
  it('serves index.html for / and files with their content type', async () => {
    const index = await fetch(server.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    const js = await fetch(`${server.url}assets/a.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toBe('export {}');
  });

  it('answers 404 for missing files and for paths that climb out of the served folder', async () => {
    expect((await fetch(`${server.url}nope.js`)).status).toBe(404);
    expect((await fetch(`${server.url}%2e%2e/secret.txt`)).status).toBe(404);
    expect((await fetch(`${server.url}..%2fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${server.url}assets`)).status).toBe(404);
    expect((await fetch(`${server.url}assets%00.js`)).status).toBe(404);
  });

  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('sends its CSP, which forbids framing, with every page, and nosniff with every response', async () => {
    const index = await fetch(server.url);
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(csp).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(csp).toMatch(/(^|; )default-src 'none'(;|$)/);
    expect(index.headers.get('x-frame-options')).toBe('DENY');
    for (const path of ['', 'assets/a.js', 'nope.js', 'assets/folder.js']) {
      const r = await fetch(`${server.url}${path}`);
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('answers only requests addressed to a loopback name with its port (no DNS rebinding)', async () => {
    const port = new URL(server.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await get('/', host)).status, host).toBe(200);
    }
    for (const host of [
      `evil.example:${port}`,
      `127.0.0.1.evil.example:${port}`,
      '127.0.0.1:1',
      'localhost',
    ]) {
      const r = await get('/', host);
      expect(r.status, host).toBe(403);
      expect(r.body).not.toContain('<title>');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('/', undefined, 'POST')).status).toBe(405);
    const head = await get('/', undefined, 'HEAD');
    expect(head).toEqual({ status: 200, body: '' });
  });

  it('survives files it cannot read: removed before the read, I/O errors, folders, FIFOs', async () => {
    for (const [mode, status] of [
      ['vanish', 404],
      ['eio', 500],
      ['throw-sync', 500],
    ] as const) {
      flaky = mode;
      expect((await fetch(`${server.url}assets/flaky.js`)).status, mode).toBe(status);
    }
    flaky = 'ok';
    // A real read error on a real file (this used to end the server: an unhandled stream error).
    expect((await fetch(`${server.url}assets/mem.js`)).status).toBe(500);
    expect((await fetch(`${server.url}assets/folder.js`)).status).toBe(404);
    // Opened without waiting for a writer: a blocked open would hang this request.
    expect((await fetch(`${server.url}assets/pipe.js`)).status).toBe(404);
    // Still serving.
    expect(await (await fetch(`${server.url}assets/flaky.js`)).text()).toBe('export {}');
  });
});

describe('isLoopbackHost', () => {
  it('accepts the loopback names with the given port (80 when none is written)', () => {
    expect(isLoopbackHost('127.0.0.1:5173', 5173)).toBe(true);
    expect(isLoopbackHost('localhost', 80)).toBe(true);
    expect(isLoopbackHost('[::1]:8080', 8080)).toBe(true);
    expect(isLoopbackHost('localhost:5174', 5173)).toBe(false);
    expect(isLoopbackHost('0.0.0.0:5173', 5173)).toBe(false);
    expect(isLoopbackHost('127.0.0.2:5173', 5173)).toBe(false);
    expect(isLoopbackHost(undefined, 5173)).toBe(false);
  });
});

describe('the renderer’s meta CSP', () => {
  it('is the served policy, less frame-ancestors (which a meta tag cannot carry)', () => {
    const html = readFileSync(join(__dirname, '..', 'renderer', 'index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(meta).not.toBeNull();
    const directives = (csp: string) =>
      csp
        .split(';')
        .map((d) => d.trim().replace(/\s+/g, ' '))
        .filter((d) => d !== '');
    expect(directives(meta![1])).toEqual(
      directives(CONTENT_SECURITY_POLICY).filter((d: string) => !d.startsWith('frame-ancestors')),
    );
  });
});
