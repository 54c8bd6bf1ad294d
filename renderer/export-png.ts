import type { Analysis } from '../core/analyze';
import { paintPicture } from '../core/export/paint-canvas';
import { type PictureOptions, planPicture } from '../core/export/picture';

/** Scale of the PNG export: device pixels per picture pixel (sharp on high-density screens and in print). */
export const PNG_SCALE = 2;

/**
 * Chromium's canvas limits: at most 32,767 px a side and 268,435,456 px in all (Firefox's are
 * lower, 32,767 and 124 megapixels: the area is kept under both).
 */
const MAX_CANVAS_SIDE = 32_767;
const MAX_CANVAS_PIXELS = 124_000_000;

/** The scale a picture of width x height px can be drawn at: PNG_SCALE, less when it would not fit a canvas. */
export function pngScale(width: number, height: number): number {
  const bySide = MAX_CANVAS_SIDE / Math.max(width, height);
  const byArea = Math.sqrt(MAX_CANVAS_PIXELS / (width * height));
  return Math.min(PNG_SCALE, bySide, byArea);
}

/**
 * PNG bytes of the export picture: the SVG export's picture, painted from the same plan on a
 * canvas. Rasterising the SVG text instead took 2 s for the DeepSeek-V3 example (the browser
 * parses and lays out every element of a 560 KB SVG first). The canvas is encoded with
 * toDataURL, which encodes at once: toBlob and convertToBlob encode in the page's idle time, and
 * in the app that took over a second for the same 2400 x 2000 px image. A picture too large for a
 * canvas even at 1x is an Error whose message says what to do.
 */
export function pngOfPicture(analyses: Analysis[], options: PictureOptions): Uint8Array {
  const plan = planPicture(analyses, options);
  const scale = pngScale(plan.width, plan.height);
  if (scale < 1)
    throw new Error(
      `the PNG would be ${plan.width} x ${plan.height} px, more than a browser canvas holds: export SVG instead, or only the selected devices`,
    );
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(plan.width * scale);
  canvas.height = Math.round(plan.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas available to draw the PNG');
  paintPicture(ctx, plan, scale);
  const url = canvas.toDataURL('image/png');
  const comma = url.indexOf(',');
  if (!url.startsWith('data:image/png') || comma < 0)
    throw new Error('the canvas produced no PNG (image too large for this browser?)');
  const binary = atob(url.slice(comma + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
