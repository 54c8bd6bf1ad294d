import type { Analysis } from '../core/analyze';
import { exportText } from '../core/export/export-text';
import type { Theme } from '../core/layout/palette';
import type { PathError } from '../core/model/path-error';
import type { Scenario } from '../core/model/scenario';
import { type ExportKind, platform } from './platform';
import type { AppStore } from './state/store';

/** What Export writes: the analyses the current view shows, stacked, with their labels. */
export interface ExportTarget {
  analyses: Analysis[];
  labels: string[];
}

/** Scale of the PNG export: device pixels per SVG pixel. */
const PNG_SCALE = 2;

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

/**
 * One export of `target`: SVG (standalone, with the scenario embedded so it reopens), PNG (that
 * SVG drawn at 2x), Perfetto / Chrome trace JSON, or the CSV of the first analysis's ops. Every
 * one is held to the export budget (core/export/export-text.ts): one too large is a message
 * naming what to change, not a frozen or crashed page.
 */
export async function renderExport(
  kind: ExportKind,
  target: ExportTarget,
  doc: ExportDocument,
  maxChars?: number,
): Promise<RenderedExport> {
  const image = kind === 'svg' || kind === 'png';
  // The CSV holds the first timeline (the compare view's CSV is the first schedule's).
  const analyses = kind === 'csv' ? target.analyses.slice(0, 1) : target.analyses;
  const text = exportText(image ? 'svg' : kind, analyses, {
    labels: target.labels,
    svg: image
      ? {
          theme: doc.theme,
          scenarioText: await doc.savedText(),
          title: doc.scenario.name,
          showComm: doc.scenario.p2p.occupiesComm,
        }
      : undefined,
    maxChars,
  });
  if (!text.ok) return text;
  if (kind === 'svg') return { ok: true, data: text.text, ext: 'svg' };
  if (kind === 'png') return { ok: true, data: await svgToPng(text.text, PNG_SCALE), ext: 'png' };
  if (kind === 'chrome-trace') return { ok: true, data: text.text, ext: 'trace.json' };
  return { ok: true, data: text.text, ext: 'csv' };
}

/**
 * Exports what the view shows and tells the user how it went (a notice, or the error dialog).
 * `target` is null while the document is invalid: the chart then shows the last valid scenario,
 * which would not match the scenario embedded in the SVG.
 */
export async function exportView(
  store: AppStore,
  kind: ExportKind,
  target: ExportTarget | null,
  fileName: string,
  savedText: () => Promise<string>,
): Promise<void> {
  if (!target || target.analyses.length === 0) {
    store.setNotice('Nothing to export: fix the scenario first (the marked fields in the editor).');
    return;
  }
  const name = exportBaseName(fileName);
  try {
    const rendered = await renderExport(kind, target, {
      scenario: store.scenario,
      theme: store.getState().view.theme,
      savedText,
    });
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
    store.showError({
      title: 'Export failed',
      errors: [{ path: '(export)', message: err instanceof Error ? err.message : String(err) }],
    });
  }
}

/** PNG bytes of an SVG document, drawn at `scale` device pixels per SVG pixel. */
export async function svgToPng(svg: string, scale = PNG_SCALE): Promise<Uint8Array> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the exported SVG could not be drawn as an image'));
      img.src = url;
    });
    const width = img.naturalWidth || 1200;
    const height = img.naturalHeight || 600;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas available to draw the PNG');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the canvas produced no PNG (image too large?)');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}
