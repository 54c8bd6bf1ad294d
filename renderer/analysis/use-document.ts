import { useCallback, useState } from 'react';
import type { PlatformFile } from '../platform';
import type { AppStore } from '../state/store';
import { type AnalysisChannel, SupersededError } from './client';
import { type OpenedDocument, documentText, openDocument } from './document';

export interface DocumentFiles {
  /** Opens a file off the UI thread; the current document changes only if it opens. */
  open(file: PlatformFile): Promise<void>;
  /** The name of the file being opened, while it is. */
  opening: string | null;
  /** Stops opening it; the current document stays as it is. */
  cancelOpening(): void;
  /** The text Save writes for the current document, made off the UI thread. */
  savedText(): Promise<string>;
}

/**
 * Opening and saving documents through the analysis worker (renderer/analysis/document.ts), so a
 * 32 MB file neither freezes the page while it is read nor while it is written, and a file that
 * takes long to open can be cancelled. Where workers are unavailable (jsdom), the page does it.
 */
export function useDocumentFiles(store: AppStore, channel: AnalysisChannel | null): DocumentFiles {
  const [opening, setOpening] = useState<string | null>(null);

  const open = useCallback(
    async (f: PlatformFile) => {
      setOpening(f.name);
      let r: OpenedDocument;
      try {
        r = await inWorker(
          channel,
          (c) => c.open(f.data),
          () => openDocument(f.data),
        );
      } catch (err) {
        if (err instanceof SupersededError) {
          store.setNotice(`Stopped opening ${f.name}; the scenario on screen is unchanged`);
          return;
        }
        throw err;
      } finally {
        setOpening(null);
      }
      if (!r.ok) {
        store.showError({ title: `${f.name} was not opened: it is not a valid scenario`, errors: r.errors });
        return;
      }
      store.replaceDocument(
        r.scenario,
        { path: f.path, name: f.name },
        r.warnings.length ? `Opened ${f.name} with warnings: ${r.warnings.join('; ')}` : `Opened ${f.name}`,
        r.kept,
      );
    },
    [channel, store],
  );

  const savedText = useCallback(() => {
    const { history, kept } = store.getState();
    const scenario = history.present;
    return inWorker(
      channel,
      (c) => c.save(scenario, kept),
      () => documentText(scenario, kept),
    );
  }, [channel, store]);

  const cancelOpening = useCallback(() => channel?.cancel(), [channel]);

  return { open, opening, cancelOpening, savedText };
}

/**
 * The worker's answer; the page's own when there is no worker, or when the worker fails to start
 * (a page served where module workers are blocked): slower, the same result.
 */
async function inWorker<T>(
  channel: AnalysisChannel | null,
  viaWorker: (c: AnalysisChannel) => Promise<T>,
  onPage: () => T,
): Promise<T> {
  if (!channel) return onPage();
  try {
    return await viaWorker(channel);
  } catch (err) {
    if (err instanceof SupersededError) throw err;
    console.warn(`document worker failed (${(err as Error).message}); working on the page instead`);
    return onPage();
  }
}
