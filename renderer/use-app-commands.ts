import { useCallback, useEffect } from 'react';
import type { Ms } from '../core/model/units';
import type { DocumentFiles } from './analysis/use-document';
import { newDocument, openChosen, saveDocument } from './document-files';
import { cycleArea } from './areas';
import type { ClipboardImageKind, ExportKind } from './platform';
import { platform } from './platform';
import { type AppCommand, findShortcut } from './shortcuts';
import type { AppStore } from './state/store';
import { zoomViewport } from './state/view';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

/** Zoom factor of the toolbar's and the shortcuts' zoom commands (span x 0.5 in, x 2 out). */
const ZOOM_STEP = 2;

/**
 * Every app command (toolbar, keyboard shortcuts, the desktop menu) in one place. Returns `run`;
 * also listens for the shortcuts on the window and for the native menu's commands.
 */
export function useAppCommands(
  store: AppStore,
  ctx: {
    makespan: Ms;
    files: Pick<DocumentFiles, 'open' | 'savedText'>;
    exportAs(kind: ExportKind): Promise<void>;
    copyAs(kind: ClipboardImageKind): Promise<void>;
    copyLink(): Promise<void>;
    openTrace(): Promise<void>;
  },
): (command: AppCommand) => Promise<void> {
  const { makespan, files, exportAs, copyAs, copyLink, openTrace } = ctx;
  const run = useCallback(
    async (command: AppCommand) => {
      switch (command) {
        case 'new':
          return newDocument(store);
        case 'open':
          return openChosen(store, files);
        case 'open-trace':
          return openTrace();
        case 'save':
          return saveDocument(store, files, false);
        case 'save-as':
          return saveDocument(store, files, true);
        case 'export-svg':
          return exportAs('svg');
        case 'export-png':
          return exportAs('png');
        case 'export-trace':
          return exportAs('chrome-trace');
        case 'export-csv':
          return exportAs('csv');
        case 'copy-png':
          return copyAs('png');
        case 'copy-svg':
          return copyAs('svg');
        case 'copy-link':
          return copyLink();
        case 'next-area':
          return cycleArea(1);
        case 'previous-area':
          return cycleArea(-1);
        case 'undo':
          return store.undo();
        case 'redo':
          return store.redo();
        case 'zoom-in':
          return store.setView((v) => ({ viewport: zoomViewport(v.viewport, makespan, 1 / ZOOM_STEP) }));
        case 'zoom-out':
          return store.setView((v) => ({ viewport: zoomViewport(v.viewport, makespan, ZOOM_STEP) }));
        case 'fit':
          return store.setView({ viewport: null });
        case 'toggle-theme':
          return store.setView((v) => ({ theme: v.theme === 'light' ? 'dark' : 'light' }));
        case 'toggle-compare':
          return store.setView((v) => ({ mode: v.mode === 'main' ? 'compare' : 'main', viewport: null }));
        case 'show-tune':
          return store.setView({ mode: 'tune', viewport: null });
        case 'show-main':
        case 'show-compare':
        case 'show-trace':
          return store.setView({
            mode: command === 'show-main' ? 'main' : command === 'show-compare' ? 'compare' : 'trace',
            viewport: null,
          });
        case 'toggle-editor':
          return store.setView((v) => ({ editorOpen: !v.editorOpen }));
        case 'help':
          return store.setView((v) => ({ helpOpen: !v.helpOpen }));
        case 'clear-selection':
          if (store.getState().error) return store.showError(null);
          if (store.getState().view.helpOpen) return store.setView({ helpOpen: false });
          return store.setView({ selectedMicrobatch: null });
      }
    },
    [copyAs, copyLink, exportAs, files, makespan, openTrace, store],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return; // the chart handled it (its own zoom keys)
      const s = findShortcut(e, isMac);
      if (!s) return;
      e.preventDefault();
      void run(s.command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run]);

  useEffect(() => platform.onMenuCommand((c) => void run(c)), [run]);
  return run;
}
