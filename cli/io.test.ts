import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './io';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipescope-io-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces an existing file and leaves no temporary file beside it', () => {
    const target = join(dir, 'a.json');
    writeFileSync(target, 'old');
    writeFileAtomic(target, 'new');
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('leaves the old file untouched and cleans up when the rename fails', () => {
    // A directory in the target's place makes the rename fail after the temporary file was written.
    const target = join(dir, 'taken');
    writeFileSync(join(dir, 'keep.txt'), 'keep');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'x');
    expect(() => writeFileAtomic(target, 'data')).toThrow();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('keep');
  });
});
