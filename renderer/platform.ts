/**
 * The one module of the renderer that knows whether it runs inside the Electron app or in a plain
 * browser. Inside Electron the preload exposes `window.pipescope` (type from electron/preload);
 * on the web the same operations use a file input, Blob downloads and drag-and-drop. Everything
 * else in the renderer talks to `platform` only.
 */
import { fileSizeError } from '../core/format/limits';
import type { ClipboardImageKind, ClipboardImageRequest, MenuCommand } from '../electron/contract';
import type { PipeScopeApi } from '../electron/preload';
import type { TraceSource } from './trace/trace-client';

declare global {
  interface Window {
    pipescope?: PipeScopeApi;
  }
}

export type { ClipboardImageKind, ClipboardImageRequest, MenuCommand };

/**
 * A scenario file's content and where it came from. `path` is null on the web (no file system).
 * The content is the file's bytes, on the web and from the desktop app's main process alike,
 * decoded as every PipeScope reader decodes them (core/format/text-decoding.ts) when the document
 * opens.
 */
export interface PlatformFile {
  path: string | null;
  name: string;
  data: Uint8Array;
}

export type PlatformResult<T extends object = object> =
  | ({ ok: true } & T)
  | { ok: false; error: string; canceled?: boolean };

export type ExportKind = 'svg' | 'png' | 'chrome-trace' | 'csv';

export interface Platform {
  readonly kind: 'desktop' | 'web';
  /** Asks for a scenario file (or a PipeScope SVG) and returns its text. */
  openScenario(): Promise<PlatformResult<{ file: PlatformFile }>>;
  /**
   * Asks for an order file (PyTorch's pipelining CSV or an order JSON) and returns its text. Both
   * the web and the desktop use the page's file chooser: the file is only read, like a dropped one.
   */
  openOrder(): Promise<PlatformResult<{ file: PlatformFile }>>;
  /** Reads a file the user dropped on the window. */
  openDropped(file: File): Promise<PlatformResult<{ file: PlatformFile }>>;
  /**
   * Asks for profiler traces (one or several files, one per rank), to be read in chunks by the
   * trace worker (desktop: main's dialog, the bytes over IPC; web: a file input). On the web a
   * scenario chosen here comes back too: the caller tells the two apart by content.
   */
  openTrace(): Promise<PlatformResult<{ sources: TraceSource[] }>>;
  /**
   * Writes a scenario. `path` null means Save As (desktop: a dialog; web: a download named
   * `suggestedName`). Returns where it went.
   */
  saveScenario(request: {
    path: string | null;
    text: string;
    suggestedName: string;
  }): Promise<PlatformResult<{ path: string | null; name: string }>>;
  exportFile(request: {
    kind: ExportKind;
    suggestedName: string;
    data: string | Uint8Array;
  }): Promise<PlatformResult<{ path: string | null }>>;
  /**
   * Puts the chart on the system clipboard: a PNG as an image; an SVG as image/svg+xml where the
   * browser takes it, and always as its text (what vector editors and slide tools paste).
   */
  copyImage(request: ClipboardImageRequest): Promise<PlatformResult>;
  /** Title bar: file name and unsaved-changes marker. */
  setDocumentState(state: { title: string; dirty: boolean }): void;
  /** Before replacing a document with unsaved changes: true to go ahead. */
  confirmDiscard(dirty: boolean): Promise<boolean>;
  /** Native menu commands (desktop only; the web has none). Returns an unsubscribe. */
  onMenuCommand(cb: (command: MenuCommand) => void): () => void;
  /** Files the OS hands to the app (command line, file association, second launch). */
  onOpenFile(cb: (file: PlatformFile) => void): () => void;
}

const MIME: Record<ExportKind, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  'chrome-trace': 'application/json',
  csv: 'text/csv',
};

export function windowTitle(title: string, dirty: boolean): string {
  return `${dirty ? '• ' : ''}${title} — PipeScope`;
}

function download(name: string, data: string | Uint8Array, type: string): void {
  const part: BlobPart = typeof data === 'string' ? data : (data as Uint8Array<ArrayBuffer>);
  const url = URL.createObjectURL(new Blob([part], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The click has started the download synchronously; the URL is not needed afterwards.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file the user chose or dropped: refused by its size before any of it is read. */
export async function readFile(file: File): Promise<PlatformResult<{ file: PlatformFile }>> {
  const tooLarge = fileSizeError(file.size);
  if (tooLarge) return { ok: false, error: `Could not open ${file.name}: ${tooLarge}` };
  try {
    return {
      ok: true,
      file: { path: null, name: file.name, data: new Uint8Array(await file.arrayBuffer()) },
    };
  } catch (err) {
    return { ok: false, error: `Could not read ${file.name}: ${err instanceof Error ? err.message : err}` };
  }
}

export const SCENARIO_ACCEPT = '.json,.pipescope,.svg,application/json,image/svg+xml';
export const TRACE_ACCEPT = '.json,.gz,application/json,application/gzip';
export const ORDER_ACCEPT = '.csv,.json,text/csv,application/json';

/** An order file from the page's file chooser. */
async function chooseOrder(): Promise<PlatformResult<{ file: PlatformFile }>> {
  const [file] = await pickFiles(ORDER_ACCEPT, false);
  return file ? readFile(file) : { ok: false, error: 'No file chosen', canceled: true };
}

/** The browser's file chooser (a hidden file input); empty when the user cancels. */
function pickFiles(accept: string, multiple: boolean): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    input.style.display = 'none';
    input.dataset.testid = 'open-file-input';
    document.body.append(input);
    const done = (f: File[]) => {
      input.remove();
      resolve(f);
    };
    input.addEventListener('change', () => done(Array.from(input.files ?? [])));
    input.addEventListener('cancel', () => done([]));
    input.click();
  });
}

/** The async clipboard API: PNG as an image; SVG as image/svg+xml (where supported) and as text. */
async function writeClipboard(request: ClipboardImageRequest): Promise<PlatformResult> {
  if (!navigator.clipboard?.write || typeof ClipboardItem === 'undefined')
    return {
      ok: false,
      error: 'This browser gives pages no clipboard to write images to (the async clipboard API).',
    };
  const items: Record<string, Blob> =
    request.kind === 'png'
      ? { 'image/png': new Blob([request.data as Uint8Array<ArrayBuffer>], { type: 'image/png' }) }
      : {
          'text/plain': new Blob([request.data], { type: 'text/plain' }),
          ...(ClipboardItem.supports?.('image/svg+xml')
            ? { 'image/svg+xml': new Blob([request.data], { type: 'image/svg+xml' }) }
            : {}),
        };
  try {
    await navigator.clipboard.write([new ClipboardItem(items)]);
    return { ok: true };
  } catch (err) {
    return {
      ok: false,
      error: `The browser refused to write to the clipboard (${err instanceof Error ? err.message : err}); the page must be focused, and served over http from this machine or https.`,
    };
  }
}

function webPlatform(): Platform {
  return {
    kind: 'web',
    async openScenario() {
      const [file] = await pickFiles(SCENARIO_ACCEPT, false);
      return file ? readFile(file) : { ok: false, error: 'No file chosen', canceled: true };
    },
    async openTrace() {
      const files = await pickFiles(TRACE_ACCEPT, true);
      return files.length > 0
        ? { ok: true, sources: files.map((f) => ({ name: f.name, size: f.size, blob: f })) }
        : { ok: false, error: 'No file chosen', canceled: true };
    },
    openOrder: chooseOrder,
    openDropped: readFile,
    async saveScenario({ text, suggestedName }) {
      download(suggestedName, text, 'application/json');
      return { ok: true, path: null, name: suggestedName };
    },
    async exportFile({ kind, suggestedName, data }) {
      download(suggestedName, data, MIME[kind]);
      return { ok: true, path: null };
    },
    copyImage: writeClipboard,
    setDocumentState({ title, dirty }) {
      document.title = windowTitle(title, dirty);
    },
    async confirmDiscard(dirty) {
      return !dirty || window.confirm('This scenario has unsaved changes. Discard them?');
    },
    onMenuCommand() {
      return () => {};
    },
    onOpenFile() {
      return () => {};
    },
  };
}

function desktopPlatform(api: PipeScopeApi): Platform {
  const toFile = (f: { path: string; name: string; bytes: Uint8Array }): PlatformFile => ({
    path: f.path,
    name: f.name,
    data: f.bytes,
  });
  return {
    kind: 'desktop',
    async openScenario() {
      const r = await api.openScenario();
      return r.ok ? { ok: true, file: toFile(r) } : r;
    },
    openOrder: chooseOrder,
    async openDropped(file) {
      const r = await api.openDroppedFile(file);
      return r.ok ? { ok: true, file: toFile(r) } : r;
    },
    async openTrace() {
      const r = await api.openTrace();
      if (!r.ok) return r;
      const sources = r.traces.map((t) => ({
        name: t.name,
        size: t.size,
        readChunk: async (offset: number) => {
          const chunk = await api.readTraceChunk({ token: t.token, offset });
          if (!chunk.ok) throw new Error(chunk.error);
          return chunk.bytes.length > 0 ? chunk.bytes : null;
        },
      }));
      return { ok: true, sources };
    },
    async saveScenario({ path, text, suggestedName }) {
      const r = await api.saveScenario({ path, text, suggestedName });
      return r.ok ? { ok: true, path: r.path, name: r.name } : r;
    },
    async exportFile(request) {
      const r = await api.exportFile(request);
      return r.ok ? { ok: true, path: r.path } : r;
    },
    copyImage: (request) => api.copyImage(request),
    setDocumentState(state) {
      document.title = windowTitle(state.title, state.dirty);
      void api.setDocumentState(state);
    },
    async confirmDiscard(dirty) {
      if (!dirty) return true;
      return (await api.confirmDiscard()).proceed;
    },
    onMenuCommand: (cb) => api.onMenuCommand(cb),
    onOpenFile: (cb) => api.onOpenFile((f) => cb(toFile(f))),
  };
}

export const platform: Platform =
  typeof window !== 'undefined' && window.pipescope?.isDesktop
    ? desktopPlatform(window.pipescope)
    : webPlatform();
