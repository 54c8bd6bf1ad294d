/**
 * The Open Recent list: most recent first, de-duplicated, at most MAX_RECENT entries, persisted
 * as JSON in the user-data folder (written atomically, so a crash never loses the list).
 */
import path from 'node:path';
import { type AtomicWriteFs, writeFileAtomic } from '../../node/atomic-write';

export const MAX_RECENT = 10;
export const RECENT_FILE_NAME = 'recent-files.json';

/** Windows and macOS file systems are case-insensitive by default: one file, one entry. */
export function recentKey(file: string, platform: NodeJS.Platform): string {
  const pathApi = platform === 'win32' ? path.win32 : path.posix;
  const normal = pathApi.normalize(file);
  return platform === 'win32' || platform === 'darwin' ? normal.toLowerCase() : normal;
}

/** `file` moved (or added) to the front; duplicates removed; the oldest dropped past `max`. */
export function addRecent(
  list: readonly string[],
  file: string,
  platform: NodeJS.Platform,
  max = MAX_RECENT,
): string[] {
  const key = recentKey(file, platform);
  return [file, ...list.filter((f) => recentKey(f, platform) !== key)].slice(0, max);
}

export function removeRecent(list: readonly string[], file: string, platform: NodeJS.Platform): string[] {
  const key = recentKey(file, platform);
  return list.filter((f) => recentKey(f, platform) !== key);
}

/** Reads the stored list leniently: anything malformed is dropped, never an error. */
export function parseRecentJson(text: string, platform: NodeJS.Platform, max = MAX_RECENT): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const files =
    value !== null && typeof value === 'object' && Array.isArray((value as { files?: unknown }).files)
      ? ((value as { files: unknown[] }).files as unknown[])
      : [];
  let list: string[] = [];
  for (const f of [...files].reverse()) {
    if (typeof f === 'string' && f.length > 0 && f.length < 4096 && path.isAbsolute(f)) {
      list = addRecent(list, f, platform, max);
    }
  }
  return list;
}

export interface RecentFilesFs extends AtomicWriteFs {
  readFile(file: string, encoding: 'utf8'): Promise<string>;
  mkdir(dir: string, options: { recursive: true }): Promise<unknown>;
}

export class RecentFiles {
  private files: string[] = [];

  constructor(
    private readonly fs: RecentFilesFs,
    private readonly storePath: string,
    private readonly platform: NodeJS.Platform,
    private readonly max = MAX_RECENT,
  ) {}

  async load(): Promise<string[]> {
    try {
      this.files = parseRecentJson(await this.fs.readFile(this.storePath, 'utf8'), this.platform, this.max);
    } catch {
      this.files = [];
    }
    return this.list();
  }

  list(): string[] {
    return [...this.files];
  }

  has(file: string): boolean {
    const key = recentKey(file, this.platform);
    return this.files.some((f) => recentKey(f, this.platform) === key);
  }

  async add(file: string): Promise<void> {
    this.files = addRecent(this.files, file, this.platform, this.max);
    await this.persist();
  }

  async remove(file: string): Promise<void> {
    this.files = removeRecent(this.files, file, this.platform);
    await this.persist();
  }

  async clear(): Promise<void> {
    this.files = [];
    await this.persist();
  }

  /** A failure to persist only costs the list across restarts: it is not worth an error dialog. */
  private async persist(): Promise<void> {
    try {
      await this.fs.mkdir(path.dirname(this.storePath), { recursive: true });
      await writeFileAtomic(
        this.fs,
        this.storePath,
        `${JSON.stringify({ version: 1, files: this.files }, null, 2)}\n`,
      );
    } catch {
      // Ignored on purpose (see above).
    }
  }
}
