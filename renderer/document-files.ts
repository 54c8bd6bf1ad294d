import { loadScenario, saveScenario } from '../core/format/scenario-file';
import { defaultScenario } from '../core/model/scenario';
import { type PlatformFile, platform } from './platform';
import type { AppStore } from './state/store';

/** A file name made of a scenario's name: lower case, dashes, never empty. */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'scenario'
  );
}

/** Replaces the document with a file's scenario, or shows why the file is not one (the document stays). */
export function openFile(store: AppStore, f: PlatformFile): void {
  const r = loadScenario(f.text);
  if (!r.ok) {
    store.showError({ title: `${f.name} was not opened: it is not a valid scenario`, errors: r.errors });
    return;
  }
  store.replaceDocument(
    r.scenario,
    { path: f.path, name: f.name },
    r.warnings.length ? `Opened ${f.name} with warnings: ${r.warnings.join('; ')}` : `Opened ${f.name}`,
  );
}

/** New: the default scenario, after asking about unsaved changes. */
export async function newDocument(store: AppStore): Promise<void> {
  if (await platform.confirmDiscard(store.dirty)) {
    store.replaceDocument(defaultScenario(), { path: null, name: 'Untitled' }, 'New scenario');
  }
}

/** Open: the platform's file chooser (the desktop dialog asks about unsaved changes itself). */
export async function openChosen(store: AppStore): Promise<void> {
  if (platform.kind === 'web' && !(await platform.confirmDiscard(store.dirty))) return;
  const r = await platform.openScenario();
  if (r.ok) openFile(store, r.file);
  else if (!r.canceled)
    store.showError({ title: 'Open failed', errors: [{ path: '(file)', message: r.error }] });
}

/**
 * A file dropped on the window, after asking about unsaved changes. `isTrace` looks at its
 * content first: a profiler trace goes to `openTrace` and leaves the document alone.
 */
export async function openDropped(
  store: AppStore,
  fileObj: File,
  trace?: { isTrace(f: File): Promise<boolean>; openTrace(f: File): void },
): Promise<void> {
  if (trace && (await trace.isTrace(fileObj))) {
    trace.openTrace(fileObj);
    return;
  }
  if (!(await platform.confirmDiscard(store.dirty))) return;
  const r = await platform.openDropped(fileObj);
  if (r.ok) openFile(store, r.file);
  else if (!r.canceled)
    store.showError({
      title: `${fileObj.name} was not opened`,
      errors: [{ path: '(file)', message: r.error }],
    });
}

/** Save (to the document's file, if it has one) or Save As, as the canonical scenario file. */
export async function saveDocument(store: AppStore, as: boolean): Promise<void> {
  const s = store.scenario;
  const text = saveScenario(s);
  const current = store.getState().file;
  const suggestedName = /\.(json|pipescope)$/i.test(current.name)
    ? current.name
    : `${slug(s.name)}.pipescope.json`;
  const r = await platform.saveScenario({ path: as ? null : current.path, text, suggestedName });
  if (r.ok) store.markSaved({ path: r.path, name: r.name }, `Saved ${r.path ?? r.name}`);
  else if (!r.canceled)
    store.showError({ title: 'Save failed', errors: [{ path: '(file)', message: r.error }] });
}
