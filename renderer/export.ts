import type { Analysis } from '../core/analyze';
import { exportText } from '../core/export/export-text';
import { type ExportScope, scopeError } from '../core/export/scope';
import type { Theme } from '../core/layout/palette';
import type { PathError } from '../core/model/path-error';
import type { Scenario } from '../core/model/scenario';
import type { Ms } from '../core/model/units';
import { pngOfPicture } from './export-png';
import { type ClipboardImageKind, type ExportKind, platform } from './platform';
import type { AppStore } from './state/store';
import { type ExportScopeChoice, type ViewState, visibleRange } from './state/view';

/** What Export writes: the analyses the current view shows, stacked, with their labels. */
export interface ExportTarget {
  analyses: Analysis[];
  labels: string[];
}

/** A document's file name without its scenario or SVG extension: the exports' base name. */
export function exportBaseName(fileName: string): string {
  return fileName.replace(/(\.pipescope)?\.(json|svg)$/i, '').replace(/\.pipescope$/i, '');
}

/** What one export gives: the file's content and extension, or why there is none. */
export type RenderedExport =
  | { ok: true; data: string | Uint8Array; ext: string }
  | { ok: false; error: PathError };

/** The document an export draws from. */
export interface ExportDocument {
  scenario: Scenario;
  theme: Theme;
  /** The text Save writes (unknown fields included), embedded in the SVG so that it reopens. */
  savedText(): Promise<string>;
}

/** The longest makespan of the target's timelines (the time axis they share). */
function targetMakespan(target: ExportTarget): Ms {
  return target.analyses.reduce((m, a) => Math.max(m, a.timeline.makespan), 0);
}

/**
 * The scope an export choice means in the current view: everything; the chart's visible range
 * (none when the chart shows everything); or the devices picked in the chart. A choice the view
 * cannot give (no device picked) is a message saying how to give it.
 */
export function exportScope(
  choice: ExportScopeChoice,
  view: Pick<ViewState, 'viewport' | 'selectedDevices'>,
  target: ExportTarget,
): { ok: true; scope: ExportScope | undefined } | { ok: false; message: string } {
  if (choice === 'devices') {
    const devices = view.selectedDevices;
    if (!devices || devices.length === 0)
      return {
        ok: false,
        message: 'No device is selected: click device labels in the chart to select some.',
      };
    return { ok: true, scope: { devices: [...devices].sort((a, b) => a - b) } };
  }
  if (choice === 'visible') {
    const range = visibleTimeRange(view.viewport, targetMakespan(target));
    return { ok: true, scope: range ? { range } : undefined };
  }
  return { ok: true, scope: undefined };
}

/**
 * The part of [0, makespan] the chart shows for a viewport, or null when it shows all of it (a
 * fitted chart, or one zoomed out to the whole run).
 */
export function visibleTimeRange(
  viewport: { t0: Ms; t1: Ms } | null,
  makespan: Ms,
): { t0: Ms; t1: Ms } | null {
  if (!viewport || !(makespan > 0)) return null;
  const v = visibleRange(viewport, makespan);
  const t0 = Math.max(0, v.t0);
  const t1 = Math.min(makespan, v.t1);
  return t0 <= 0 && t1 >= makespan ? null : { t0, t1 };
}

/** A file-name suffix for a scope: "-12.5-40ms", "-devices-0-3". */
export function scopeSuffix(scope: ExportScope | undefined): string {
  if (!scope) return '';
  let s = '';
  if (scope.range) s += `-${roundForName(scope.range.t0)}-${roundForName(scope.range.t1)}ms`;
  if (scope.devices) s += `-devices-${scope.devices.join('-')}`.slice(0, 60);
  return s;
}

const roundForName = (t: Ms) => String(Math.round(t * 100) / 100);

/**
 * One export of `target`: SVG (standalone, with the scenario embedded so it reopens), PNG (the
 * same picture painted on a canvas at 2x), Perfetto / Chrome trace JSON, or the CSV of the first
 * analysis's ops; within `scope` (core/export/scope.ts) when one is given. The text exports are
 * held to the export budget (core/export/export-text.ts): one too large is a message naming what
 * to change, not a frozen or crashed page.
 */
export async function renderExport(
  kind: ExportKind,
  target: ExportTarget,
  doc: ExportDocument,
  options: { scope?: ExportScope; maxChars?: number } = {},
): Promise<RenderedExport> {
  const picture = {
    theme: doc.theme,
    title: doc.scenario.name,
    showComm: doc.scenario.p2p.occupiesComm,
    labels: target.labels,
    scope: options.scope,
  };
  if (kind === 'png') {
    const bad = scopeError(options.scope, target.analyses);
    if (bad) return { ok: false, error: bad };
    return { ok: true, data: pngOfPicture(target.analyses, picture), ext: 'png' };
  }
  // The CSV holds the first timeline (the compare view's CSV is the first schedule's).
  const analyses = kind === 'csv' ? target.analyses.slice(0, 1) : target.analyses;
  const text = exportText(kind, analyses, {
    labels: target.labels,
    svg: kind === 'svg' ? { ...picture, scenarioText: await doc.savedText() } : undefined,
    scope: options.scope,
    maxChars: options.maxChars,
  });
  if (!text.ok) return text;
  return {
    ok: true,
    data: text.text,
    ext: kind === 'svg' ? 'svg' : kind === 'chrome-trace' ? 'trace.json' : 'csv',
  };
}

/** The export's document and scope from the store, or null after telling the user why there is none. */
function prepare(
  store: AppStore,
  target: ExportTarget | null,
  savedText: () => Promise<string>,
): { doc: ExportDocument; target: ExportTarget; scope: ExportScope | undefined } | null {
  if (!target || target.analyses.length === 0) {
    store.setNotice('Nothing to export: fix the scenario first (the marked fields in the editor).');
    return null;
  }
  const view = store.getState().view;
  const scope = exportScope(view.exportScope, view, target);
  if (!scope.ok) {
    store.setNotice(scope.message);
    return null;
  }
  return { doc: { scenario: store.scenario, theme: view.theme, savedText }, target, scope: scope.scope };
}

function failed(store: AppStore, title: string, err: unknown): void {
  store.showError({
    title,
    errors: [{ path: '(export)', message: err instanceof Error ? err.message : String(err) }],
  });
}

/**
 * Exports what the view shows, within the Export menu's scope, and tells the user how it went (a
 * notice, or the error dialog). `target` is null while the document is invalid: the chart then
 * shows the last valid scenario, which would not match the scenario embedded in the SVG.
 */
export async function exportView(
  store: AppStore,
  kind: ExportKind,
  target: ExportTarget | null,
  fileName: string,
  savedText: () => Promise<string>,
): Promise<void> {
  const ready = prepare(store, target, savedText);
  if (!ready) return;
  const name = `${exportBaseName(fileName)}${scopeSuffix(ready.scope)}`;
  try {
    const rendered = await renderExport(kind, ready.target, ready.doc, { scope: ready.scope });
    if (!rendered.ok) {
      store.showError({ title: 'Export failed', errors: [rendered.error] });
      return;
    }
    const { data, ext } = rendered;
    const r = await platform.exportFile({ kind, suggestedName: `${name}.${ext}`, data });
    if (r.ok) store.setNotice(r.path ? `Exported ${r.path}` : `Exported ${name}.${ext}`);
    else if (!r.canceled)
      store.showError({ title: 'Export failed', errors: [{ path: '(file)', message: r.error }] });
  } catch (err) {
    failed(store, 'Export failed', err);
  }
}

/**
 * Copies the chart (the export picture, within the Export menu's scope) to the clipboard as a PNG
 * image or as SVG, to paste into a document or a chat.
 */
export async function copyView(
  store: AppStore,
  kind: ClipboardImageKind,
  target: ExportTarget | null,
  savedText: () => Promise<string>,
): Promise<void> {
  const ready = prepare(store, target, savedText);
  if (!ready) return;
  try {
    const rendered = await renderExport(kind, ready.target, ready.doc, { scope: ready.scope });
    if (!rendered.ok) {
      store.showError({ title: 'Copy failed', errors: [rendered.error] });
      return;
    }
    const r = await platform.copyImage(
      kind === 'png' ? { kind, data: rendered.data as Uint8Array } : { kind, data: rendered.data as string },
    );
    if (r.ok) store.setNotice(`Copied the chart as ${kind.toUpperCase()}`);
    else store.showError({ title: 'Copy failed', errors: [{ path: '(clipboard)', message: r.error }] });
  } catch (err) {
    failed(store, 'Copy failed', err);
  }
}
