import { ExportMenu, type ExportScopeOptions } from './export-menu';
import type { AppCommand } from './shortcuts';
import type { ThemeName, ViewMode } from './state/view';
import { TabButton } from './tab-button';

function Button({
  command,
  label,
  title,
  onCommand,
  testId,
  disabled,
  pressed,
}: {
  command: AppCommand;
  label: string;
  title: string;
  onCommand: (c: AppCommand) => void;
  testId?: string;
  disabled?: boolean;
  pressed?: boolean;
}) {
  return (
    <button
      type="button"
      title={title}
      data-testid={testId ?? `cmd-${command}`}
      disabled={disabled}
      aria-pressed={pressed}
      onClick={() => onCommand(command)}
    >
      {label}
    </button>
  );
}

export function Toolbar(p: {
  fileName: string;
  dirty: boolean;
  mode: ViewMode;
  theme: ThemeName;
  editorOpen: boolean;
  undoLabel: string | null;
  redoLabel: string | null;
  exportScope: ExportScopeOptions;
  canCopyLink: boolean;
  onCommand: (c: AppCommand) => void;
}) {
  const c = p.onCommand;
  return (
    <header className="toolbar">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          ▤
        </span>
        PipeScope
      </div>
      <div className="doc-title" data-testid="doc-title" title={p.dirty ? 'Unsaved changes' : 'Saved'}>
        {p.fileName}
        {p.dirty ? (
          <span className="dirty" data-testid="dirty-marker" title="unsaved changes">
            {' '}
            •<span className="visually-hidden"> (unsaved changes)</span>
          </span>
        ) : null}
      </div>
      <nav className="tools" aria-label="Commands">
        <div className="group">
          <Button command="new" label="New" title="New scenario" onCommand={c} />
          <Button command="open" label="Open…" title="Open a scenario file (Ctrl+O)" onCommand={c} />
          <Button
            command="open-trace"
            label="Open trace…"
            title="Open a PyTorch profiler trace (.json, .json.gz) beside the scenario (Ctrl+Shift+O)"
            onCommand={c}
          />
          <Button command="save" label="Save" title="Save (Ctrl+S)" onCommand={c} />
          <Button command="save-as" label="Save as…" title="Save as (Ctrl+Shift+S)" onCommand={c} />
          <ExportMenu onCommand={c} scope={p.exportScope} canCopyLink={p.canCopyLink} />
        </div>
        <div className="group">
          <Button
            command="undo"
            label="↶ Undo"
            title={p.undoLabel ? `Undo: ${p.undoLabel} (Ctrl+Z)` : 'Nothing to undo'}
            disabled={!p.undoLabel}
            onCommand={c}
          />
          <Button
            command="redo"
            label="↷ Redo"
            title={p.redoLabel ? `Redo: ${p.redoLabel} (Ctrl+Shift+Z)` : 'Nothing to redo'}
            disabled={!p.redoLabel}
            onCommand={c}
          />
        </div>
        <div className="group">
          <Button command="zoom-out" label="−" title="Zoom out (-)" onCommand={c} />
          <Button command="zoom-in" label="+" title="Zoom in (+)" onCommand={c} />
          <Button command="fit" label="Fit" title="Fit the whole timeline (0)" onCommand={c} />
        </div>
        <div className="group" role="tablist" aria-label="View">
          <TabButton selected={p.mode === 'main'} testId="tab-main" onSelect={() => c('show-main')}>
            Schedule
          </TabButton>
          <TabButton selected={p.mode === 'compare'} testId="tab-compare" onSelect={() => c('show-compare')}>
            Compare
          </TabButton>
          <TabButton selected={p.mode === 'trace'} testId="tab-trace" onSelect={() => c('show-trace')}>
            Trace
          </TabButton>
          <TabButton selected={p.mode === 'tune'} testId="tab-tune" onSelect={() => c('show-tune')}>
            Find best
          </TabButton>
        </div>
        <div className="group">
          <Button
            command="toggle-editor"
            label={p.editorOpen ? 'Hide editor' : 'Show editor'}
            title="Show or hide the scenario editor (E)"
            onCommand={c}
            pressed={p.editorOpen}
          />
          <Button
            command="toggle-theme"
            label={p.theme === 'light' ? '☾ Dark' : '☀ Light'}
            title="Switch theme (T)"
            onCommand={c}
          />
          <Button
            command="help"
            label="?"
            title="Keyboard shortcuts (?)"
            onCommand={c}
            testId="help-button"
          />
        </div>
      </nav>
    </header>
  );
}
