import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { CONTENT_SECURITY_POLICY as WEB_CSP } from '../../build/web.mjs';
import { createAppProtocolHandler, mimeType, resolveAppPath } from './app-protocol';

const ROOT = '/opt/pipescope/dist/renderer';

describe('resolveAppPath', () => {
  it('maps app://pipescope/<path> to the file under the renderer root', () => {
    expect(resolveAppPath('app://pipescope/index.html', ROOT, path.posix)).toBe(`${ROOT}/index.html`);
    expect(resolveAppPath('app://pipescope/assets/index-abc.js', ROOT, path.posix)).toBe(
      `${ROOT}/assets/index-abc.js`,
    );
  });

  it('serves index.html for the root and for folder URLs', () => {
    expect(resolveAppPath('app://pipescope/', ROOT, path.posix)).toBe(`${ROOT}/index.html`);
    expect(resolveAppPath('app://pipescope', ROOT, path.posix)).toBe(`${ROOT}/index.html`);
    expect(resolveAppPath('app://pipescope/docs/', ROOT, path.posix)).toBe(`${ROOT}/docs/index.html`);
  });

  it('decodes percent-escapes and ignores query and fragment', () => {
    expect(resolveAppPath('app://pipescope/a%20b.js?v=1#x', ROOT, path.posix)).toBe(`${ROOT}/a b.js`);
  });

  it('resolves literal dot segments like a browser does, never above the root', () => {
    expect(resolveAppPath('app://pipescope/../../secret', ROOT, path.posix)).toBe(`${ROOT}/secret`);
    expect(resolveAppPath('app://pipescope/assets/../index.html', ROOT, path.posix)).toBe(
      `${ROOT}/index.html`,
    );
    expect(resolveAppPath('app://pipescope/%2e%2e/%2E%2E/secret', ROOT, path.posix)).toBe(`${ROOT}/secret`);
  });

  it('refuses every way of climbing out of the root', () => {
    const attempts = [
      'app://pipescope/..%2f..%2fetc%2fpasswd',
      'app://pipescope/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app://pipescope/..%5c..%5cwindows%5cwin.ini',
      'app://pipescope/a%00.js',
      'app://pipescope/%E0%A4%A', // malformed escape
    ];
    for (const url of attempts) expect(resolveAppPath(url, ROOT, path.posix), url).toBeNull();
  });

  it('refuses drive letters and backslashes on Windows', () => {
    const root = 'C:\\Program Files\\PipeScope\\resources\\dist\\renderer';
    expect(resolveAppPath('app://pipescope/assets/a.js', root, path.win32)).toBe(`${root}\\assets\\a.js`);
    expect(resolveAppPath('app://pipescope/C:/Windows/win.ini', root, path.win32)).toBeNull();
    expect(resolveAppPath('app://pipescope/..%5C..%5Csecret', root, path.win32)).toBeNull();
  });

  it('refuses other schemes, hosts, ports and credentials', () => {
    for (const url of [
      'file:///etc/passwd',
      'https://pipescope/index.html',
      'app://evil/index.html',
      'app://pipescope:8080/index.html',
      'app://user:pw@pipescope/index.html',
      'not a url',
    ]) {
      expect(resolveAppPath(url, ROOT, path.posix), url).toBeNull();
    }
  });
});

describe('createAppProtocolHandler', () => {
  const files: Record<string, string> = {
    [`${ROOT}/index.html`]: '<!doctype html><title>PipeScope</title>',
    [`${ROOT}/assets/app.js`]: 'console.log(1)',
  };
  const handler = createAppProtocolHandler({
    root: ROOT,
    pathApi: path.posix,
    readFile: async (file) => {
      const text = files[file];
      if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return new TextEncoder().encode(text);
    },
  });

  it('serves HTML with the CSP header and nosniff', async () => {
    const res = await handler(new Request('app://pipescope/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>PipeScope</title>');
  });

  it('serves scripts as JavaScript (module scripts need the right MIME type)', async () => {
    const res = await handler(new Request('app://pipescope/assets/app.js'));
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('answers 404 for missing files and traversal, 405 for writes', async () => {
    expect((await handler(new Request('app://pipescope/nope.js'))).status).toBe(404);
    expect((await handler(new Request('app://pipescope/%2e%2e/%2e%2e/etc/passwd'))).status).toBe(404);
    expect(
      (await handler(new Request('app://pipescope/index.html', { method: 'POST', body: 'x' }))).status,
    ).toBe(405);
  });

  it('names the MIME types a Vite build contains', () => {
    expect(mimeType('a.css')).toBe('text/css; charset=utf-8');
    expect(mimeType('a.SVG')).toBe('image/svg+xml');
    expect(mimeType('a.wasm')).toBe('application/wasm');
    expect(mimeType('a.unknown')).toBe('application/octet-stream');
  });

  it('has a CSP that forbids inline scripts, plugins, framing and foreign origins', async () => {
    const csp = (await handler(new Request('app://pipescope/'))).headers.get('content-security-policy')!;
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    // Inline styles too: React and d3 set styles through the CSSOM, which the policy allows.
    expect(directives.get('style-src')).toEqual(["'self'"]);
  });

  it('sends the same policy as web mode, so the e2e tests (run in web mode) check the app’s policy', async () => {
    const csp = (await handler(new Request('app://pipescope/'))).headers.get('content-security-policy');
    expect(csp).toBe(WEB_CSP);
  });

  it('sends no CSP on non-HTML files (it only applies to documents)', async () => {
    expect(
      (await handler(new Request('app://pipescope/assets/app.js'))).headers.get('content-security-policy'),
    ).toBeNull();
  });
});
