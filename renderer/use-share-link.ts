import { useCallback, useEffect, useRef } from 'react';
import { documentText } from './analysis/document';
import type { DocumentFiles } from './analysis/use-document';
import { platform } from './platform';
import { MAX_LINK_CHARS, openedFromHash, scenarioHash } from './share-link';
import type { AppStore } from './state/store';

/** Quiet time after an edit before the address bar follows it (typing a number is one update). */
const LINK_DEBOUNCE_MS = 400;

/**
 * A document whose unknown fields alone are this long cannot fit a link even compressed (JSON
 * compresses about tenfold at best): it is not even written out to find that out.
 */
const HOPELESS_KEPT_CHARS = 20 * MAX_LINK_CHARS;

/**
 * Web mode: the address bar carries the document (share-link.ts). A page opened on such a link
 * opens its scenario, through the document loader like a file; after every change the hash is
 * replaced (no new history entry); a scenario too large for a link leaves the address bare and
 * Copy link says why. A link pasted into the address bar of an open page opens too (after asking
 * about unsaved changes). Returns Copy link. Does nothing in the desktop app.
 */
export function useShareLink(store: AppStore, files: Pick<DocumentFiles, 'open'>): () => Promise<void> {
  const web = platform.kind === 'web';
  /** The hash this page wrote last: a hashchange to it is our own. */
  const written = useRef<string | null>(null);

  const openHash = useCallback(
    async (hash: string) => {
      const link = await openedFromHash(hash);
      if (!link) return;
      if (!link.ok) {
        store.showError({
          title: 'The link did not open',
          errors: [{ path: '(link)', message: link.message }],
        });
        return;
      }
      written.current = hash;
      await files.open({ path: null, name: link.name, data: link.data });
    },
    [files, store],
  );

  useEffect(() => {
    if (!web) return;
    if (window.location.hash) void openHash(window.location.hash);
    const onHashChange = () => {
      const hash = window.location.hash;
      if (hash === written.current) return;
      void (async () => {
        if (await platform.confirmDiscard(store.dirty)) await openHash(hash);
      })();
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [web, openHash, store]);

  const linkOfDocument = useCallback(async () => {
    const { history, kept, file } = store.getState();
    if (kept && kept.length > HOPELESS_KEPT_CHARS)
      return {
        ok: false as const,
        message: `This scenario is too large to share as a link (its file carries ${kept.length.toLocaleString('en-US')} characters of other fields): share the file instead (Save).`,
      };
    return scenarioHash(documentText(history.present, kept), file.name);
  }, [store]);

  const writeHash = useCallback(async () => {
    const link = await linkOfDocument();
    const hash = link.ok ? link.hash : '';
    if (hash === (written.current ?? window.location.hash)) return link;
    written.current = hash;
    const bare = `${window.location.pathname}${window.location.search}`;
    window.history.replaceState(window.history.state, '', link.ok ? `${bare}${hash}` : bare);
    return link;
  }, [linkOfDocument]);

  useEffect(() => {
    if (!web) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = store.getState();
    const unsubscribe = store.subscribe(() => {
      const now = store.getState();
      const moved =
        now.history.present !== last.history.present ||
        now.documentEpoch !== last.documentEpoch ||
        now.file !== last.file;
      last = now;
      if (!moved) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void writeHash(), LINK_DEBOUNCE_MS);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [web, store, writeHash]);

  return useCallback(async () => {
    const link = await writeHash();
    if (!link.ok) {
      store.setNotice(link.message);
      return;
    }
    try {
      await navigator.clipboard.writeText(window.location.href);
      store.setNotice('Copied a link that reopens this scenario');
    } catch (err) {
      store.showError({
        title: 'Copy link failed',
        errors: [{ path: '(clipboard)', message: err instanceof Error ? err.message : String(err) }],
      });
    }
  }, [store, writeHash]);
}
