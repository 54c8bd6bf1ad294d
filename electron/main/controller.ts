/**
 * The desktop shell's document logic, independent of Electron: what the IPC handlers do, how
 * files from outside (command line, OS, second launch, Open Recent) reach the page, and when to
 * ask about unsaved changes. Every dependency (file system, dialogs, the window) is injected, so
 * this runs under plain Node in tests; electron/main/index.ts supplies the real ones.
 */
import path from 'node:path';
import {
  CHANNELS,
  type Channel,
  type DiscardDecision,
  type DocumentState,
  EVENTS,
  type ExportKind,
  type ExportResult,
  type IpcFailure,
  type IpcResult,
  type MenuCommand,
  type OpenedFile,
  type OpenedTrace,
  type OpenedTraces,
  type SaveScenarioResult,
  TRACE_CHUNK_BYTES,
  type TraceChunkResult,
} from '../contract';
import { type AtomicWriteFs, writeFileAtomic } from '../../node/atomic-write';
import {
  describeFsError,
  isOpenableName,
  type ReadFs,
  readScenarioFile,
  withScenarioExtension,
} from './files';
import type { RecentFiles } from './recent-files';
import type { ScenarioCheck } from './scenario-check';
import {
  checkClipboardImage,
  checkDocumentState,
  checkExportRequest,
  checkFilePath,
  checkSaveRequest,
  checkTraceChunkRequest,
} from './validate';
import { windowTitle } from './window';

export interface FileFilter {
  name: string;
  extensions: string[];
}

export const SCENARIO_FILTERS: FileFilter[] = [
  { name: 'PipeScope scenario', extensions: ['pipescope.json', 'pipescope', 'json'] },
  { name: 'PipeScope SVG (scenario embedded)', extensions: ['svg'] },
];

export const TRACE_FILTERS: FileFilter[] = [
  { name: 'PyTorch profiler trace (JSON, gzipped JSON)', extensions: ['json', 'gz'] },
];

export const EXPORT_FILTERS: Record<ExportKind, FileFilter> = {
  svg: { name: 'SVG image', extensions: ['svg'] },
  png: { name: 'PNG image', extensions: ['png'] },
  'chrome-trace': { name: 'Perfetto / Chrome trace (JSON)', extensions: ['json'] },
  csv: { name: 'CSV table', extensions: ['csv'] },
};

export type DiscardReason = 'close' | 'open' | 'new';

export interface ShellDialogs {
  /** Resolves to the chosen path, or null when cancelled. */
  showOpen(options: { defaultPath: string; filters: FileFilter[] }): Promise<string | null>;
  /** Several files at once (Open Trace: one per rank); empty when cancelled. */
  showOpenFiles(options: { defaultPath: string; filters: FileFilter[] }): Promise<string[]>;
  showSave(options: { title: string; defaultPath: string; filters: FileFilter[] }): Promise<string | null>;
  /** "Discard unsaved changes to <title>?" Resolves true to discard, false to keep them. */
  confirmDiscard(reason: DiscardReason, title: string): Promise<boolean>;
  showError(title: string, message: string): void;
}

/** Reading a byte range of a file (node:fs/promises' open + read + close in the app). */
export interface TraceFs {
  stat(file: string): Promise<{ isFile(): boolean; size: number }>;
  /** Up to `length` bytes from `offset` (fewer at the end of the file, none after it). */
  readRange(file: string, offset: number, length: number): Promise<Uint8Array>;
}

/** The system clipboard (Electron's clipboard and nativeImage in the app). */
export interface ShellClipboard {
  writePng(bytes: Uint8Array): Promise<void>;
  writeSvg(text: string): Promise<void>;
}

export interface ShellDeps {
  fs: ReadFs & AtomicWriteFs;
  clipboard: ShellClipboard;
  traceFs: TraceFs;
  dialogs: ShellDialogs;
  recent: RecentFiles;
  /** Sends an event to the window's page; false when there is no window to send to. */
  send(channel: (typeof EVENTS)[keyof typeof EVENTS], payload: MenuCommand | OpenedFile): boolean;
  setWindowTitle(title: string, dirty: boolean): void;
  /** core/format's loadScenario, reduced to ok / first errors: what Save refuses to write. Off
   * the main thread in the app (scenario-check.ts): a large scenario takes seconds to check. */
  checkScenarioText(text: string): Promise<ScenarioCheck>;
  /** Folder proposed by the first Open/Save dialog (e.g. Documents). */
  defaultDir: string;
  /** Called whenever the recent list changes (the menu rebuilds Open Recent). */
  onRecentChanged(): void;
}

const CANCELED: IpcFailure = { ok: false, error: 'Canceled.', canceled: true };

export class ShellController {
  private document: DocumentState = { title: 'Untitled', dirty: false };
  private rendererReady = false;
  /** A file that arrived before the page could take it (only the last one: one document). */
  private pending: string | null = null;
  /** Paths the user chose or opened; Save writes only to these (a page cannot pick a path). */
  private readonly granted = new Set<string>();
  private lastDir: string;
  /** The page already asked (confirmDiscard) before an open it is about to request, e.g. for a
   * dropped file: the next open must not ask a second time. Cleared by any document change. */
  private discardApproved = false;
  /** Traces the user chose, by the token the page reads them with (it never names a path). */
  private readonly traces = new Map<string, string>();
  private traceCount = 0;

  constructor(private readonly deps: ShellDeps) {
    this.lastDir = deps.defaultDir;
  }

  get dirty(): boolean {
    return this.document.dirty;
  }

  get title(): string {
    return this.document.title;
  }

  isGranted(file: string): boolean {
    return this.granted.has(path.resolve(file));
  }

  /** The handlers behind every request channel. Each validates its payload and never throws
   * for user-caused failures (the IPC layer still catches anything unexpected). */
  handlers(): Record<Channel, (payload: unknown) => Promise<unknown>> {
    return {
      [CHANNELS.openScenario]: () => this.openScenario(),
      [CHANNELS.openDropped]: (p) => this.openDropped(p),
      [CHANNELS.saveScenario]: (p) => this.saveScenario(p),
      [CHANNELS.exportFile]: (p) => this.exportFile(p),
      [CHANNELS.setDocumentState]: async (p) => this.setDocumentState(p),
      [CHANNELS.confirmDiscard]: () => this.confirmDiscardForPage(),
      [CHANNELS.rendererReady]: async () => this.markRendererReady(),
      [CHANNELS.openTrace]: () => this.openTrace(),
      [CHANNELS.readTraceChunk]: (p) => this.readTraceChunk(p),
      [CHANNELS.copyImage]: (p) => this.copyImage(p),
    };
  }

  setDocumentState(payload: unknown): IpcResult {
    const checked = checkDocumentState(payload);
    if (!checked.ok) return { ok: false, error: checked.error };
    this.document = checked.value;
    this.discardApproved = false;
    this.deps.setWindowTitle(windowTitle(checked.value.title, checked.value.dirty), checked.value.dirty);
    return { ok: true };
  }

  /** Asks only when there is something unsaved (and, for an open, not already approved). */
  async confirmDiscard(reason: DiscardReason): Promise<DiscardDecision> {
    if (!this.document.dirty) return { proceed: true };
    if (reason === 'open' && this.discardApproved) {
      this.discardApproved = false;
      return { proceed: true };
    }
    return { proceed: await this.deps.dialogs.confirmDiscard(reason, this.document.title) };
  }

  /** The page asks before New or before handing main a dropped file. */
  private async confirmDiscardForPage(): Promise<DiscardDecision> {
    const decision = await this.confirmDiscard('new');
    if (decision.proceed && this.document.dirty) this.discardApproved = true;
    return decision;
  }

  async openScenario(): Promise<IpcResult<OpenedFile>> {
    if (!(await this.confirmDiscard('open')).proceed) return CANCELED;
    const chosen = await this.deps.dialogs.showOpen({ defaultPath: this.lastDir, filters: SCENARIO_FILTERS });
    if (chosen === null) return CANCELED;
    return this.readAndGrant(chosen);
  }

  async openDropped(payload: unknown): Promise<IpcResult<OpenedFile>> {
    if (payload === '') return { ok: false, error: 'The dropped item is not a file on disk.' };
    const checked = checkFilePath(payload, 'dropped file');
    if (!checked.ok) return { ok: false, error: checked.error };
    if (!path.isAbsolute(checked.value))
      return { ok: false, error: 'The dropped item is not a file on disk.' };
    if (!isOpenableName(checked.value)) {
      return {
        ok: false,
        error: `${path.basename(checked.value)} is not a PipeScope scenario (.pipescope.json, .pipescope, .json or an exported .svg).`,
      };
    }
    if (!(await this.confirmDiscard('open')).proceed) return CANCELED;
    return this.readAndGrant(checked.value);
  }

  /** Traces to read beside the document: no question about unsaved changes, nothing granted for saving. */
  async openTrace(): Promise<IpcResult<OpenedTraces>> {
    const chosen = await this.deps.dialogs.showOpenFiles({
      defaultPath: this.lastDir,
      filters: TRACE_FILTERS,
    });
    if (chosen.length === 0) return CANCELED;
    const traces: OpenedTrace[] = [];
    for (const file of chosen) {
      const target = path.resolve(file);
      try {
        const info = await this.deps.traceFs.stat(target);
        if (!info.isFile()) return { ok: false, error: `Could not open ${target}: it is not a file.` };
        const token = `trace-${++this.traceCount}`;
        this.traces.set(token, target);
        traces.push({ token, name: path.basename(target), size: info.size });
      } catch (error) {
        return { ok: false, error: describeFsError(error, 'read', target) };
      }
      this.lastDir = path.dirname(target);
    }
    return { ok: true, traces };
  }

  async readTraceChunk(payload: unknown): Promise<TraceChunkResult> {
    const checked = checkTraceChunkRequest(payload);
    if (!checked.ok) return { ok: false, error: checked.error };
    const file = this.traces.get(checked.value.token);
    if (file === undefined)
      return { ok: false, error: 'Refused: that trace was not opened with Open Trace in this window.' };
    try {
      const bytes = await this.deps.traceFs.readRange(file, checked.value.offset, TRACE_CHUNK_BYTES);
      return { ok: true, bytes };
    } catch (error) {
      return { ok: false, error: describeFsError(error, 'read', file) };
    }
  }

  async saveScenario(payload: unknown): Promise<SaveScenarioResult> {
    const checked = checkSaveRequest(payload);
    if (!checked.ok) return { ok: false, error: checked.error };
    const { path: requested, text, suggestedName } = checked.value;
    const valid = await this.deps.checkScenarioText(text);
    if (!valid.ok) return { ok: false, error: `Not saved: the scenario is not valid. ${valid.error}` };
    let target: string;
    if (requested !== null) {
      if (!this.isGranted(requested)) {
        return {
          ok: false,
          error: `Not saved: PipeScope only writes to files you opened or chose in a dialog; use Save As... for ${requested}.`,
        };
      }
      target = path.resolve(requested);
    } else {
      const chosen = await this.deps.dialogs.showSave({
        title: 'Save scenario',
        defaultPath: path.join(this.lastDir, suggestedName ?? 'untitled.pipescope.json'),
        filters: SCENARIO_FILTERS.slice(0, 1),
      });
      if (chosen === null) return CANCELED;
      target = path.resolve(withScenarioExtension(chosen));
    }
    try {
      await writeFileAtomic(this.deps.fs, target, text);
    } catch (error) {
      return { ok: false, error: describeFsError(error, 'write', target) };
    }
    this.grant(target);
    await this.rememberRecent(target);
    return { ok: true, path: target, name: path.basename(target) };
  }

  /** The chart on the clipboard: a PNG as an image, an SVG as its text. */
  async copyImage(payload: unknown): Promise<IpcResult> {
    const checked = checkClipboardImage(payload);
    if (!checked.ok) return { ok: false, error: checked.error };
    try {
      if (checked.value.kind === 'png') await this.deps.clipboard.writePng(checked.value.data);
      else await this.deps.clipboard.writeSvg(checked.value.data);
    } catch (error) {
      return {
        ok: false,
        error: `The clipboard refused the chart: ${error instanceof Error ? error.message : error}`,
      };
    }
    return { ok: true };
  }

  async exportFile(payload: unknown): Promise<ExportResult> {
    const checked = checkExportRequest(payload);
    if (!checked.ok) return { ok: false, error: checked.error };
    const { kind, suggestedName, data } = checked.value;
    const chosen = await this.deps.dialogs.showSave({
      title: `Export ${EXPORT_FILTERS[kind].name}`,
      defaultPath: path.join(this.lastDir, suggestedName),
      filters: [EXPORT_FILTERS[kind]],
    });
    if (chosen === null) return CANCELED;
    const target = path.resolve(chosen);
    try {
      await writeFileAtomic(this.deps.fs, target, data);
    } catch (error) {
      return { ok: false, error: describeFsError(error, 'write', target) };
    }
    this.lastDir = path.dirname(target);
    return { ok: true, path: target };
  }

  /**
   * A file from outside the page: the command line, the OS (macOS open-file, file association),
   * a second launch, or the Open Recent menu. Before the page listens it is kept for later;
   * afterwards unsaved changes are confirmed, the file read, and errors shown in a dialog (there
   * is no page request to answer).
   */
  async openFromOutside(file: string): Promise<void> {
    const target = path.resolve(file);
    if (!this.rendererReady) {
      this.pending = target;
      return;
    }
    if (!(await this.confirmDiscard('open')).proceed) return;
    await this.deliver(target);
  }

  /** The page subscribed to open-file events: hand it what arrived earlier. */
  async markRendererReady(): Promise<void> {
    this.rendererReady = true;
    const pending = this.pending;
    this.pending = null;
    if (pending !== null) await this.deliver(pending);
  }

  /** The page is reloading or gone: hold files until it subscribes again. */
  markRendererGone(): void {
    this.rendererReady = false;
  }

  async clearRecent(): Promise<void> {
    await this.deps.recent.clear();
    this.deps.onRecentChanged();
  }

  private async deliver(file: string): Promise<void> {
    const result = await this.readAndGrant(file);
    if (!result.ok) {
      this.deps.dialogs.showError('Could not open the file', result.error);
      return;
    }
    if (!this.deps.send(EVENTS.openFile, { path: result.path, name: result.name, bytes: result.bytes })) {
      this.pending = file;
      this.rendererReady = false;
    }
  }

  private async readAndGrant(file: string): Promise<IpcResult<OpenedFile>> {
    const target = path.resolve(file);
    const read = await readScenarioFile(this.deps.fs, target);
    if (!read.ok) {
      if (read.missing && this.deps.recent.has(target)) {
        await this.deps.recent.remove(target);
        this.deps.onRecentChanged();
      }
      return { ok: false, error: read.error };
    }
    this.grant(target);
    await this.rememberRecent(target);
    return { ok: true, ...read.file };
  }

  private grant(file: string): void {
    this.granted.add(path.resolve(file));
    this.lastDir = path.dirname(file);
  }

  private async rememberRecent(file: string): Promise<void> {
    await this.deps.recent.add(file);
    this.deps.onRecentChanged();
  }
}
