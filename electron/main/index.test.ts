/**
 * The real entry's wiring, with 'electron' replaced by a fake (this machine has no Electron
 * runtime, and no test may import it unmocked): schemes registered before ready, single-instance
 * lock, permissions, protocol, one IPC handler per channel, the hardened window loading app://,
 * files from argv, the menu, and the close question.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { STALE_TEMP_AGE_MS, tempPathFor } from '../../node/atomic-write';
import { CHANNELS, EVENTS } from '../contract';

const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  const state = {
    userData: '',
    order: [] as string[],
    appListeners: new Map<string, Listener>(),
    ipc: new Map<string, Listener>(),
    windows: [] as FakeWindow[],
    menuTemplate: null as unknown[] | null,
    protocolHandlers: new Map<string, (r: Request) => Promise<Response>>(),
    privileged: [] as unknown[],
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    messageBoxes: [] as unknown[],
    messageBoxAnswer: 1,
    resolveReady: () => {},
    quit: 0,
    external: [] as string[],
  };
  class FakeContents {
    static nextId = 1;
    id = FakeContents.nextId++;
    listeners = new Map<string, Listener>();
    sent: [string, unknown][] = [];
    openHandler: Listener | null = null;
    on(event: string, l: Listener) {
      this.listeners.set(event, l);
    }
    setWindowOpenHandler(h: Listener) {
      this.openHandler = h;
    }
    send(channel: string, payload: unknown) {
      this.sent.push([channel, payload]);
    }
    isLoading() {
      return true; // the page may subscribe before its load event: delivery must not wait for it
    }
  }
  class FakeWindow {
    webContents = new FakeContents();
    listeners = new Map<string, Listener[]>();
    url = '';
    title = '';
    closed = false;
    constructor(readonly options: Record<string, unknown>) {
      state.windows.push(this);
      state.order.push('window');
    }
    on(event: string, l: Listener) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]);
    }
    once(event: string, l: Listener) {
      this.on(event, l);
    }
    emit(event: string, ...args: unknown[]) {
      for (const l of this.listeners.get(event) ?? []) l(...args);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return this.closed;
    }
    setTitle(t: string) {
      this.title = t;
    }
    setDocumentEdited() {}
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
    show() {}
    close() {
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      this.emit('close', event);
      if (!event.defaultPrevented) {
        this.closed = true;
        this.emit('closed');
      }
    }
  }
  return { state, FakeWindow, FakeContents };
});

vi.mock('electron', () => {
  const { state, FakeWindow } = fake;
  const ready = new Promise<void>((resolve) => {
    state.resolveReady = resolve;
  });
  return {
    app: {
      isPackaged: false,
      setName: () => {},
      setPath: () => {},
      getPath: (name: string) => path.join(state.userData, name),
      getVersion: () => '0.1.0',
      enableSandbox: () => state.order.push('enableSandbox'),
      requestSingleInstanceLock: () => {
        state.order.push('lock');
        return true;
      },
      on: (event: string, l: (...args: unknown[]) => unknown) => state.appListeners.set(event, l),
      whenReady: () => ready,
      isReady: () => true,
      quit: () => state.quit++,
    },
    BrowserWindow: FakeWindow,
    dialog: {
      showMessageBox: async (...args: unknown[]) => {
        state.messageBoxes.push(args.at(-1));
        return { response: state.messageBoxAnswer, checkboxChecked: false };
      },
      showErrorBox: () => {},
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true }),
    },
    ipcMain: {
      handle: (channel: string, l: (...args: unknown[]) => unknown) => state.ipc.set(channel, l),
      removeHandler: (channel: string) => state.ipc.delete(channel),
    },
    Menu: {
      buildFromTemplate: (t: unknown[]) => {
        state.menuTemplate = t;
        return t;
      },
      setApplicationMenu: () => {},
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        state.order.push('schemes');
        state.privileged.push(...schemes);
      },
      handle: (scheme: string, h: (r: Request) => Promise<Response>) => state.protocolHandlers.set(scheme, h),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: (...args: unknown[]) => unknown) => {
          state.permissionRequest = h;
        },
        setPermissionCheckHandler: (h: (...args: unknown[]) => unknown) => {
          state.permissionCheck = h;
        },
      },
    },
    shell: {
      openExternal: async (url: string) => {
        state.external.push(url);
      },
    },
  };
});

const { state } = fake;
let dir: string;
let argvFile: string;
const savedArgv = process.argv;
/** Left in a recent file's folder by a save killed in an earlier session (and a fresh one). */
let staleTemp: string;
let freshTemp: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pipescope-index-'));
  state.userData = dir;
  argvFile = path.join(dir, 'from-argv.pipescope.json');
  await fs.writeFile(argvFile, '{"format": "pipescope-scenario", "version": 1}\n');
  const work = path.join(dir, 'work');
  await fs.mkdir(work);
  await fs.mkdir(path.join(dir, 'userData'));
  await fs.writeFile(
    path.join(dir, 'userData', 'recent-files.json'),
    JSON.stringify({ version: 1, files: [path.join(work, 'plan.pipescope.json')] }),
  );
  const deadPid = 4_194_304; // above any pid_max: no such process
  staleTemp = tempPathFor(path.join(work, 'plan.pipescope.json'), 'aaaaaaaaaaaa', deadPid);
  freshTemp = tempPathFor(path.join(work, 'plan.pipescope.json'), 'bbbbbbbbbbbb', deadPid);
  await fs.writeFile(staleTemp, 'half a save');
  await fs.writeFile(freshTemp, 'half a save');
  const old = new Date(Date.now() - 2 * STALE_TEMP_AGE_MS);
  await fs.utimes(staleTemp, old, old);
  process.argv = ['/usr/bin/electron', '--inspect=0', '.', argvFile];
  await import('./index');
  process.argv = savedArgv;
  state.resolveReady();
  await vi.waitFor(() => expect(state.windows).toHaveLength(1));
});

afterAll(async () => {
  process.argv = savedArgv;
  await fs.rm(dir, { recursive: true, force: true });
});

const win = () => state.windows[0];
const trusted = () => ({
  sender: { id: win().webContents.id },
  senderFrame: { url: 'app://pipescope/index.html', parent: null },
});

describe('electron/main/index.ts', () => {
  it('registers the app:// scheme as privileged and sandboxes everything before the app is ready', () => {
    expect(state.order.slice(0, 3).sort()).toEqual(['enableSandbox', 'lock', 'schemes'].sort());
    expect(state.privileged).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
  });

  it('creates one hardened window loading the built renderer over app://', () => {
    const prefs = win().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(win().url).toBe('app://pipescope/index.html');
  });

  it('serves the renderer through the protocol handler', async () => {
    const handler = state.protocolHandlers.get('app')!;
    expect((await handler(new Request('app://pipescope/%2e%2e%2f%2e%2e%2fetc%2fpasswd'))).status).toBe(404);
  });

  it('denies permissions except clipboard writes from our page', () => {
    let granted: boolean | null = null;
    state.permissionRequest!(null, 'media', (g: boolean) => (granted = g), {
      requestingUrl: 'app://pipescope/',
    });
    expect(granted).toBe(false);
    expect(state.permissionCheck!(null, 'clipboard-sanitized-write', 'app://pipescope')).toBe(true);
    expect(state.permissionCheck!(null, 'geolocation', 'app://pipescope')).toBe(false);
  });

  it('handles every contract channel and refuses requests from other senders', async () => {
    expect([...state.ipc.keys()].sort()).toEqual(Object.values(CHANNELS).sort());
    const answer = await state.ipc.get(CHANNELS.confirmDiscard)!(trusted());
    expect(answer).toEqual({ proceed: true });
    const refused = await state.ipc.get(CHANNELS.confirmDiscard)!({
      sender: { id: 999 },
      senderFrame: { url: 'app://pipescope/index.html', parent: null },
    });
    expect(refused).toMatchObject({ ok: false });
  });

  it('delivers the file named on the command line once the page subscribes', async () => {
    expect(win().webContents.sent).toEqual([]);
    await state.ipc.get(CHANNELS.rendererReady)!(trusted());
    await vi.waitFor(() =>
      expect(win().webContents.sent).toEqual([
        [EVENTS.openFile, expect.objectContaining({ path: argvFile, name: 'from-argv.pipescope.json' })],
      ]),
    );
  });

  it('builds the native menu and sends its commands to the page', () => {
    const file = (
      state.menuTemplate as { label?: string; submenu?: { id?: string; click?: () => void }[] }[]
    ).find((m) => m.label === '&File')!;
    file.submenu!.find((i) => i.id === 'command:save')!.click!();
    expect(win().webContents.sent.at(-1)).toEqual([EVENTS.menuCommand, 'save']);
  });

  it('forwards a second launch’s file to the running window', async () => {
    const second = path.join(dir, 'second.pipescope.json');
    await fs.writeFile(second, '{"format": "pipescope-scenario", "version": 1}\n');
    state.appListeners.get('second-instance')!(
      {},
      ['/opt/PipeScope/pipescope', '.', 'second.pipescope.json'],
      dir,
    );
    await vi.waitFor(() =>
      expect(win().webContents.sent.at(-1)).toEqual([
        EVENTS.openFile,
        expect.objectContaining({ path: second }),
      ]),
    );
  });

  it('titles the window from setDocumentState and asks before closing with unsaved changes', async () => {
    await state.ipc.get(CHANNELS.setDocumentState)!(trusted(), { title: 'plan.pipescope.json', dirty: true });
    expect(win().title).toBe('• plan.pipescope.json — PipeScope');
    state.messageBoxAnswer = 1; // Cancel
    win().close();
    await vi.waitFor(() => expect(state.messageBoxes).toHaveLength(1));
    expect(win().closed).toBe(false);
    state.messageBoxAnswer = 0; // Close Without Saving
    win().close();
    await vi.waitFor(() => expect(win().closed).toBe(true));
    expect(state.messageBoxes).toHaveLength(2);
  });

  it('removes temporary files of saves killed in an earlier session from the recent files’ folders', async () => {
    await vi.waitFor(async () => expect(await exists(staleTemp)).toBe(false));
    expect(await exists(freshTemp)).toBe(true);
  });

  it('hardens every web contents the app creates (web-contents-created)', () => {
    const listener = state.appListeners.get('web-contents-created');
    expect(listener).toBeTypeOf('function');
    const contents = new fake.FakeContents();
    listener!({}, contents);
    let prevented = false;
    contents.listeners.get('will-navigate')!(
      { preventDefault: () => (prevented = true) },
      'https://evil.example/',
    );
    expect(prevented).toBe(true);
    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('hands only https links to the system browser (shell.openExternal)', async () => {
    const contents = new fake.FakeContents();
    state.appListeners.get('web-contents-created')!({}, contents);
    state.external.length = 0;
    for (const url of [
      'file:///etc/passwd',
      'smb://share/x',
      'javascript:alert(1)',
      'https://pytorch.org/',
    ]) {
      contents.openHandler!({ url });
    }
    await vi.waitFor(() => expect(state.external).toEqual(['https://pytorch.org/']));
  });
});

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
