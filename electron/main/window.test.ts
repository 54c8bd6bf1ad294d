import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  type HardenableContents,
  hardenWebContents,
  isPermissionAllowed,
  isTrustedSender,
  createMainWindow,
  windowTitle,
} from './window';

class FakeWindow {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}

function optionsFor(input: { preloadPath: string; isDev: boolean }): BrowserWindowConstructorOptions {
  return createMainWindow(FakeWindow, input).options;
}

describe('createMainWindow', () => {
  it('isolates and sandboxes the page with no Node access, following the security checklist', () => {
    const prefs = optionsFor({ preloadPath: '/app/dist/electron/preload.cjs', isDev: false }).webPreferences!;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.preload).toBe('/app/dist/electron/preload.cjs');
    expect(prefs.devTools).toBe(false);
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.enableWebSQL).toBe(false);
    expect(prefs.safeDialogs).toBe(true);
  });

  it('keeps dev tools for development builds only', () => {
    expect(optionsFor({ preloadPath: 'p', isDev: true }).webPreferences!.devTools).toBe(true);
  });

  it('waits for the first paint before showing the window', () => {
    expect(optionsFor({ preloadPath: 'p', isDev: false }).show).toBe(false);
  });
});

type Listener = (event: { preventDefault(): void }, url: string) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  const contents: HardenableContents = {
    on: ((event: string, listener: Listener) => {
      listeners.set(event, listener);
    }) as HardenableContents['on'],
    setWindowOpenHandler: (h) => {
      openHandler = h;
    },
  };
  const fire = (event: string, url = '') => {
    const e = { preventDefault: vi.fn() };
    listeners.get(event)!(e, url);
    return e.preventDefault.mock.calls.length > 0;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('hardenWebContents', () => {
  it('prevents every navigation and hands only https links to the system browser', () => {
    const opened: string[] = [];
    const f = fakeContents();
    hardenWebContents(f.contents, (url) => opened.push(url));
    expect(f.fire('will-navigate', 'https://pytorch.org/docs')).toBe(true);
    expect(f.fire('will-navigate', 'http://example.com')).toBe(true);
    expect(f.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(f.fire('will-navigate', 'app://pipescope/other.html')).toBe(true);
    expect(opened).toEqual(['https://pytorch.org/docs']);
  });

  it('denies every new window, opening https targets externally', () => {
    const opened: string[] = [];
    const f = fakeContents();
    hardenWebContents(f.contents, (url) => opened.push(url));
    expect(f.open('https://github.com/deepseek-ai/DualPipe')).toEqual({ action: 'deny' });
    expect(f.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(f.open('smb://share/x')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://github.com/deepseek-ai/DualPipe']);
  });

  it('blocks redirects and <webview> attachment', () => {
    const f = fakeContents();
    hardenWebContents(f.contents, () => {});
    expect(f.fire('will-redirect', 'https://x')).toBe(true);
    expect(f.fire('will-attach-webview')).toBe(true);
  });
});

describe('isTrustedSender', () => {
  const ok = { sender: { id: 7 }, senderFrame: { url: 'app://pipescope/index.html', parent: null } };

  it('accepts our window top frame showing our page', () => {
    expect(isTrustedSender(ok, 7)).toBe(true);
  });

  it('rejects another webContents, a subframe, a foreign origin, a destroyed frame, or no window', () => {
    expect(isTrustedSender({ ...ok, sender: { id: 8 } }, 7)).toBe(false);
    expect(isTrustedSender({ ...ok, senderFrame: { url: ok.senderFrame.url, parent: {} } }, 7)).toBe(false);
    expect(isTrustedSender({ ...ok, senderFrame: { url: 'https://evil.example/', parent: null } }, 7)).toBe(
      false,
    );
    expect(isTrustedSender({ ...ok, senderFrame: { url: 'file:///tmp/x.html', parent: null } }, 7)).toBe(
      false,
    );
    expect(isTrustedSender({ ...ok, senderFrame: { url: 'app://evil/index.html', parent: null } }, 7)).toBe(
      false,
    );
    expect(isTrustedSender({ ...ok, senderFrame: null }, 7)).toBe(false);
    expect(isTrustedSender(ok, null)).toBe(false);
  });
});

describe('permissions', () => {
  it('grants only clipboard writes, and only to our page', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://pipescope/index.html')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://pipescope')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'fileSystem',
    ]) {
      expect(isPermissionAllowed(p, 'app://pipescope/index.html'), p).toBe(false);
    }
  });
});

describe('windowTitle', () => {
  it('shows the file name, and a leading marker when there are unsaved changes', () => {
    expect(windowTitle('deepseek-v3.pipescope.json', false)).toBe('deepseek-v3.pipescope.json — PipeScope');
    expect(windowTitle('deepseek-v3.pipescope.json', true)).toBe('• deepseek-v3.pipescope.json — PipeScope');
    expect(windowTitle('  ', true)).toBe('• Untitled — PipeScope');
  });
});
