/**
 * Shape checks for every payload the renderer sends. The renderer is treated as untrusted input
 * (a compromised page must not write arbitrary files or smuggle odd values into dialogs), so each
 * handler re-validates what it receives; scenario text is additionally checked with core/format.
 */
import { fileSizeError } from '../../core/format/limits';
import {
  type ClipboardImageRequest,
  type DocumentState,
  EXPORT_KINDS,
  type ExportKind,
  type ExportRequest,
  type SaveScenarioRequest,
  type TraceChunkRequest,
} from '../contract';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** A million-op timeline's trace or SVG is ~100-300 MB. */
export const MAX_EXPORT_BYTES = 1024 * 1024 * 1024;
export const MAX_PATH_CHARS = 4096;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function fail<T>(error: string): Checked<T> {
  return { ok: false, error };
}

/** Replaces control characters (U+0000-U+001F, U+007F), which have no place in names or titles. */
export function replaceControlChars(s: string, replacement: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? replacement : ch;
  }
  return out;
}

/** A file name safe on every OS: no folders, no reserved characters, not empty. */
export function sanitizeFileName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = replaceControlChars(base, '_')
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    .replace(/^\.+/, '');
  return cleaned === '' ? fallback : cleaned.slice(0, 200);
}

export function checkFilePath(x: unknown, what = 'path'): Checked<string> {
  if (typeof x !== 'string' || x.length === 0) return fail(`${what} must be a non-empty string`);
  if (x.length > MAX_PATH_CHARS) return fail(`${what} is longer than ${MAX_PATH_CHARS} characters`);
  if (x.includes('\0')) return fail(`${what} contains a NUL character`);
  return { ok: true, value: x };
}

export function checkSaveRequest(x: unknown): Checked<SaveScenarioRequest> {
  if (!isRecord(x)) return fail('save request must be an object {path, text}');
  let path: string | null = null;
  if (x.path !== null && x.path !== undefined) {
    const p = checkFilePath(x.path, 'save request path');
    if (!p.ok) return p;
    path = p.value;
  }
  if (typeof x.text !== 'string') return fail('save request text must be a string');
  // The file budget of core/format, in the bytes the file will have (UTF-8, as Save writes): a
  // page cannot ask main to write what could not be opened again.
  const tooLarge = fileSizeError(Buffer.byteLength(x.text, 'utf8'));
  if (tooLarge) return fail(`save request text is too large: as a file, ${tooLarge}`);
  if (x.suggestedName !== undefined && typeof x.suggestedName !== 'string') {
    return fail('save request suggestedName must be a string');
  }
  const request: SaveScenarioRequest = { path, text: x.text };
  if (typeof x.suggestedName === 'string') {
    request.suggestedName = sanitizeFileName(x.suggestedName, 'scenario.pipescope.json');
  }
  return { ok: true, value: request };
}

function byteLength(data: string | Uint8Array): number {
  return typeof data === 'string' ? data.length : data.byteLength;
}

export function checkExportRequest(x: unknown): Checked<ExportRequest> {
  if (!isRecord(x)) return fail('export request must be an object {kind, suggestedName, data}');
  if (typeof x.kind !== 'string' || !(EXPORT_KINDS as readonly string[]).includes(x.kind)) {
    return fail(`export kind must be one of ${EXPORT_KINDS.join(', ')}`);
  }
  const kind = x.kind as ExportKind;
  if (typeof x.suggestedName !== 'string') return fail('export suggestedName must be a string');
  const data = x.data;
  if (kind === 'png') {
    if (!(data instanceof Uint8Array)) return fail('a PNG export must be bytes (Uint8Array)');
    if (data.byteLength < 8 || PNG_SIGNATURE.some((b, i) => data[i] !== b)) {
      return fail('PNG export data does not start with the PNG signature');
    }
  } else {
    if (typeof data !== 'string') return fail(`a ${kind} export must be text`);
    const head = data.slice(0, 512).trimStart();
    if (kind === 'svg' && !head.startsWith('<')) return fail('SVG export data is not XML');
    if (kind === 'chrome-trace' && !(head.startsWith('{') || head.startsWith('['))) {
      return fail('trace export data is not JSON');
    }
  }
  if (byteLength(data) > MAX_EXPORT_BYTES) return fail('export data is larger than 1 GB');
  const fallback = {
    svg: 'pipeline.svg',
    png: 'pipeline.png',
    'chrome-trace': 'pipeline.trace.json',
    csv: 'pipeline.csv',
  }[kind];
  return { ok: true, value: { kind, suggestedName: sanitizeFileName(x.suggestedName, fallback), data } };
}

/** The most the page may put on the clipboard at once: the export budget (core/format/limits.ts). */
export const MAX_CLIPBOARD_BYTES = 256 * 1024 * 1024;

/** A chart for the clipboard: PNG bytes (with the PNG signature) or SVG text. */
export function checkClipboardImage(x: unknown): Checked<ClipboardImageRequest> {
  if (!isRecord(x)) return fail('clipboard request must be an object {kind, data}');
  if (x.kind === 'png') {
    const data = x.data;
    if (!(data instanceof Uint8Array)) return fail('a PNG for the clipboard must be bytes (Uint8Array)');
    if (data.byteLength < 8 || PNG_SIGNATURE.some((b, i) => data[i] !== b))
      return fail('PNG clipboard data does not start with the PNG signature');
    if (data.byteLength > MAX_CLIPBOARD_BYTES) return fail('the PNG is larger than 256 MB');
    return { ok: true, value: { kind: 'png', data } };
  }
  if (x.kind === 'svg') {
    if (typeof x.data !== 'string') return fail('an SVG for the clipboard must be text');
    if (!x.data.slice(0, 512).trimStart().startsWith('<')) return fail('SVG clipboard data is not XML');
    if (x.data.length > MAX_CLIPBOARD_BYTES) return fail('the SVG is larger than 256 MB');
    return { ok: true, value: { kind: 'svg', data: x.data } };
  }
  return fail('clipboard kind must be png or svg');
}

export function checkDocumentState(x: unknown): Checked<DocumentState> {
  if (!isRecord(x)) return fail('document state must be an object {title, dirty}');
  if (typeof x.title !== 'string') return fail('document state title must be a string');
  if (typeof x.dirty !== 'boolean') return fail('document state dirty must be a boolean');
  const title = replaceControlChars(x.title, ' ').slice(0, 300);
  return { ok: true, value: { title, dirty: x.dirty } };
}

/** Only https links leave the app (to the system browser); no file:, javascript:, custom schemes. */
export function checkExternalUrl(x: unknown): Checked<string> {
  if (typeof x !== 'string' || x.length > 2048)
    return fail('link must be a string of at most 2048 characters');
  let url: URL;
  try {
    url = new URL(x);
  } catch {
    return fail('link is not a valid URL');
  }
  if (url.protocol !== 'https:') return fail(`only https links are opened, not ${url.protocol}`);
  if (url.username || url.password) return fail('links with credentials are not opened');
  return { ok: true, value: url.toString() };
}

/** A chunk of an opened trace: its token (as openTrace gave it) and a byte offset. */
export function checkTraceChunkRequest(x: unknown): Checked<TraceChunkRequest> {
  if (!isRecord(x)) return fail('trace chunk request must be an object {token, offset}');
  if (typeof x.token !== 'string' || x.token.length === 0 || x.token.length > 64)
    return fail('trace chunk token must be a string of 1 to 64 characters');
  if (typeof x.offset !== 'number' || !Number.isSafeInteger(x.offset) || x.offset < 0)
    return fail('trace chunk offset must be a whole number of bytes >= 0');
  return { ok: true, value: { token: x.token, offset: x.offset } };
}
