import { type MutableRefObject, type RefObject, useEffect } from 'react';
import type { ChartState } from './chart-state';
import { panBy, type Viewport, wheelPixels, wheelZoomFactor, zoomAround } from './viewport';

/**
 * The wheel over the plot, as Perfetto and map tools do it: a plain vertical wheel is left to the
 * page (or the rows), so the page scrolls past the chart; Ctrl (Cmd on a Mac) + wheel and a
 * trackpad pinch (which the browser reports as Ctrl + wheel) zoom around the pointer; Shift +
 * wheel and a horizontal swipe pan. Over the device labels everything is left to the page. The
 * listener is not passive, so that it can keep the page from zooming or scrolling sideways.
 */
export function useWheelNavigation(
  plotRef: RefObject<HTMLElement | null>,
  live: MutableRefObject<ChartState>,
  onViewportChange: (v: Viewport) => void,
): void {
  useEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const s = live.current;
      const dx = wheelPixels(e.deltaX, e.deltaMode, s.plotWidth);
      const dy = wheelPixels(e.deltaY, e.deltaMode, s.viewHeight);
      const span = s.viewport.t1 - s.viewport.t0;
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        const px = e.clientX - el.getBoundingClientRect().left;
        const anchor = s.viewport.t0 + (px / s.plotWidth) * span;
        onViewportChange(zoomAround(s.viewport, wheelZoomFactor(dy), anchor, s.timeDomain));
        return;
      }
      const sideways = Math.abs(dx) > Math.abs(dy);
      if (!e.shiftKey && !sideways) return; // the page scrolls
      e.preventDefault();
      // Shift + wheel: browsers report it as deltaY, or (some platforms) already as deltaX.
      const d = sideways ? dx : dy;
      onViewportChange(panBy(s.viewport, (d / s.plotWidth) * span, s.timeDomain));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [plotRef, live, onViewportChange]);
}
