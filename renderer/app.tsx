import { useCallback, useEffect, useMemo, useRef } from 'react';
import { scheduleTitle } from '../core/schedules';
import { useChannel } from './analysis/use-channel';
import { useAnalysis } from './analysis/use-analysis';
import { useDocumentFiles } from './analysis/use-document';
import { CompareView } from './compare/compare-view';
import { openDropped } from './document-files';
import { EditorPanel } from './editor/editor-panel';
import { ErrorDialog } from './error-dialog';
import { copyView, type ExportTarget, exportView, visibleTimeRange } from './export';
import { deviceRuns } from '../core/export/scope';
import { HelpPopover } from './help-popover';
import { Splitter } from './splitter';
import { MainView } from './main-view';
import { OpeningStatus } from './busy-status';
import { type ClipboardImageKind, type ExportKind, type PlatformFile, platform } from './platform';
import { SkipLinks } from './skip-links';
import { useShareLink } from './use-share-link';
import { type AppStore, useAppState } from './state/store';
import { Toolbar } from './toolbar';
import { useAppCommands } from './use-app-commands';
import { useFileDrop } from './use-file-drop';
import { fileKind, openChosenTrace, showTraces } from './trace/open-trace';
import { TraceClient } from './trace/trace-client';
import { TraceSession } from './trace/trace-session';
import { TraceView } from './trace/trace-view';
import { TuneView } from './tune/tune-view';

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
  // One trace worker for the app's life: it keeps the traces read, beside the document.
  const traceSession = useMemo(() => new TraceSession(new TraceClient()), []);

  if (view.mode === 'main') {
    // Only the current document's picture is exported: while it is invalid the chart shows the
    // last valid one, which would not match the scenario embedded in the SVG.
    exportTarget.current =
      derived.analysis && derived.current
        ? {
            analyses: [derived.analysis],
            labels: [scheduleTitle(derived.analysis.scenario.schedule)],
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
  const { open, savedText } = files;
  const fileIO = useMemo(() => ({ open, savedText }), [open, savedText]);
  const applyOpened = useCallback((f: PlatformFile) => void open(f), [open]);
  const exportAs = useCallback(
    (kind: ExportKind) => exportView(store, kind, exportTarget.current, file.name, savedText),
    [file.name, savedText, store],
  );
  const copyAs = useCallback(
    (kind: ClipboardImageKind) => copyView(store, kind, exportTarget.current, savedText),
    [savedText, store],
  );
  const copyLink = useShareLink(store, fileIO);
  const openTrace = useCallback(
    () => openChosenTrace(store, traceSession, fileIO),
    [fileIO, store, traceSession],
  );
  const run = useAppCommands(store, {
    makespan: derived.analysis?.timeline.makespan ?? 0,
    files: fileIO,
    exportAs,
    copyAs,
    copyLink,
    openTrace,
  });
  const visible = visibleTimeRange(view.viewport, derived.analysis?.timeline.makespan ?? 0);
  const exportScope = {
    choice: view.exportScope,
    visibleRange: visible ? `${round(visible.t0)}–${round(visible.t1)} ms` : null,
    selectedDevices: view.selectedDevices?.length ? deviceRuns(view.selectedDevices) : null,
    onChoose: (choice: typeof view.exportScope) => store.setView({ exportScope: choice }),
  };
  const dragging = useFileDrop(
    useCallback(
      (f: File, all: File[]) =>
        void openDropped(store, fileIO, f, {
          isTrace: async (file) => (await fileKind(file)) === 'trace',
          // Several traces dropped at once are read together (one per rank).
          openTrace: () =>
            void showTraces(
              store,
              traceSession,
              all.map((file) => ({ name: file.name, size: file.size, blob: file })),
            ),
        }),
      [fileIO, store, traceSession],
    ),
  );

  useEffect(() => {
    // Web mode: leaving the page with unsaved changes asks first (Electron's main asks on close).
    if (platform.kind !== 'web' || !dirty) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [dirty]);

  useEffect(() => platform.onOpenFile(applyOpened), [applyOpened]);

  const editorActions = useMemo(
    () => ({
      edit: store.edit.bind(store),
      endGesture: store.endGesture.bind(store),
    }),
    [store],
  );

  return (
    <div className="app" data-testid="app" data-theme={view.theme} data-mode={view.mode}>
      <SkipLinks mode={view.mode} editorOpen={view.editorOpen} />
      <Toolbar
        fileName={file.name}
        dirty={dirty}
        mode={view.mode}
        theme={view.theme}
        editorOpen={view.editorOpen}
        undoLabel={store.undoLabel}
        redoLabel={store.redoLabel}
        exportScope={exportScope}
        canCopyLink={platform.kind === 'web'}
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
          ) : view.mode === 'tune' ? (
            <TuneView store={store} scenario={scenario} />
          ) : view.mode === 'trace' ? (
            <TraceView
              store={store}
              session={traceSession}
              analysis={derived.analysis}
              onOpen={() => void openTrace()}
            />
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
          Drop a scenario file (.json) or a PipeScope SVG to open it, or a profiler trace (.json, .json.gz) to
          read it
        </div>
      ) : null}
    </div>
  );
}

/** A time for the menu: at most three decimals (ms). */
function round(t: number): string {
  return String(Math.round(t * 1000) / 1000);
}
