import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../contract';
import { type IpcMainLike, registerIpc, UNTRUSTED_SENDER_ERROR } from './ipc';
import type { IpcSenderInfo } from './window';

type Listener = (event: IpcSenderInfo, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => {
      handlers.delete(channel);
    },
  };
  return { ipc, handlers };
}

const trusted: IpcSenderInfo = {
  sender: { id: 1 },
  senderFrame: { url: 'app://pipescope/index.html', parent: null },
};

function allHandlers(impl: (channel: Channel, payload: unknown) => Promise<unknown>) {
  return Object.fromEntries(
    Object.values(CHANNELS).map((c) => [c, (payload: unknown) => impl(c, payload)]),
  ) as Record<Channel, (payload: unknown) => Promise<unknown>>;
}

describe('registerIpc', () => {
  it('registers exactly one handler per contract channel and can remove them all', () => {
    const { ipc, handlers } = fakeIpcMain();
    const unregister = registerIpc(
      ipc,
      allHandlers(async () => 'ok'),
      () => 1,
      () => {},
    );
    expect([...handlers.keys()].sort()).toEqual(Object.values(CHANNELS).sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('passes a trusted request to its handler and returns its answer', async () => {
    const { ipc, handlers } = fakeIpcMain();
    registerIpc(
      ipc,
      allHandlers(async (c, p) => ({ ok: true, c, p })),
      () => 1,
      () => {},
    );
    expect(await handlers.get(CHANNELS.openDropped)!(trusted, '/a.json')).toEqual({
      ok: true,
      c: CHANNELS.openDropped,
      p: '/a.json',
    });
  });

  it('rejects senders that are not our window without running the handler', async () => {
    const { ipc, handlers } = fakeIpcMain();
    let ran = 0;
    const logged: string[] = [];
    registerIpc(
      ipc,
      allHandlers(async () => {
        ran++;
        return { ok: true };
      }),
      () => 1,
      (m) => logged.push(m),
    );
    const strangers: IpcSenderInfo[] = [
      { sender: { id: 2 }, senderFrame: trusted.senderFrame },
      { sender: { id: 1 }, senderFrame: { url: 'https://evil.example/', parent: null } },
      { sender: { id: 1 }, senderFrame: { url: 'app://pipescope/index.html', parent: { url: 'x' } } },
      { sender: { id: 1 }, senderFrame: null },
    ];
    for (const channel of Object.values(CHANNELS)) {
      for (const event of strangers) {
        expect(await handlers.get(channel)!(event, { path: '/etc/passwd', text: '' })).toEqual({
          ok: false,
          error: UNTRUSTED_SENDER_ERROR,
        });
      }
    }
    expect(ran).toBe(0);
    expect(logged.length).toBe(Object.values(CHANNELS).length * strangers.length);
  });

  it('rejects everything once the window is gone', async () => {
    const { ipc, handlers } = fakeIpcMain();
    registerIpc(
      ipc,
      allHandlers(async () => ({ ok: true })),
      () => null,
      () => {},
    );
    expect(await handlers.get(CHANNELS.confirmDiscard)!(trusted)).toMatchObject({ ok: false });
  });

  it('turns a handler exception into {ok: false, error} instead of letting it cross the boundary', async () => {
    const { ipc, handlers } = fakeIpcMain();
    const logged: unknown[] = [];
    registerIpc(
      ipc,
      allHandlers(async () => {
        throw new Error('disk exploded');
      }),
      () => 1,
      (_m, e) => logged.push(e),
    );
    await expect(handlers.get(CHANNELS.saveScenario)!(trusted, {})).resolves.toEqual({
      ok: false,
      error: 'Unexpected error: disk exploded',
    });
    expect(logged).toHaveLength(1);
  });

  it('refuses extra arguments (every channel takes at most one payload)', async () => {
    const { ipc, handlers } = fakeIpcMain();
    registerIpc(
      ipc,
      allHandlers(async () => ({ ok: true })),
      () => 1,
      () => {},
    );
    expect(await handlers.get(CHANNELS.openDropped)!(trusted, '/a', '/b')).toMatchObject({ ok: false });
  });
});
