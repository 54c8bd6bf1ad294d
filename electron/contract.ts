/**
 * The IPC contract between PipeScope's main process and its renderer: channel names and payload
 * types, shared by electron/main (handlers), electron/preload (the bridge) and, through the
 * preload's exported `PipeScopeApi` type, renderer/platform.ts. Types and constants only: the
 * preload bundle and the renderer both import this file, so it must not import anything.
 *
 * Every request is `ipcRenderer.invoke` → `ipcMain.handle`; every handler resolves to a value (an
 * `IpcResult` for anything that can fail) and never rejects. Main re-validates every payload.
 */

/** Request channels (renderer → main, answered). */
export const CHANNELS = {
  openScenario: 'pipescope:open-scenario',
  openDropped: 'pipescope:open-dropped',
  saveScenario: 'pipescope:save-scenario',
  exportFile: 'pipescope:export-file',
  setDocumentState: 'pipescope:set-document-state',
  confirmDiscard: 'pipescope:confirm-discard',
  /** Open dialog for profiler traces (one or several files, one per rank); answers a token for each. */
  openTrace: 'pipescope:open-trace',
  /** One chunk of a trace opened with openTrace, from a byte offset. */
  readTraceChunk: 'pipescope:read-trace-chunk',
  /** Puts the chart on the system clipboard, as a PNG image or as SVG. */
  copyImage: 'pipescope:copy-image',
  /** Sent by the preload when the renderer first subscribes to open-file events: main then
   * delivers files that arrived before the page was ready (argv, OS, second instance). */
  rendererReady: 'pipescope:renderer-ready',
} as const;
export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

/** Event channels (main → renderer, no answer). */
export const EVENTS = {
  menuCommand: 'pipescope:menu-command',
  openFile: 'pipescope:open-file',
} as const;
export type EventChannel = (typeof EVENTS)[keyof typeof EVENTS];

/**
 * Everything window.pipescope holds: one method per request the page makes, the two
 * subscriptions, and two constants. Nothing else may reach the page (no ipcRenderer, no generic
 * invoke): the preload's object must have exactly these keys, and the tests check what is exposed.
 */
export const PAGE_API_KEYS = [
  'confirmDiscard',
  'copyImage',
  'exportFile',
  'isDesktop',
  'onMenuCommand',
  'onOpenFile',
  'openDroppedFile',
  'openScenario',
  'openTrace',
  'platform',
  'readTraceChunk',
  'saveScenario',
  'setDocumentState',
] as const;
export type PageApiKey = (typeof PAGE_API_KEYS)[number];

/** Commands the native menu (and its accelerators) send to the renderer. */
export const MENU_COMMANDS = [
  'new',
  'open',
  'open-trace',
  'save',
  'save-as',
  'export-svg',
  'export-png',
  'export-trace',
  'copy-png',
  'copy-svg',
  'undo',
  'redo',
  'zoom-in',
  'zoom-out',
  'fit',
  'toggle-theme',
  'toggle-compare',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** What can fail returns a value, never throws across the process boundary. `canceled` is set
 * when the user dismissed a dialog: not an error to show. */
export type IpcFailure = { ok: false; error: string; canceled?: true };
export type IpcResult<T extends object = object> = ({ ok: true } & T) | IpcFailure;

/** A scenario (or PipeScope SVG) file's bytes as read from disk (at most core/format's file
 * budget); the renderer decodes and loads them with core/format's loadScenarioBytes, in its
 * document worker, as it does a file opened in web mode, so load errors are shown with their JSON
 * paths and UTF-16 files open too. */
export interface OpenedFile {
  path: string;
  /** The file name without folders, for the title bar. */
  name: string;
  bytes: Uint8Array;
}

export interface SaveScenarioRequest {
  /** Where to write; null asks with a Save dialog (Save As..., or a document never saved). Main
   * only writes to paths it handed out itself (dialogs, opened files, recent files). */
  path: string | null;
  /** The canonical file text (core/format's saveScenario). Main checks it loads before writing. */
  text: string;
  /** Proposed file name for the dialog when path is null, e.g. 'deepseek-v3.pipescope.json'. */
  suggestedName?: string;
}
export type SaveScenarioResult = IpcResult<{ path: string; name: string }>;

export const EXPORT_KINDS = ['svg', 'png', 'chrome-trace', 'csv'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportRequest {
  kind: ExportKind;
  /** File name (no folders) proposed in the Save dialog. */
  suggestedName: string;
  /** SVG/trace/CSV text, or PNG bytes. */
  data: string | Uint8Array;
}
export type ExportResult = IpcResult<{ path: string }>;

/** What can go on the clipboard: the chart as PNG bytes, or as SVG text. */
export const CLIPBOARD_IMAGE_KINDS = ['png', 'svg'] as const;
export type ClipboardImageKind = (typeof CLIPBOARD_IMAGE_KINDS)[number];
export type ClipboardImageRequest = { kind: 'png'; data: Uint8Array } | { kind: 'svg'; data: string };

export interface DocumentState {
  /** Shown in the title bar: the file name, or e.g. 'Untitled'. */
  title: string;
  /** Unsaved changes: the title shows a marker and closing/opening asks first. */
  dirty: boolean;
}

/** Answer to confirmDiscard: proceed is true when there is nothing unsaved or the user chose to
 * discard; false when they cancelled. */
export interface DiscardDecision {
  proceed: boolean;
}

/** The traces the user chose in one Open Trace dialog (one per rank). */
export interface OpenedTraces {
  traces: OpenedTrace[];
}

/**
 * A profiler trace the user chose: read in chunks with readTraceChunk (a trace can be 500 MB, far
 * more than one IPC message should carry). The token names the file for main; the page never
 * sees or sends a path.
 */
export interface OpenedTrace {
  token: string;
  /** The file name without folders. */
  name: string;
  /** Bytes on disk (compressed or not), for progress. */
  size: number;
}

export interface TraceChunkRequest {
  token: string;
  /** Byte offset in the file. */
  offset: number;
}
/** Up to TRACE_CHUNK_BYTES raw bytes from the offset; empty at the end of the file. */
export type TraceChunkResult = IpcResult<{ bytes: Uint8Array }>;

/** Bytes main reads per readTraceChunk: large enough that IPC costs little per byte. */
export const TRACE_CHUNK_BYTES = 4 * 1024 * 1024;

/** The file extensions PipeScope opens and associates with itself (also in electron-builder.yml). */
export const SCENARIO_EXTENSIONS = ['.pipescope.json', '.pipescope'] as const;
