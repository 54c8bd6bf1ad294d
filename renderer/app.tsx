import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Analysis } from '../core/analyze';
import { exportText } from '../core/export/export-text';
import { defaultScenario } from '../core/model/scenario';
import { SCHEDULES } from '../core/schedules';
import { useChannel } from './analysis/use-channel';
import { useAnalysis } from './analysis/use-analysis';
import { useDocumentFiles } from './analysis/use-document';
import { CompareView } from './compare/compare-view';
import { EditorPanel } from './editor/editor-panel';
import { ErrorDialog } from './error-dialog';
import { HelpPopover } from './help-popover';
import { Splitter } from './splitter';
import { MainView } from './main-view';
import { OpeningStatus } from './busy-status';
import { type ExportKind, type PlatformFile, platform, svgToPng } from './platform';
import { type AppCommand, findShortcut } from './shortcuts';
import { type AppStore, useAppState } from './state/store';
import { zoomViewport } from './state/view';
import { Toolbar } from './toolbar';

/** What Export writes: the analyses the current view shows, stacked, with their labels. */
export interface ExportTarget {
  analyses: Analysis[];
  labels: string[];
}

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'scenario'
  );
}

function baseName(fileName: string): string {
  return fileName.replace(/(\.pipescope)?\.(json|svg)$/i, '').replace(/\.pipescope$/i, '');
}

export function App({ store }: { store: AppStore }) {
  const history = useAppState(store, (s) => s.history);
  const scenario = history.present;
  const view = useAppState(store, (s) => s.view);
  const file = useAppState(store, (s) => s.file);
  const error = useAppState(store, (s) => s.error);
  const notice = useAppState(store, (s) => s.notice);
  const dirty = store.dirty;
  const mainChannel = useChannel();
  const documentEpoch = useAppState(store, (s) => s.documentEpoch);
  const derived = useAnalysis(scenario, undefined, mainChannel, documentEpoch);
  const exportTarget = useRef<ExportTarget | null>(null);
  const [dragging, setDragging] = useState(false);

  if (view.mode === 'main') {
    // Only the current document's picture is exported: while it is invalid the chart shows the
    // last valid one, which would not match the scenario embedded in the SVG.
    exportTarget.current =
      derived.analysis && derived.current
        ? {
            analyses: [derived.analysis],
            labels: [
              SCHEDULES[derived.analysis.scenario.schedule]?.title ?? derived.analysis.scenario.schedule,
            ],
          }
        : null;
  }

  useEffect(() => {
    document.documentElement.dataset.theme = view.theme;
    document.documentElement.style.colorScheme = view.theme;
  }, [view.theme]);

  useEffect(() => {
    platform.setDocumentState({ title: file.name, dirty });
  }, [file.name, dirty]);

  // Opening and saving run in a worker of their own (renderer/analysis/use-document.ts).
  const documentChannel = useChannel();
  const files = useDocumentFiles(store, documentChannel);
  const applyOpened = useCallback((f: PlatformFile) => void files.open(f), [files.open]);

  const openDropped = useCallback(
    async (fileObj: File) => {
      if (!(await platform.confirmDiscard(store.dirty))) return;
      const r = await platform.openDropped(fileObj);
      if (r.ok) applyOpened(r.file);
      else if (!r.canceled)
        store.showError({
          title: `${fileObj.name} was not opened`,
          errors: [{ path: '(file)', message: r.error }],
        });
    },
    [applyOpened, store],
  );

  const doExport = useCallback(
    async (kind: ExportKind) => {
      const target = exportTarget.current;
      if (!target || target.analyses.length === 0) {
        store.setNotice('Nothing to export: fix the scenario first (the marked fields in the editor).');
        return;
      }
      const name = baseName(file.name);
      try {
        const scenarioText = kind === 'svg' || kind === 'png' ? await files.savedText() : undefined;
        let data: string | Uint8Array;
        let ext: string;
        // Within the export budget, or a message naming what to change (core/export/export-text.ts).
        // The CSV holds the first timeline (the compare view's CSV is the first schedule's).
        const analyses = kind === 'csv' ? target.analyses.slice(0, 1) : target.analyses;
        const text = exportText(kind === 'png' ? 'svg' : kind, analyses, {
          labels: target.labels,
          svg: {
            theme: store.getState().view.theme,
            scenarioText,
            title: store.scenario.name,
            showComm: store.scenario.p2p.occupiesComm,
          },
        });
        if (!text.ok) {
          store.showError({ title: 'Export failed', errors: [text.error] });
          return;
        }
        if (kind === 'svg' || kind === 'png') {
          data = kind === 'svg' ? text.text : await svgToPng(text.text);
          ext = kind;
        } else if (kind === 'chrome-trace') {
          data = text.text;
          ext = 'trace.json';
        } else {
          data = text.text;
          ext = 'csv';
        }
        const r = await platform.exportFile({ kind, suggestedName: `${name}.${ext}`, data });
        if (r.ok) store.setNotice(r.path ? `Exported ${r.path}` : `Exported ${name}.${ext}`);
        else if (!r.canceled)
          store.showError({ title: 'Export failed', errors: [{ path: '(file)', message: r.error }] });
      } catch (err) {
        store.showError({
          title: 'Export failed',
          errors: [{ path: '(export)', message: err instanceof Error ? err.message : String(err) }],
        });
      }
    },
    [file.name, files.savedText, store],
  );

  const save = useCallback(
    async (as: boolean) => {
      const s = store.scenario;
      const text = await files.savedText();
      const current = store.getState().file;
      const suggestedName = /\.(json|pipescope)$/i.test(current.name)
        ? current.name
        : `${slug(s.name)}.pipescope.json`;
      const r = await platform.saveScenario({ path: as ? null : current.path, text, suggestedName });
      if (r.ok) store.markSaved({ path: r.path, name: r.name }, `Saved ${r.path ?? r.name}`);
      else if (!r.canceled)
        store.showError({ title: 'Save failed', errors: [{ path: '(file)', message: r.error }] });
    },
    [files.savedText, store],
  );

  const run = useCallback(
    async (command: AppCommand) => {
      const makespan = derived.analysis?.timeline.makespan ?? 0;
      switch (command) {
        case 'new':
          if (await platform.confirmDiscard(store.dirty)) {
            store.replaceDocument(defaultScenario(), { path: null, name: 'Untitled' }, 'New scenario');
          }
          return;
        case 'open': {
          if (platform.kind === 'web' && !(await platform.confirmDiscard(store.dirty))) return;
          const r = await platform.openScenario();
          if (r.ok) applyOpened(r.file);
          else if (!r.canceled)
            store.showError({ title: 'Open failed', errors: [{ path: '(file)', message: r.error }] });
          return;
        }
        case 'save':
          return save(false);
        case 'save-as':
          return save(true);
        case 'export-svg':
          return doExport('svg');
        case 'export-png':
          return doExport('png');
        case 'export-trace':
          return doExport('chrome-trace');
        case 'export-csv':
          return doExport('csv');
        case 'undo':
          return store.undo();
        case 'redo':
          return store.redo();
        case 'zoom-in':
          return store.setView((v) => ({ viewport: zoomViewport(v.viewport, makespan, 0.5) }));
        case 'zoom-out':
          return store.setView((v) => ({ viewport: zoomViewport(v.viewport, makespan, 2) }));
        case 'fit':
          return store.setView({ viewport: null });
        case 'toggle-theme':
          return store.setView((v) => ({ theme: v.theme === 'light' ? 'dark' : 'light' }));
        case 'toggle-compare':
          return store.setView((v) => ({ mode: v.mode === 'main' ? 'compare' : 'main', viewport: null }));
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
    [applyOpened, derived.analysis, doExport, save, store],
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

  useEffect(() => {
    // Web mode: leaving the page with unsaved changes asks first (Electron's main asks on close).
    if (platform.kind !== 'web' || !dirty) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [dirty]);

  useEffect(() => platform.onMenuCommand((c) => void run(c)), [run]);
  useEffect(() => platform.onOpenFile(applyOpened), [applyOpened]);

  useEffect(() => {
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      const f = e.dataTransfer?.files[0];
      if (f) void openDropped(f);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [openDropped]);

  const editorActions = useMemo(
    () => ({
      edit: store.edit.bind(store),
      endGesture: store.endGesture.bind(store),
    }),
    [store],
  );

  return (
    <div className="app" data-testid="app" data-theme={view.theme} data-mode={view.mode}>
      <Toolbar
        fileName={file.name}
        dirty={dirty}
        mode={view.mode}
        theme={view.theme}
        editorOpen={view.editorOpen}
        undoLabel={store.undoLabel}
        redoLabel={store.redoLabel}
        onCommand={(c) => void run(c)}
      />
      <div
        className="workspace"
        style={{
          gridTemplateColumns: view.editorOpen
            ? `${view.editorWidth}px 6px minmax(0, 1fr)`
            : 'minmax(0, 1fr)',
        }}
      >
        {view.editorOpen ? (
          <>
            <aside className="editor-pane" aria-label="Scenario editor">
              <EditorPanel
                scenario={scenario}
                errors={derived.errors}
                actions={editorActions}
                perDeviceCosts={view.perDeviceCosts}
                onTogglePerDevice={(on) => store.setView({ perDeviceCosts: on })}
              />
            </aside>
            <Splitter width={view.editorWidth} onChange={(w) => store.setView({ editorWidth: w })} />
          </>
        ) : null}
        <main className="view-pane" key={view.mode}>
          {view.mode === 'main' ? (
            <MainView store={store} derived={derived} />
          ) : (
            <CompareView store={store} scenario={scenario} exportTarget={exportTarget} />
          )}
        </main>
      </div>
      {files.opening ? <OpeningStatus name={files.opening} onCancel={files.cancelOpening} /> : null}
      {notice ? (
        <output className="notice" data-testid="notice">
          {notice}
          <button type="button" className="link" onClick={() => store.setNotice(null)} aria-label="Dismiss">
            ×
          </button>
        </output>
      ) : null}
      {view.helpOpen ? <HelpPopover onClose={() => store.setView({ helpOpen: false })} /> : null}
      {error ? <ErrorDialog report={error} onClose={() => store.showError(null)} /> : null}
      {dragging ? (
        <div className="drop-overlay" data-testid="drop-overlay">
          Drop a scenario file (.json) or a PipeScope SVG to open it
        </div>
      ) : null}
    </div>
  );
}
