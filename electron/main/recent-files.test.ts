import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addRecent, MAX_RECENT, parseRecentJson, RecentFiles, recentKey } from './recent-files';

describe('addRecent', () => {
  it('puts the newest file first', () => {
    expect(addRecent(['/a', '/b'], '/c', 'linux')).toEqual(['/c', '/a', '/b']);
  });

  it('moves a file already in the list to the front instead of repeating it', () => {
    expect(addRecent(['/a', '/b', '/c'], '/c', 'linux')).toEqual(['/c', '/a', '/b']);
    expect(addRecent(['/a', '/b'], '/x/../b', 'linux')).toEqual(['/x/../b', '/a']);
  });

  it('keeps at most MAX_RECENT entries, dropping the oldest', () => {
    let list: string[] = [];
    for (let i = 0; i < 25; i++) list = addRecent(list, `/f${i}`, 'linux');
    expect(MAX_RECENT).toBe(10);
    expect(list).toHaveLength(10);
    expect(list[0]).toBe('/f24');
    expect(list[9]).toBe('/f15');
  });

  it('treats paths differing only in case as one file on Windows and macOS, two on Linux', () => {
    expect(addRecent(['C:\\Runs\\A.json'], 'c:\\runs\\a.json', 'win32')).toEqual(['c:\\runs\\a.json']);
    expect(addRecent(['/Users/me/A.json'], '/Users/me/a.json', 'darwin')).toEqual(['/Users/me/a.json']);
    expect(addRecent(['/home/me/A.json'], '/home/me/a.json', 'linux')).toHaveLength(2);
    expect(recentKey('C:/Runs/a.json', 'win32')).toBe(recentKey('c:\\runs\\A.json', 'win32'));
  });
});

describe('parseRecentJson', () => {
  it('drops malformed entries, relative paths and duplicates, keeping the order', () => {
    const text = JSON.stringify({ version: 1, files: ['/a', 3, '', 'relative.json', '/b', '/a', null] });
    expect(parseRecentJson(text, 'linux')).toEqual(['/a', '/b']);
  });

  it('returns an empty list for anything that is not the expected JSON', () => {
    expect(parseRecentJson('not json', 'linux')).toEqual([]);
    expect(parseRecentJson('[1,2]', 'linux')).toEqual([]);
    expect(parseRecentJson('null', 'linux')).toEqual([]);
  });

  it('bounds a hand-edited list that is too long', () => {
    const files = Array.from({ length: 30 }, (_, i) => `/f${i}`);
    expect(parseRecentJson(JSON.stringify({ files }), 'linux')).toEqual(files.slice(0, 10));
  });
});

describe('RecentFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pipescope-recent-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('persists the list in the user-data folder and reads it back in a new session', async () => {
    const store = path.join(dir, 'userData', 'recent-files.json');
    const first = new RecentFiles(fs, store, 'linux');
    await first.load();
    await first.add('/runs/a.pipescope.json');
    await first.add('/runs/b.pipescope.json');
    await first.add('/runs/a.pipescope.json');
    const second = new RecentFiles(fs, store, 'linux');
    expect(await second.load()).toEqual(['/runs/a.pipescope.json', '/runs/b.pipescope.json']);
    expect(JSON.parse(await fs.readFile(store, 'utf8'))).toEqual({
      version: 1,
      files: ['/runs/a.pipescope.json', '/runs/b.pipescope.json'],
    });
  });

  it('removes and clears entries', async () => {
    const recent = new RecentFiles(fs, path.join(dir, 'r.json'), 'linux');
    await recent.add('/a');
    await recent.add('/b');
    await recent.remove('/a');
    expect(recent.list()).toEqual(['/b']);
    expect(recent.has('/b')).toBe(true);
    await recent.clear();
    expect(await new RecentFiles(fs, path.join(dir, 'r.json'), 'linux').load()).toEqual([]);
  });

  it('starts empty when the stored file is missing or corrupt', async () => {
    const store = path.join(dir, 'r.json');
    expect(await new RecentFiles(fs, store, 'linux').load()).toEqual([]);
    await fs.writeFile(store, '{"files": [');
    expect(await new RecentFiles(fs, store, 'linux').load()).toEqual([]);
  });
});
