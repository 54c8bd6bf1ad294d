/**
 * The one place IPC handlers are registered. Every request is checked to come from our window's
 * top frame showing our page (see isTrustedSender) before its handler runs; handlers re-validate
 * their payloads themselves; and nothing thrown crosses the process boundary: an unexpected
 * exception becomes {ok: false, error} (and is logged in main, where a developer can see it).
 */
import { CHANNELS, type Channel, type IpcFailure } from '../contract';
import { type IpcSenderInfo, isTrustedSender } from './window';

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderInfo, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export const UNTRUSTED_SENDER_ERROR = 'Refused: the request did not come from the PipeScope window.';

export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: Record<Channel, (payload: unknown) => Promise<unknown>>,
  mainContentsId: () => number | null,
  log: (message: string, error?: unknown) => void = (message, error) => console.error(message, error),
): () => void {
  const channels = Object.values(CHANNELS) as Channel[];
  for (const channel of channels) {
    const handler = handlers[channel];
    ipcMain.handle(channel, async (event, ...args): Promise<unknown> => {
      if (!isTrustedSender(event, mainContentsId())) {
        log(`IPC ${channel}: refused a request from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
        return { ok: false, error: UNTRUSTED_SENDER_ERROR } satisfies IpcFailure;
      }
      if (args.length > 1)
        return { ok: false, error: `${channel} takes at most one argument` } satisfies IpcFailure;
      try {
        return await handler(args[0]);
      } catch (error) {
        log(`IPC ${channel} failed`, error);
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: `Unexpected error: ${message}` } satisfies IpcFailure;
      }
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
