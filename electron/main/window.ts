/**
 * The main window's hardening, after Electron's security checklist: isolated, sandboxed, no Node
 * in the page, web security on, a CSP, no navigation away from the app, no new windows, no
 * <webview>, permissions denied, and https-only external links (opened in the system browser).
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_ORIGIN } from './app-protocol';
import { checkExternalUrl } from './validate';

export interface WindowOptionsInput {
  preloadPath: string;
  /** Development builds keep the dev tools available (View menu); packaged ones do not. */
  isDev: boolean;
  iconPath?: string;
}

/**
 * Creates the main window. The constructor is a parameter so that tests can capture the exact
 * options; the options are one literal here so that Electronegativity's static checks see them.
 */
export function createMainWindow<W>(
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W,
  input: WindowOptionsInput,
): W {
  return new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 800,
    minHeight: 560,
    title: 'PipeScope',
    show: false,
    backgroundColor: '#1e1e1e',
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      // Reviewed: the preload exposes only ipcRenderer.invoke wrappers and event subscriptions.
      preload: input.preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      enableWebSQL: false,
      safeDialogs: true,
      spellcheck: false,
      // A middle click would otherwise try to open a link in a new window.
      disableBlinkFeatures: 'Auxclick',
      devTools: input.isDev,
    },
  });
}

/** The few permissions the page may use: writing to the clipboard (copy a figure or a table). */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** The parts of Electron's WebContents that hardening touches (structural, for tests). */
export interface HardenableContents {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Denies every navigation and window.open. An https link the user clicks (target=_blank or a
 * plain anchor) is handed to the system browser instead; everything else is dropped.
 */
export function hardenWebContents(contents: HardenableContents, openExternal: (url: string) => void): void {
  const sendOut = (url: string) => {
    const checked = checkExternalUrl(url);
    if (checked.ok) openExternal(checked.value);
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    sendOut(url);
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    sendOut(url);
    return { action: 'deny' };
  });
}

/** What an IPC event says about who sent it (structural: Electron's IpcMainInvokeEvent). */
export interface IpcSenderInfo {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * True only for our window's top frame showing our own page: the webContents id must be the
 * main window's and the frame's origin app://pipescope. Anything else (a destroyed window's
 * frame, a subframe, a page that somehow navigated elsewhere) is refused.
 */
export function isTrustedSender(event: IpcSenderInfo, mainContentsId: number | null): boolean {
  if (mainContentsId === null || event.sender.id !== mainContentsId) return false;
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

/** "• name — PipeScope": the unsaved marker leads so it stays visible in truncated task bars. */
export function windowTitle(title: string, dirty: boolean): string {
  const name = title.trim() === '' ? 'Untitled' : title.trim();
  return `${dirty ? '• ' : ''}${name} — PipeScope`;
}
