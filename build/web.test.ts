import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { serveDir } from './web.mjs';

let root: string;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  const parent = mkdtempSync(join(tmpdir(), 'pipescope-web-'));
  root = join(parent, 'site');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'assets', 'a.js'), 'export {}');
  writeFileSync(join(parent, 'secret.txt'), 'outside');
  server = await serveDir(root, { port: 0 });
});

afterAll(() => server.close());

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
  });

  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });
});
