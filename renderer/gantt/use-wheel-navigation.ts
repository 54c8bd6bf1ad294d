import { type MutableRefObject, type RefObject, useEffect } from 'react';
import type { ChartState } from './chart-state';
import { GUTTER } from './geometry';
import { panBy, type Viewport, wheelPixels, wheelZoomFactor, zoomAround } from './viewport';

/**
 * Wheel over the plot: zoom around the pointer; shift+wheel or a horizontal (trackpad) swipe pans.
 * Over the device labels the wheel is left to the page. The listener is not passive, so that it can
 * keep the page from scrolling while it zooms.
 */
export function useWheelNavigation(
  scrollerRef: RefObject<HTMLElement | null>,
  live: MutableRefObject<ChartState>,
  onViewportChange: (v: Viewport) => void,
): void {
  useEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const s = live.current;
      const rect = el.getBoundingClientRect();
      const px = e.clientX - rect.left - GUTTER;
      if (px < 0) return;
      e.preventDefault();
      const span = s.viewport.t1 - s.viewport.t0;
      const dx = wheelPixels(e.deltaX, e.deltaMode, s.plotWidth);
      const dy = wheelPixels(e.deltaY, e.deltaMode, s.viewHeight);
      let next: Viewport;
      if (e.shiftKey || Math.abs(dx) > Math.abs(dy)) {
        const d = e.shiftKey && Math.abs(dx) <= Math.abs(dy) ? dy : dx;
        next = panBy(s.viewport, (d / s.plotWidth) * span, s.layout.makespan);
      } else {
        const anchor = s.viewport.t0 + (px / s.plotWidth) * span;
        next = zoomAround(s.viewport, wheelZoomFactor(dy), anchor, s.layout.makespan);
      }
      onViewportChange(next);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [scrollerRef, live, onViewportChange]);
}
