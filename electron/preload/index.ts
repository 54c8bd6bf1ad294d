/**
 * The preload: the only bridge between the sandboxed renderer and the main process. It exposes
 * `window.pipescope` with one method per contract channel, each an `ipcRenderer.invoke`; the page
 * never sees ipcRenderer or an IpcRendererEvent (whose `sender` would hand it one). Bundled by
 * build/build-electron.mjs into one CommonJS file that requires nothing but 'electron', as
 * sandboxed preloads must.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent, webUtils } from 'electron';
import {
  CHANNELS,
  type ClipboardImageRequest,
  type DiscardDecision,
  type DocumentState,
  EVENTS,
  type ExportRequest,
  type ExportResult,
  type IpcResult,
  type MenuCommand,
  type OpenedFile,
  type PageApiKey,
  type OpenedTraces,
  type SaveScenarioRequest,
  type SaveScenarioResult,
  type TraceChunkRequest,
  type TraceChunkResult,
} from '../contract';

function subscribe<T>(channel: string, cb: (payload: T) => void): () => void {
  const listener = (_event: IpcRendererEvent, payload: T) => cb(payload);
  ipcRenderer.on(channel, listener);
  return () => {
    ipcRenderer.removeListener(channel, listener);
  };
}

const api = {
  /** Always true: lets renderer/platform.ts tell the desktop app from the web build. */
  isDesktop: true as const,
  /** 'darwin' | 'linux' | 'win32' ...: for showing the right shortcut hints. */
  platform: process.platform,

  /** Open dialog (asks first when there are unsaved changes). */
  openScenario: (): Promise<IpcResult<OpenedFile>> => ipcRenderer.invoke(CHANNELS.openScenario),
  /** A file dropped on the window: main reads it from disk so that Save writes back to it. */
  openDroppedFile: (file: File): Promise<IpcResult<OpenedFile>> =>
    ipcRenderer.invoke(CHANNELS.openDropped, webUtils.getPathForFile(file)),
  saveScenario: (request: SaveScenarioRequest): Promise<SaveScenarioResult> =>
    ipcRenderer.invoke(CHANNELS.saveScenario, request),
  exportFile: (request: ExportRequest): Promise<ExportResult> =>
    ipcRenderer.invoke(CHANNELS.exportFile, request),
  /** Title and unsaved-changes marker; main also uses `dirty` to ask before closing. */
  setDocumentState: (state: DocumentState): Promise<IpcResult> =>
    ipcRenderer.invoke(CHANNELS.setDocumentState, state),
  /** Ask (native dialog) before discarding unsaved changes, e.g. for New; resolves at once with
   * proceed=true when nothing is unsaved. */
  confirmDiscard: (): Promise<DiscardDecision> => ipcRenderer.invoke(CHANNELS.confirmDiscard),
  /** Open dialog for profiler traces (the document stays); read each with readTraceChunk. */
  openTrace: (): Promise<IpcResult<OpenedTraces>> => ipcRenderer.invoke(CHANNELS.openTrace),
  readTraceChunk: (request: TraceChunkRequest): Promise<TraceChunkResult> =>
    ipcRenderer.invoke(CHANNELS.readTraceChunk, request),
  /** The chart on the system clipboard (PNG image, or SVG as image/svg+xml and plain text). */
  copyImage: (request: ClipboardImageRequest): Promise<IpcResult> =>
    ipcRenderer.invoke(CHANNELS.copyImage, request),

  /** Menu items and their accelerators. Returns an unsubscribe function. */
  onMenuCommand: (cb: (command: MenuCommand) => void): (() => void) =>
    subscribe<MenuCommand>(EVENTS.menuCommand, cb),
  /** Files opened from the command line, the OS, a second launch or Open Recent. Subscribing
   * also tells main the page is ready for files that arrived earlier. Returns an unsubscribe. */
  onOpenFile: (cb: (file: OpenedFile) => void): (() => void) => {
    const unsubscribe = subscribe<OpenedFile>(EVENTS.openFile, cb);
    void ipcRenderer.invoke(CHANNELS.rendererReady);
    return unsubscribe;
  },
} satisfies Record<PageApiKey, unknown>;

export type PipeScopeApi = typeof api;

contextBridge.exposeInMainWorld('pipescope', api);
