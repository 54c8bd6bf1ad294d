import { type MutableRefObject, type RefObject, useEffect, useLayoutEffect, useState } from 'react';
import type { ChartState } from './chart-state';

/** Height assumed before the first measurement (jsdom never measures). */
const INITIAL_HEIGHT = 400;

/** The nearest ancestor that scrolls vertically, or null for the window. */
export function scrollParentOf(el: HTMLElement | null): HTMLElement | null {
  for (let p = el?.parentElement ?? null; p; p = p.parentElement) {
    const oy = getComputedStyle(p).overflowY;
    if (oy === 'auto' || oy === 'scroll' || oy === 'overlay') return p;
  }
  return null;
}

/**
 * Reads where the browser placed the sticky plot over the rows (plot top minus rows top) into
 * `live.scrollTop`, and asks for a redraw of the base layer when it moved.
 */
function measurePlot(
  rows: HTMLElement | null,
  plot: HTMLElement | null,
  live: MutableRefObject<ChartState>,
  requestDraw: (base: boolean) => void,
): void {
  if (!rows || !plot) return;
  const top = Math.max(0, plot.getBoundingClientRect().top - rows.getBoundingClientRect().top);
  if (top === live.current.scrollTop) return;
  live.current.scrollTop = top;
  requestDraw(true);
}

/**
 * Where the canvases sit over the rows while something scrolls them. The canvases are sticky: as
 * tall as the scrolling area shows (less `stickyTop`, the sticky time axis above them), pinned
 * there while the rows move under them. `scroller` is what scrolls ('container': the chart's own
 * row scroller; 'rows': the nearest scrolling ancestor, e.g. the page). On every scroll the rows'
 * offset under the canvas (the plot's top minus the rows' top, as the browser placed it) goes into
 * `live.scrollTop` and the base layer is redrawn. Returns the canvas height (CSS px).
 */
export function useScrollFrame(p: {
  own: boolean;
  stickyTop: number;
  scrollerRef: RefObject<HTMLElement | null>;
  rowsRef: RefObject<HTMLElement | null>;
  plotRef: RefObject<HTMLElement | null>;
  layoutHeight: number;
  live: MutableRefObject<ChartState>;
  requestDraw(base: boolean): void;
}): number {
  const { own, stickyTop, scrollerRef, rowsRef, plotRef, live, requestDraw } = p;
  const [visible, setVisible] = useState(INITIAL_HEIGHT);
  const viewHeight = Math.max(1, Math.min(p.layoutHeight, visible - stickyTop));

  useEffect(() => {
    const scroller = own ? scrollerRef.current : scrollParentOf(scrollerRef.current);
    const measure = () => measurePlot(rowsRef.current, plotRef.current, live, requestDraw);
    const resize = () => {
      const h = scroller ? scroller.clientHeight : window.innerHeight;
      if (h > 0) setVisible(h);
      measure();
    };
    resize();
    const target: HTMLElement | Window = scroller ?? window;
    target.addEventListener('scroll', measure, { passive: true });
    let ro: ResizeObserver | null = null;
    if (scroller && typeof ResizeObserver !== 'undefined') {
      ro = new ResizeObserver(resize);
      ro.observe(scroller);
    } else window.addEventListener('resize', resize);
    return () => {
      target.removeEventListener('scroll', measure);
      ro?.disconnect();
      window.removeEventListener('resize', resize);
    };
  }, [own, scrollerRef, rowsRef, plotRef, live, requestDraw]);

  // After a render that changed the canvas or the rows, the sticky plot may sit elsewhere.
  // biome-ignore lint/correctness/useExhaustiveDependencies: these sizes move the sticky plot
  useLayoutEffect(
    () => measurePlot(rowsRef.current, plotRef.current, live, requestDraw),
    [viewHeight, p.layoutHeight, live, rowsRef, plotRef, requestDraw],
  );
  return viewHeight;
}
