import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PKG = path.join(ROOT, 'node_modules', 'electron');

function files(map: Record<string, string>) {
  return {
    exists: (p: string) => p in map,
    read: (p: string) => map[p] ?? '',
  };
}

describe('findElectronBinary', () => {
  it('finds the runtime that path.txt names inside node_modules/electron/dist', () => {
    const fs = files({
      [path.join(PKG, 'path.txt')]: 'electron\n',
      [path.join(PKG, 'dist', 'electron')]: '',
    });
    expect(findElectronBinary(ROOT, {}, fs.exists, fs.read)).toEqual({
      ok: true,
      path: path.join(PKG, 'dist', 'electron'),
    });
  });

  it('says the runtime was never downloaded when path.txt is missing (ELECTRON_SKIP_BINARY_DOWNLOAD)', () => {
    const fs = files({});
    const r = findElectronBinary(ROOT, {}, fs.exists, fs.read);
    expect(r).toEqual({
      ok: false,
      reason: 'the electron package is installed but its runtime was never downloaded',
    });
  });

  it('says which file is missing when the download was removed', () => {
    const fs = files({ [path.join(PKG, 'path.txt')]: 'electron' });
    const r = findElectronBinary(ROOT, {}, fs.exists, fs.read);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(path.join(PKG, 'dist', 'electron'));
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const fs = files({ [path.join(PKG, 'path.txt')]: 'electron', '/opt/electron/electron': '' });
    expect(
      findElectronBinary(ROOT, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' }, fs.exists, fs.read),
    ).toEqual({
      ok: true,
      path: '/opt/electron/electron',
    });
  });

  it('reports this machine truthfully (no runtime is downloaded here unless path.txt exists)', () => {
    const r = findElectronBinary(ROOT);
    expect(typeof r.ok).toBe('boolean');
  });
});
