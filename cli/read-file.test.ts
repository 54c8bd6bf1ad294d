import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../core/format/limits';
import { readFileBounded } from './read-file';

const dir = mkdtempSync(join(tmpdir(), 'pipescope-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readFileBounded', () => {
  it('reads a file within the budget, whole', () => {
    const file = join(dir, 'small.json');
    writeFileSync(file, '{"format": "pipescope-scenario"}');
    expect(new TextDecoder().decode(readFileBounded(file, LIMITS.fileBytes))).toBe(
      '{"format": "pipescope-scenario"}',
    );
  });

  it('refuses a 15 GB file by its size, before reading any of it', () => {
    // Sparse: 15 GB long, no disk used. Reading it would take minutes and more memory than there is.
    const file = join(dir, 'huge.json');
    writeFileSync(file, '');
    truncateSync(file, 15 * 1024 ** 3);
    expect(() => readFileBounded(file, LIMITS.fileBytes)).toThrow(
      'the file is 15360.0 MB; scenario files are at most 32.0 MB',
    );
  });

  it('stops reading a device that never ends (/dev/zero) one byte past the budget', () => {
    expect(() => readFileBounded('/dev/zero', 1000)).toThrow(
      'it gave more than 1,000 bytes; scenario files are at most that',
    );
  });

  it('stops reading a FIFO whose writer never stops', async () => {
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const writer = spawn('sh', ['-c', 'exec cat /dev/zero > "$0"', fifo], { stdio: 'ignore' });
    try {
      expect(() => readFileBounded(fifo, 4096)).toThrow('it gave more than 4,096 bytes');
    } finally {
      writer.kill();
    }
  });

  it('says a directory is not a file', () => {
    expect(() => readFileBounded(dir, LIMITS.fileBytes)).toThrow('it is a directory, not a file');
  });
});
