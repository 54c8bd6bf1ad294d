import type { Analysis } from '../core/analyze';
import { toChromeTrace } from '../core/export/chrome-trace';
import { toCsv } from '../core/export/csv';
import { renderSvg } from '../core/export/svg';
import { saveScenario } from '../core/format/scenario-file';
import type { Theme } from '../core/layout/palette';
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

/**
 * One export of `target`: SVG (standalone, with the scenario embedded so it reopens), PNG (that
 * SVG drawn at 2x), Perfetto / Chrome trace JSON, or the CSV of the first analysis's ops.
 */
export async function renderExport(
  kind: ExportKind,
  target: ExportTarget,
  doc: { scenario: Scenario; theme: Theme },
): Promise<{ data: string | Uint8Array; ext: string }> {
  if (kind === 'svg' || kind === 'png') {
    const svg = renderSvg(target.analyses, {
      labels: target.labels,
      theme: doc.theme,
      scenarioText: saveScenario(doc.scenario),
      title: doc.scenario.name,
      showComm: doc.scenario.p2p.occupiesComm,
    });
    return kind === 'svg' ? { data: svg, ext: 'svg' } : { data: await svgToPng(svg, PNG_SCALE), ext: 'png' };
  }
  if (kind === 'chrome-trace') {
    return {
      data: `${JSON.stringify(toChromeTrace(target.analyses, { labels: target.labels }))}\n`,
      ext: 'trace.json',
    };
  }
  return { data: toCsv(target.analyses[0]), ext: 'csv' };
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
): Promise<void> {
  if (!target || target.analyses.length === 0) {
    store.setNotice('Nothing to export: fix the scenario first (the marked fields in the editor).');
    return;
  }
  const name = exportBaseName(fileName);
  try {
    const { data, ext } = await renderExport(kind, target, {
      scenario: store.scenario,
      theme: store.getState().view.theme,
    });
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
