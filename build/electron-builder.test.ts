/**
 * The packaged app's hardening in build/electron-builder.yml: the Electron fuses (flipped in the
 * binary at package time), asar packing, and the pinned Electron version. A fuse that is missing,
 * misspelt (electron-builder ignores unknown keys) or set the wrong way fails here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const config = readFileSync(join(__dirname, 'electron-builder.yml'), 'utf8');

/** The `key: value` lines of a top-level block of the YAML file (enough for this flat config). */
function block(name: string): Map<string, string> {
  const lines = config.split('\n');
  const start = lines.indexOf(`${name}:`);
  expect(start, `${name}: block`).toBeGreaterThanOrEqual(0);
  const entries = new Map<string, string>();
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) break;
    const m = /^\s+([A-Za-z]+):\s*(\S+)\s*(#.*)?$/.exec(line);
    if (m) entries.set(m[1], m[2]);
  }
  return entries;
}

function topLevel(key: string): string | undefined {
  return new RegExp(`^${key}:\\s*(\\S+)`, 'm').exec(config)?.[1];
}

/** What each fuse must be, and why (Electron's fuses tutorial; security checklist item 19). */
const FUSES: Record<string, { value: 'true' | 'false'; why: string }> = {
  runAsNode: { value: 'false', why: 'ELECTRON_RUN_AS_NODE would turn the app into a plain Node' },
  enableNodeOptionsEnvironmentVariable: { value: 'false', why: 'NODE_OPTIONS could inject code' },
  enableNodeCliInspectArguments: { value: 'false', why: '--inspect would open a debugger into main' },
  enableEmbeddedAsarIntegrityValidation: { value: 'true', why: 'app code is checked against its hash' },
  onlyLoadAppFromAsar: { value: 'true', why: 'no app code from a loose folder beside the asar' },
  grantFileProtocolExtraPrivileges: { value: 'false', why: 'the page is served by app://, never file://' },
  enableCookieEncryption: { value: 'true', why: 'cookies on disk encrypted with the OS keys' },
};

describe('electron-builder.yml', () => {
  const fuses = block('electronFuses');

  for (const [fuse, { value, why }] of Object.entries(FUSES)) {
    it(`sets the ${fuse} fuse to ${value} (${why})`, () => {
      expect(fuses.get(fuse)).toBe(value);
    });
  }

  it('names only fuses electron-builder knows (it ignores unknown keys silently)', () => {
    const require = createRequire(import.meta.url);
    const types = readFileSync(require.resolve('app-builder-lib/out/configuration.d.ts'), 'utf8');
    const known = /export interface FuseOptionsV1 \{([\s\S]*?)\n\}/.exec(types)?.[1] ?? '';
    for (const fuse of fuses.keys()) expect(known, fuse).toMatch(new RegExp(`\\b${fuse}\\?: boolean`));
  });

  it('packs the app into an asar (the integrity fuses check the asar)', () => {
    expect(topLevel('asar')).toBe('true');
  });

  it('pins the Electron version package.json pins (a current, supported release)', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    expect(topLevel('electronVersion')).toBe(pkg.devDependencies.electron);
    expect(pkg.devDependencies.electron).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
