import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as shareLink from '../renderer/share-link';
import { MAX_LINK_CHARS, MAX_READ_HASH_CHARS, scenarioUrl } from './share-url.mjs';
import { startArgs, webModeUrl } from './start.mjs';

const BASE = 'http://127.0.0.1:5173/';
const text = '{\n  "format": "pipescope-scenario",\n  "name": "Ünïcode run"\n}\n';

/** The hash's scenario bytes, unpacked with zlib's own inflate and Node's base64url decoder. */
function unpack(url: string): { text: string; name: string | null } {
  const params = new URLSearchParams(url.slice(url.indexOf('#') + 1));
  const packed = params.get('scenario') ?? '';
  return {
    text: inflateRawSync(Buffer.from(packed, 'base64url')).toString('utf8'),
    name: params.get('name'),
  };
}

describe('npm start arguments', () => {
  it('takes --web and the files to open, in any order', () => {
    expect(startArgs(['a.json', '--web', 'b.json'])).toEqual({
      web: true,
      files: ['a.json', 'b.json'],
      errors: [],
    });
    expect(startArgs([])).toEqual({ web: false, files: [], errors: [] });
  });

  it('names an unknown option instead of treating it as a file or ignoring it', () => {
    const r = startArgs(['--wbe', 'a.json']);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toContain('--wbe');
    expect(r.files).toEqual(['a.json']);
  });
});

describe('the web-mode address of a file', () => {
  it('carries the file’s exact text and name in the hash of the served page’s address', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipescope-start-'));
    const file = join(dir, 'my run.pipescope.json');
    writeFileSync(file, text);
    const r = webModeUrl(BASE, file);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.url.startsWith(`${BASE}#scenario=`)).toBe(true);
    expect(unpack(r.url)).toEqual({ text, name: 'my run.pipescope.json' });
  });

  it('opens in the page: the app’s own link reader reads what npm start wrote', async () => {
    const r = scenarioUrl(BASE, Buffer.from(text), 'x.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const opened = await shareLink.openedFromHash(r.url.slice(r.url.indexOf('#')));
    expect(opened?.ok && new TextDecoder().decode(opened.data)).toBe(text);
    expect(opened?.ok && opened.name).toBe('x.json');
  });

  it('says so for a missing file or a folder, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipescope-start-'));
    const missing = webModeUrl(BASE, join(dir, 'nope.json'));
    expect(missing).toEqual({ ok: false, message: `${join(dir, 'nope.json')}: no such file` });
    expect(webModeUrl(BASE, dir)).toEqual({ ok: false, message: `${dir} is not a file` });
  });

  it('refuses a file too large for an address without reading it', () => {
    let read = false;
    const r = webModeUrl(BASE, 'huge.json', {
      stat: () => ({ isFile: () => true, size: 40 * 1024 * 1024 }),
      read: () => {
        read = true;
        return new Uint8Array();
      },
    });
    expect(r.ok).toBe(false);
    expect(read).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^huge\.json is too large .*41,943,040 bytes/);
  });

  it('refuses a hash past the limit it is given, saying how long it would be', () => {
    // 20,000 pseudo-random bytes do not compress: their base64url alone is over 26,000 characters.
    const bytes = new Uint8Array(20_000);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      bytes[i] = x >> 23;
    }
    const r = scenarioUrl(BASE, bytes, 'noise.json', 20_000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^noise\.json is too large .*at most 20,000\)/);
  });

  it('uses the same limits as the app’s links', () => {
    expect(MAX_LINK_CHARS).toBe(shareLink.MAX_LINK_CHARS);
    expect(MAX_READ_HASH_CHARS).toBe(shareLink.MAX_READ_HASH_CHARS);
  });
});
