/**
 * PipeScope's Electron main process: the only module that imports 'electron' for real. It wires
 * the Electron-free pieces (controller, menu, protocol, IPC registration, hardening) to the real
 * app, window, dialogs and file system. Bundled by build/build-electron.mjs to dist/electron/main.cjs.
 */
import { readFile } from 'node:fs/promises';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  ClipboardItem,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  shell,
} from 'electron';
import { removeStaleTempFiles } from '../../node/atomic-write';
import { EVENTS, type MenuCommand, type OpenedFile } from '../contract';
import { APP_INDEX_URL, APP_SCHEME, createAppProtocolHandler } from './app-protocol';
import { filesFromArgv } from './argv';
import { type DiscardReason, ShellController } from './controller';
import { registerIpc } from './ipc';
import { aboutDetail, buildMenuTemplate, type Versions } from './menu';
import { RECENT_FILE_NAME, RecentFiles } from './recent-files';
import { createScenarioChecker } from './scenario-check';
import { createMainWindow, hardenWebContents, isPermissionAllowed } from './window';

const isDev = !app.isPackaged;
// The command line as launched (files named on it are opened once the window is up).
const launchArgv = [...process.argv];
// dist/electron/main.cjs: the preload sits beside it, the renderer build in dist/renderer.
const here = __dirname;
const rendererRoot = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, 'preload.cjs');
const iconPath = path.join(here, 'icon.png');
const checkWorkerPath = path.join(here, 'scenario-check-worker.cjs');

app.setName('PipeScope');
// Tests (and people who want a clean profile) point the user-data folder elsewhere.
if (process.env.PIPESCOPE_USER_DATA) app.setPath('userData', path.resolve(process.env.PIPESCOPE_USER_DATA));
// Every renderer is sandboxed, whatever a window's options say.
app.enableSandbox();

protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: {
      standard: true,
      secure: true,
      supportFetchAPI: true,
      corsEnabled: true,
      stream: true,
      codeCache: true,
    },
  },
]);

let mainWindow: BrowserWindow | null = null;
let closeConfirmed = false;
let quitting = false;

function currentWindow(): BrowserWindow | null {
  return mainWindow !== null && !mainWindow.isDestroyed() ? mainWindow : null;
}

const versions: Versions = {
  app: app.getVersion(),
  electron: process.versions.electron ?? '',
  chrome: process.versions.chrome ?? '',
  node: process.versions.node,
  v8: process.versions.v8,
};

const recent = new RecentFiles(fs, path.join(app.getPath('userData'), RECENT_FILE_NAME), process.platform);

const dialogs = {
  async showOpen(options: { defaultPath: string; filters: { name: string; extensions: string[] }[] }) {
    const win = currentWindow();
    const opts: Electron.OpenDialogOptions = {
      title: 'Open scenario',
      defaultPath: options.defaultPath,
      filters: [...options.filters, { name: 'All files', extensions: ['*'] }],
      properties: ['openFile'],
    };
    const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
    return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
  },
  async showOpenFiles(options: { defaultPath: string; filters: { name: string; extensions: string[] }[] }) {
    const win = currentWindow();
    const opts: Electron.OpenDialogOptions = {
      title: 'Open profiler traces',
      defaultPath: options.defaultPath,
      filters: [...options.filters, { name: 'All files', extensions: ['*'] }],
      properties: ['openFile', 'multiSelections'],
    };
    const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
    return r.canceled ? [] : r.filePaths;
  },
  async showSave(options: {
    title: string;
    defaultPath: string;
    filters: { name: string; extensions: string[] }[];
  }) {
    const win = currentWindow();
    const opts: Electron.SaveDialogOptions = {
      title: options.title,
      defaultPath: options.defaultPath,
      filters: options.filters,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
    return r.canceled || !r.filePath ? null : r.filePath;
  },
  async confirmDiscard(reason: DiscardReason, title: string) {
    const win = currentWindow();
    const opts: Electron.MessageBoxOptions = {
      type: 'warning',
      title: 'Unsaved changes',
      message: `${title} has unsaved changes.`,
      detail: 'They will be lost if you continue. To keep them, cancel and save first.',
      buttons: [reason === 'close' ? 'Close Without Saving' : 'Discard Changes', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    };
    const r = win ? await dialog.showMessageBox(win, opts) : await dialog.showMessageBox(opts);
    return r.response === 0;
  },
  showError(title: string, message: string) {
    const win = currentWindow();
    if (win)
      void dialog.showMessageBox(win, {
        type: 'error',
        title,
        message: title,
        detail: message,
        buttons: ['OK'],
      });
    else dialog.showErrorBox(title, message);
  },
};

function send(channel: (typeof EVENTS)[keyof typeof EVENTS], payload: MenuCommand | OpenedFile): boolean {
  const win = currentWindow();
  // No isLoading() check: the page asks for files (rendererReady) from its first render, which can
  // come before its load event; the handshake, not the load state, says when it listens.
  if (win === null) return false;
  win.webContents.send(channel, payload);
  return true;
}

/** Reads a byte range: a trace is read in chunks, never whole (it can be 500 MB). */
async function readRange(file: string, offset: number, length: number): Promise<Uint8Array> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    return bytesRead === length ? buffer : buffer.slice(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const controller = new ShellController({
  fs,
  // One write per copy, all of its formats at once (Electron's W3C-style clipboard).
  clipboard: {
    writePng: (bytes) =>
      clipboard.write([
        new ClipboardItem({ 'image/png': new Blob([Buffer.from(bytes)], { type: 'image/png' }) }),
      ]),
    // SVG as an image for vector editors, and as text for what takes SVG code (Markdown, slides).
    writeSvg: (text) =>
      clipboard.write([
        new ClipboardItem({
          'image/svg+xml': new Blob([text], { type: 'image/svg+xml' }),
          'text/plain': text,
        }),
      ]),
  },
  traceFs: { stat: (file) => fs.stat(file), readRange },
  dialogs,
  recent,
  send,
  setWindowTitle(title, dirty) {
    const win = currentWindow();
    if (!win) return;
    win.setTitle(title);
    if (process.platform === 'darwin') win.setDocumentEdited(dirty);
  },
  // In a worker thread: checking a large scenario here would freeze every window for seconds.
  checkScenarioText: createScenarioChecker(() => readFile(checkWorkerPath, 'utf8')),
  defaultDir: app.getPath('documents'),
  onRecentChanged: () => rebuildMenu(),
});

function showAbout(): void {
  const win = currentWindow();
  const opts: Electron.MessageBoxOptions = {
    type: 'info',
    title: 'About PipeScope',
    message: 'PipeScope',
    detail: aboutDetail(versions),
    buttons: ['OK'],
  };
  void (win ? dialog.showMessageBox(win, opts) : dialog.showMessageBox(opts));
}

function rebuildMenu(): void {
  const template = buildMenuTemplate({
    platform: process.platform,
    isDev,
    appName: 'PipeScope',
    recent: recent.list(),
    send: (command) => {
      if (!send(EVENTS.menuCommand, command) && currentWindow() === null) createWindow();
    },
    openRecent: (file) => void controller.openFromOutside(file),
    clearRecent: () => void controller.clearRecent(),
    showAbout,
    // The user guide ships with the app (electron-builder extraResources: outside the asar, so
    // the system's viewer can open it); unpackaged, it is the checkout's README.
    openDocs: () =>
      void shell.openPath(
        app.isPackaged
          ? path.join(process.resourcesPath, 'README.md')
          : path.join(app.getAppPath(), 'README.md'),
      ),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): BrowserWindow {
  const win = createMainWindow(BrowserWindow, { preloadPath, isDev, iconPath });
  mainWindow = win;
  closeConfirmed = false;
  win.once('ready-to-show', () => win.show());
  win.webContents.on('did-start-loading', () => controller.markRendererGone());
  win.webContents.on('render-process-gone', () => controller.markRendererGone());
  win.on('close', (event) => {
    if (closeConfirmed || !controller.dirty) return;
    event.preventDefault();
    void controller.confirmDiscard('close').then(({ proceed }) => {
      if (!proceed) {
        quitting = false;
        return;
      }
      closeConfirmed = true;
      if (quitting) app.quit();
      else win.close();
    });
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
    controller.markRendererGone();
  });
  void win.loadURL(APP_INDEX_URL);
  return win;
}

function focusWindow(): void {
  const win = currentWindow() ?? createWindow();
  if (win.isMinimized()) win.restore();
  win.focus();
}

function openFiles(files: readonly string[]): void {
  // One document at a time: the last file named wins.
  const last = files.at(-1);
  if (last !== undefined) void controller.openFromOutside(last);
}

if (!app.requestSingleInstanceLock()) {
  // Another PipeScope is running: it receives our argv through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    focusWindow();
    openFiles(filesFromArgv(argv, { isPackaged: app.isPackaged, cwd: workingDirectory }));
  });

  // macOS: files opened from Finder or dropped on the Dock icon (may arrive before 'ready').
  app.on('open-file', (event, file) => {
    event.preventDefault();
    if (app.isReady()) focusWindow();
    void controller.openFromOutside(file);
  });

  app.on('web-contents-created', (_event, contents) => {
    // hardenWebContents hands over only URLs that passed checkExternalUrl (https, no credentials).
    hardenWebContents(contents, (url) => void shell.openExternal(url)); // eng-disable OPEN_EXTERNAL_JS_CHECK
  });

  app.on('before-quit', () => {
    quitting = true;
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (currentWindow() === null) createWindow();
  });

  void app.whenReady().then(async () => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
      callback(isPermissionAllowed(permission, details.requestingUrl));
    });
    ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
      isPermissionAllowed(permission, requestingOrigin),
    );
    // The CSP travels with every document the app:// handler serves (see app-protocol.ts).
    protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler({ root: rendererRoot, readFile: (file) => readFile(file) }),
    );

    registerIpc(ipcMain, controller.handlers(), () => currentWindow()?.webContents.id ?? null);
    await recent.load();
    // Saves killed last time (crash, power loss) may have left temporary files beside the files
    // the user works on; clean them up in the background.
    void removeStaleTempFiles(
      fs,
      recent.list().map((file) => path.dirname(file)),
    );
    rebuildMenu();
    createWindow();
    openFiles(filesFromArgv(launchArgv, { isPackaged: app.isPackaged, cwd: process.cwd() }));
  });
}
