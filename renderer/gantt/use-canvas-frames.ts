import { type MutableRefObject, type RefObject, useCallback, useEffect, useRef } from 'react';
import type { ChartState } from './chart-state';
import { drawChart, xMap } from './draw';
import { PixelBuffer } from './pixel-buffer';
import { drawOverlay, overlayBlank } from './overlay';

function getContext(canvas: HTMLCanvasElement | null, opaque: boolean): CanvasRenderingContext2D | null {
  if (!canvas) return null;
  try {
    return canvas.getContext('2d', { alpha: !opaque });
  } catch {
    return null; // jsdom without the canvas package
  }
}

/**
 * Sizes a canvas to the plot in device pixels and scales its context to CSS pixels. `opaque`: the
 * base layer covers every pixel with the chart's background, so its canvas has no alpha channel
 * (the browser then copies its pixels to the screen without premultiplying them).
 */
function prepare(
  canvas: HTMLCanvasElement | null,
  s: ChartState,
  dpr: number,
  opaque = false,
): [CanvasRenderingContext2D, number, number] | null {
  const ctx = getContext(canvas, opaque);
  if (!canvas || !ctx) return null;
  const w = Math.round(s.plotWidth * dpr);
  const h = Math.round(s.viewHeight * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return [ctx, w, h];
}

/**
 * Draws the chart on two canvases, at most once per animation frame however many changes arrive
 * in between: the base layer (bars, bubbles, labels) when what it shows changed, the overlay
 * (hover, selection) on every request. Returns `requestDraw(base)`.
 */
export function useCanvasFrames(
  live: MutableRefObject<ChartState>,
  baseRef: RefObject<HTMLCanvasElement | null>,
  overlayRef: RefObject<HTMLCanvasElement | null>,
): (base: boolean) => void {
  const frame = useRef({ pending: 0, base: false, overlay: false });
  const pixels = useRef<PixelBuffer | null>(null);
  const overlayWasBlank = useRef(false);
  const drawFrame = useCallback(() => {
    frame.current.pending = 0;
    const s = live.current;
    const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
    const x = xMap(s.viewport, s.plotWidth);
    const base = frame.current.base ? prepare(baseRef.current, s, dpr, true) : null;
    if (base) {
      const [ctx, w, h] = base;
      const began = performance.now();
      let buf = pixels.current;
      if (!buf || buf.width !== w || buf.height !== h || buf.dpr !== dpr) {
        buf = pixels.current = new PixelBuffer(ctx.createImageData(w, h), dpr);
      }
      const stats = drawChart(ctx, buf, {
        layout: s.layout,
        index: s.index,
        idle: s.idle,
        idleStart: s.idleStart,
        x,
        scrollTop: s.scrollTop,
        height: s.viewHeight,
        theme: s.theme,
      });
      s.onFrameDrawn?.({ ...stats, ms: performance.now() - began });
    }
    // A blank overlay left blank is not touched: clearing it again would still make the browser
    // upload the whole canvas with the frame.
    if (frame.current.overlay) {
      const blank = overlayBlank(s);
      const canvas = overlayRef.current;
      const sameSize =
        canvas?.width === Math.round(s.plotWidth * dpr) && canvas.height === Math.round(s.viewHeight * dpr);
      if (!(blank && overlayWasBlank.current && sameSize)) {
        const overlay = prepare(canvas, s, dpr);
        if (overlay) drawOverlay(overlay[0], s, x);
      }
      overlayWasBlank.current = blank;
    }
    frame.current.base = false;
    frame.current.overlay = false;
  }, [live, baseRef, overlayRef]);

  const requestDraw = useCallback(
    (base: boolean) => {
      if (base) frame.current.base = true;
      frame.current.overlay = true;
      if (frame.current.pending || typeof requestAnimationFrame === 'undefined') return;
      frame.current.pending = requestAnimationFrame(drawFrame);
    },
    [drawFrame],
  );

  useEffect(
    () => () => {
      if (frame.current.pending) cancelAnimationFrame(frame.current.pending);
    },
    [],
  );
  return requestDraw;
}
