import { type FileKind, SNIFF_BYTES, sniffFileKind } from '../../core/trace/sniff';
import type { DocumentFiles } from '../analysis/use-document';
import { platform } from '../platform';
import type { AppStore } from '../state/store';
import type { TraceSource } from './trace-client';
import type { TraceSession } from './trace-session';

/** What a File holds, from its first bytes (and its name only when they say nothing). */
export async function fileKind(file: Blob & { name?: string }): Promise<FileKind> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  return sniffFileKind(head, file.name ?? '');
}

/**
 * Reads traces beside the document and shows them: the trace view, starting from the mapping the
 * scenario saved with its measured parts (or the defaults).
 */
export function showTraces(store: AppStore, session: TraceSession, sources: TraceSource[]): Promise<void> {
  store.setView({ mode: 'trace' });
  return session.open(sources, store.scenario.measuredParts?.mapping ?? null);
}

/**
 * Open Trace: the platform's chooser (several files: one per rank). On the web a single scenario
 * chosen by mistake is opened as a scenario (after asking about unsaved changes), since the
 * content says what it is: in the document worker (`files`), as Open and a drop open one.
 */
export async function openChosenTrace(
  store: AppStore,
  session: TraceSession,
  files: Pick<DocumentFiles, 'open'>,
): Promise<void> {
  const r = await platform.openTrace();
  if (!r.ok) {
    if (!r.canceled)
      store.showError({ title: 'Open trace failed', errors: [{ path: '(file)', message: r.error }] });
    return;
  }
  const src = r.sources[0];
  if (r.sources.length === 1 && 'blob' in src && (await fileKind(src.blob)) === 'scenario') {
    if (!(await platform.confirmDiscard(store.dirty))) return;
    const read = await platform.openDropped(src.blob as File);
    if (read.ok) await files.open(read.file);
    else
      store.showError({
        title: `${src.name} was not opened`,
        errors: [{ path: '(file)', message: read.error }],
      });
    return;
  }
  await showTraces(store, session, r.sources);
}
