/**
 * The preload is the page's only door to the main process. With 'electron' replaced by a fake (no
 * runtime here, and no test may import it unmocked): what it exposes is exactly one function per
 * contract channel, each an ipcRenderer.invoke of its own channel; subscriptions hand the page the
 * payload only (an IpcRendererEvent's `sender` would give it ipcRenderer); nothing else leaks.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENTS, PAGE_API_KEYS } from '../contract';

const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as unknown[][],
  listeners: new Map<string, ((event: unknown, payload: unknown) => void)[]>(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      fake.invoked.push(args);
      return { ok: true };
    },
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      fake.listeners.set(channel, [...(fake.listeners.get(channel) ?? []), listener]);
    },
    removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      fake.listeners.set(
        channel,
        (fake.listeners.get(channel) ?? []).filter((l) => l !== listener),
      );
    },
  },
  webUtils: { getPathForFile: () => '/dropped/plan.pipescope.json' },
}));

type Api = Record<string, unknown>;
let api: Api;

beforeAll(async () => {
  await import('./index');
  api = fake.exposed.get('pipescope') as Api;
});

describe('electron/preload', () => {
  it('exposes one object, window.pipescope, with exactly the methods the page uses', () => {
    expect([...fake.exposed.keys()]).toEqual(['pipescope']);
    expect(Object.keys(api).sort()).toEqual([...PAGE_API_KEYS].sort());
    for (const value of Object.values(api)) {
      expect(['function', 'boolean', 'string']).toContain(typeof value);
    }
  });

  it('turns each method into an invoke of its own channel with the payload alone', async () => {
    fake.invoked.length = 0;
    const call = (name: string, ...args: unknown[]) =>
      (api[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    await call('openScenario');
    await call('openDroppedFile', {});
    await call('saveScenario', { path: null, text: '{}' });
    await call('exportFile', { kind: 'csv', suggestedName: 'a.csv', data: 'x' });
    await call('setDocumentState', { title: 't', dirty: false });
    await call('confirmDiscard');
    await call('copyImage', { kind: 'svg', data: '<svg/>' });
    expect(fake.invoked).toEqual([
      [CHANNELS.openScenario],
      [CHANNELS.openDropped, '/dropped/plan.pipescope.json'],
      [CHANNELS.saveScenario, { path: null, text: '{}' }],
      [CHANNELS.exportFile, { kind: 'csv', suggestedName: 'a.csv', data: 'x' }],
      [CHANNELS.setDocumentState, { title: 't', dirty: false }],
      [CHANNELS.confirmDiscard],
      [CHANNELS.copyImage, { kind: 'svg', data: '<svg/>' }],
    ]);
  });

  it('hands subscribers the payload only, never the IPC event, and unsubscribes', () => {
    const got: unknown[][] = [];
    const unsubscribe = (api.onMenuCommand as (cb: (...a: unknown[]) => void) => () => void)((...args) =>
      got.push(args),
    );
    const event = { sender: { send: () => {} }, senderId: 0 };
    for (const l of fake.listeners.get(EVENTS.menuCommand) ?? []) l(event, 'save');
    expect(got).toEqual([['save']]);
    unsubscribe();
    expect(fake.listeners.get(EVENTS.menuCommand)).toEqual([]);
  });

  it('tells main the page is ready for files when it subscribes to them', () => {
    fake.invoked.length = 0;
    (api.onOpenFile as (cb: () => void) => () => void)(() => {});
    expect(fake.invoked).toEqual([[CHANNELS.rendererReady]]);
  });
});
