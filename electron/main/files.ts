/**
 * Reading scenario files from disk and turning file-system errors into sentences a user can act
 * on (no errno codes or stack traces in dialogs).
 */
import path from 'node:path';
import type { OpenedFile } from '../contract';
import { MAX_SCENARIO_CHARS } from './validate';

/** Extensions PipeScope opens: its own, plain JSON, and SVGs it exported (scenario in metadata). */
export const OPENABLE_EXTENSIONS = ['.pipescope.json', '.pipescope', '.json', '.svg'] as const;

export function isOpenableName(file: string): boolean {
  const lower = file.toLowerCase();
  return OPENABLE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** A name from a Save dialog without any extension gets the scenario one (GTK dialogs add none). */
export function withScenarioExtension(file: string): string {
  const base = path.basename(file);
  return base.includes('.') ? file : `${file}.pipescope.json`;
}

export interface ReadFs {
  stat(file: string): Promise<{ isFile(): boolean; size: number }>;
  readFile(file: string, encoding: 'utf8'): Promise<string>;
}

export function describeFsError(error: unknown, action: 'read' | 'write', file: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  const verb = action === 'read' ? 'open' : 'save';
  switch (code) {
    case 'ENOENT':
      return action === 'read'
        ? `Could not open ${file}: the file does not exist (moved or deleted?).`
        : `Could not save ${file}: its folder does not exist.`;
    case 'EACCES':
    case 'EPERM':
      return `Could not ${verb} ${file}: permission denied.`;
    case 'EISDIR':
      return `Could not ${verb} ${file}: it is a folder, not a file.`;
    case 'ENOSPC':
      return `Could not save ${file}: the disk is full. The previous version of the file is unchanged.`;
    case 'EROFS':
      return `Could not save ${file}: the disk is read-only.`;
    case 'EBUSY':
      return `Could not ${verb} ${file}: the file is in use by another program.`;
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return action === 'write'
        ? `Could not save ${file}: ${message}. The previous version of the file is unchanged.`
        : `Could not open ${file}: ${message}.`;
    }
  }
}

export type ReadResult = { ok: true; file: OpenedFile } | { ok: false; error: string; missing?: boolean };

export async function readScenarioFile(fs: ReadFs, file: string): Promise<ReadResult> {
  try {
    const info = await fs.stat(file);
    if (!info.isFile()) return { ok: false, error: `Could not open ${file}: it is not a file.` };
    if (info.size > MAX_SCENARIO_CHARS) {
      return {
        ok: false,
        error: `Could not open ${file}: it is larger than 32 MB, too large for a scenario.`,
      };
    }
    let text = await fs.readFile(file, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, file: { path: file, name: path.basename(file), text } };
  } catch (error) {
    const missing = (error as { code?: unknown } | null)?.code === 'ENOENT';
    return { ok: false, error: describeFsError(error, 'read', file), ...(missing ? { missing } : {}) };
  }
}
