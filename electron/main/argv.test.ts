import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesFromArgv } from './argv';

const dev = { isPackaged: false, cwd: '/home/me/runs', pathApi: path.posix };
const packaged = { isPackaged: true, cwd: '/home/me/runs', pathApi: path.posix };

describe('filesFromArgv', () => {
  it('opens the file given after the app entry in development (electron . file)', () => {
    expect(filesFromArgv(['/usr/bin/electron', '.', 'deepseek.pipescope.json'], dev)).toEqual([
      '/home/me/runs/deepseek.pipescope.json',
    ]);
  });

  it('skips switches Electron or Playwright put before the app entry', () => {
    expect(
      filesFromArgv(
        ['electron', '--inspect=0', '--remote-debugging-port=0', 'dist/electron/main.cjs', 'a.json'],
        dev,
      ),
    ).toEqual(['/home/me/runs/a.json']);
  });

  it('opens every argument after the executable in a packaged app, absolute paths unchanged', () => {
    expect(
      filesFromArgv(['/opt/PipeScope/pipescope', '/data/x.pipescope', 'y.pipescope.json'], packaged),
    ).toEqual(['/data/x.pipescope', '/home/me/runs/y.pipescope.json']);
  });

  it('ignores Chromium switches a second instance receives, and macOS process serial numbers', () => {
    expect(
      filesFromArgv(
        [
          '/opt/PipeScope/pipescope',
          '--allow-file-access-from-files',
          '-psn_0_12345',
          'z.json',
          '--original-process-start-time=1',
        ],
        packaged,
      ),
    ).toEqual(['/home/me/runs/z.json']);
  });

  it('treats everything after -- as a file, even names that start with a dash', () => {
    expect(filesFromArgv(['pipescope', '--', '-odd.json'], packaged)).toEqual(['/home/me/runs/-odd.json']);
  });

  it('returns nothing when no file was named', () => {
    expect(filesFromArgv(['electron', '.'], dev)).toEqual([]);
    expect(filesFromArgv(['/opt/PipeScope/pipescope'], packaged)).toEqual([]);
  });

  it('resolves relative paths against the launching directory on Windows too', () => {
    expect(
      filesFromArgv(['C:\\PipeScope\\PipeScope.exe', 'runs\\a.pipescope.json'], {
        isPackaged: true,
        cwd: 'D:\\work',
        pathApi: path.win32,
      }),
    ).toEqual(['D:\\work\\runs\\a.pipescope.json']);
  });
});
