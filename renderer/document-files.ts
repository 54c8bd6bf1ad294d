import { defaultScenario } from '../core/model/scenario';
import type { DocumentFiles } from './analysis/use-document';
import { platform } from './platform';
import type { AppStore } from './state/store';

/**
 * The File commands: New, Open, a dropped file, Save and Save As. Reading a file into a document
 * and writing a document's text happen in the document worker (`files`, from
 * renderer/analysis/use-document.ts), so a large file freezes neither step.
 */

/** A file name made of a scenario's name: lower case, dashes, never empty. */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'scenario'
  );
}

/** New: the default scenario, after asking about unsaved changes. */
export async function newDocument(store: AppStore): Promise<void> {
  if (await platform.confirmDiscard(store.dirty)) {
    store.replaceDocument(defaultScenario(), { path: null, name: 'Untitled' }, 'New scenario');
  }
}

/** Open: the platform's file chooser (the desktop dialog asks about unsaved changes itself). */
export async function openChosen(store: AppStore, files: Pick<DocumentFiles, 'open'>): Promise<void> {
  if (platform.kind === 'web' && !(await platform.confirmDiscard(store.dirty))) return;
  const r = await platform.openScenario();
  if (r.ok) await files.open(r.file);
  else if (!r.canceled)
    store.showError({ title: 'Open failed', errors: [{ path: '(file)', message: r.error }] });
}

/**
 * A file dropped on the window. `isTrace` looks at its content first: a profiler trace goes to
 * `openTrace` and leaves the document alone; anything else is opened as a scenario in the document
 * worker (`files`), after asking about unsaved changes.
 */
export async function openDropped(
  store: AppStore,
  files: Pick<DocumentFiles, 'open'>,
  fileObj: File,
  trace?: { isTrace(f: File): Promise<boolean>; openTrace(f: File): void },
): Promise<void> {
  if (trace && (await trace.isTrace(fileObj))) {
    trace.openTrace(fileObj);
    return;
  }
  if (!(await platform.confirmDiscard(store.dirty))) return;
  const r = await platform.openDropped(fileObj);
  if (r.ok) await files.open(r.file);
  else if (!r.canceled)
    store.showError({
      title: `${fileObj.name} was not opened`,
      errors: [{ path: '(file)', message: r.error }],
    });
}

/**
 * Save (to the document's file, if it has one) or Save As, as the canonical scenario file with
 * the unknown fields the file was opened with.
 */
export async function saveDocument(
  store: AppStore,
  files: Pick<DocumentFiles, 'savedText'>,
  as: boolean,
): Promise<void> {
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
}
