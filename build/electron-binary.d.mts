/** Types of build/electron-binary.mjs. */
export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Where the Electron executable of the package installed under `root` is, or why there is none.
 * `env`, `exists` and `read` default to the process's environment and the real file system.
 */
export declare function findElectronBinary(
  root: string,
  env?: Record<string, string | undefined>,
  exists?: (path: string) => boolean,
  read?: (path: string) => string,
): ElectronBinary;

export declare const SKIP_HINT: string;
