import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { base64url, fromBase64url, MAX_LINK_CHARS, openedFromHash, scenarioHash } from './share-link';

const text = '{\n  "format": "pipescope-scenario",\n  "name": "Ünïcode — run"\n}\n';
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('scenario links', () => {
  it('carry a file text and its name there and back', async () => {
    const link = await scenarioHash(text, 'run 1.pipescope.json');
    expect(link.ok).toBe(true);
    if (!link.ok) return;
    expect(link.hash).toMatch(/^#scenario=[A-Za-z0-9_-]+&name=run%201\.pipescope\.json$/);
    const opened = await openedFromHash(link.hash);
    expect(opened).toMatchObject({ ok: true, name: 'run 1.pipescope.json' });
    if (opened?.ok) expect(decode(opened.data)).toBe(text);
  });

  it('read what another deflate-raw writer (zlib, as npm start uses) wrote', async () => {
    const hash = `#scenario=${Buffer.from(deflateRawSync(Buffer.from(text))).toString('base64url')}`;
    const opened = await openedFromHash(hash);
    expect(opened?.ok && decode(opened.data)).toBe(text);
    expect(opened?.ok && opened.name).toBe('Shared scenario');
  });

  it('refuse a scenario whose link would pass the limit, saying how long it is', async () => {
    // Random digits do not compress: far more than MAX_LINK_CHARS once packed.
    let big = '';
    for (let i = 0; i < 60_000; i++) big += String((i * 7919) % 10007);
    const link = await scenarioHash(big, 'big.json');
    expect(link.ok).toBe(false);
    if (link.ok) return;
    expect(link.chars).toBeGreaterThan(MAX_LINK_CHARS);
    expect(link.message).toMatch(/too large to share as a link .* links are at most 32,000/);
  });

  it('are not read from other hashes', async () => {
    expect(await openedFromHash('')).toBeNull();
    expect(await openedFromHash('#chart')).toBeNull();
  });

  it('that are damaged give a message, never a crash', async () => {
    expect(await openedFromHash('#scenario=not*base64')).toEqual({
      ok: false,
      message: 'the link is damaged: its scenario is not base64url text',
    });
    const notDeflate = `#scenario=${base64url(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]))}`;
    expect(await openedFromHash(notDeflate)).toMatchObject({ ok: false, message: /not a deflate stream/ });
  });

  it('that unpack past the file budget are refused without unpacking them whole', async () => {
    // 40 MB of spaces pack into about 40 KB: past the 32 MB a scenario file may have.
    const bomb = deflateRawSync(Buffer.alloc(40 * 1024 * 1024, 0x20));
    const opened = await openedFromHash(`#scenario=${Buffer.from(bomb).toString('base64url')}`);
    expect(opened).toMatchObject({ ok: false, message: /unpacks to more than a scenario file may hold/ });
  });

  it('clean control characters and path separators out of the name', async () => {
    const link = await scenarioHash(text, 'a/b\u0007c');
    const opened = link.ok ? await openedFromHash(link.hash) : null;
    expect(opened?.ok && opened.name).toBe('a_b_c');
  });

  it('base64url round-trips every byte value, without padding', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const s = base64url(all);
    expect(s).not.toMatch(/[+/=]/);
    expect(s).toBe(Buffer.from(all).toString('base64url'));
    expect(fromBase64url(s)).toEqual(all);
    expect(fromBase64url('abcde')).toBeNull(); // a length of 4k + 1 cannot be base64
  });
});
