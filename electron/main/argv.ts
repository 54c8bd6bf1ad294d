/**
 * Files named on the command line, for the first launch (process.argv) and for a second launch
 * that forwards its argv to the running instance (app 'second-instance').
 */
import path from 'node:path';

export interface ArgvContext {
  /** app.isPackaged: a packaged app's argv is [exe, ...args]; in development it is
   * [electron, ...switches, <app entry>, ...args] (the entry is the first non-switch). */
  isPackaged: boolean;
  /** Relative paths are relative to the launching shell's directory. */
  cwd: string;
  pathApi?: path.PlatformPath;
}

/**
 * The file arguments in `argv`: every argument after the executable (and after the app entry in
 * development) that is not a switch. Chromium and Electron add switches of their own (e.g.
 * --allow-file-access-from-files, --original-process-start-time=...), and a '--' ends switches so
 * that a file named '-x' can still be opened. macOS's '-psn_0_123' process serial number is a
 * switch too. Paths are made absolute; whether they exist is checked when opening.
 */
export function filesFromArgv(argv: readonly string[], context: ArgvContext): string[] {
  const pathApi = context.pathApi ?? path;
  const files: string[] = [];
  let switchesEnded = false;
  let entrySkipped = context.isPackaged;
  for (const arg of argv.slice(1)) {
    if (!switchesEnded && arg === '--') {
      switchesEnded = true;
      continue;
    }
    if (arg === '' || (!switchesEnded && arg.startsWith('-'))) continue;
    if (!entrySkipped) {
      entrySkipped = true;
      continue;
    }
    files.push(pathApi.resolve(context.cwd, arg));
  }
  return files;
}
