import { type MutableRefObject, type PointerEvent, type RefObject, useRef } from 'react';
import type { ChartState, Hover } from './chart-state';
import { xMap } from './draw';
import { DRAG_THRESHOLD, HIT_SLACK } from './geometry';
import { hitTest, laneAtY, visibleIntervals } from './spatial-index';
import { panBy, type Viewport } from './viewport';

interface Drag {
  x: number;
  y: number;
  vp: Viewport;
  moved: boolean;
  id: number;
}

export interface PlotPointer {
  onPointerDown(e: PointerEvent<HTMLElement>): void;
  onPointerMove(e: PointerEvent<HTMLElement>): void;
  onPointerUp(e: PointerEvent<HTMLElement>): void;
  onPointerLeave(): void;
  /** A drag is panning the view (at the last render). */
  panning: boolean;
}

/** The idle interval of `lane` holding time t, or -1. */
function idleAt(s: ChartState, lane: number, t: number): number {
  const [from, to] = visibleIntervals(s.idle, s.idleStart, lane, t, t);
  for (let i = from; i < to; i++) if (s.idle.start[i] <= t && t < s.idle.end[i]) return i;
  return -1;
}

/**
 * The pointer over the plot: hovering a bar (or, between bars, an idle interval) sets `hover`;
 * dragging pans; a press that does not move is a click, which selects the micro-batch of the bar
 * under it (or clears the selection).
 */
export function usePlotPointer(p: {
  live: MutableRefObject<ChartState>;
  rootRef: RefObject<HTMLElement | null>;
  hover: Hover | null;
  setHover(h: Hover | null): void;
  onViewportChange(v: Viewport): void;
  onSelectMicrobatch(mb: number | null): void;
}): PlotPointer {
  const { live, hover, setHover } = p;
  const drag = useRef<Drag | null>(null);

  /** The bar under the pointer (-1: none) and where the pointer is. */
  const target = (e: PointerEvent<HTMLElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const s = live.current;
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    const x = xMap(s.viewport, s.plotWidth);
    const lane = laneAtY(s.index, py + s.scrollTop);
    const t = x.t0 + px / x.pxPerMs;
    const bar = lane < 0 ? -1 : hitTest(s.layout, s.index, lane, t, HIT_SLACK / x.pxPerMs);
    const idle = lane < 0 || bar >= 0 ? -1 : idleAt(s, lane, t);
    const root = p.rootRef.current?.getBoundingClientRect();
    return { px, py, bar, idle, rootX: e.clientX - (root?.left ?? 0), rootY: e.clientY - (root?.top ?? 0) };
  };

  return {
    onPointerDown(e) {
      if (e.button !== 0) return;
      drag.current = { x: e.clientX, y: e.clientY, vp: live.current.viewport, moved: false, id: e.pointerId };
      e.currentTarget.setPointerCapture?.(e.pointerId);
    },
    onPointerMove(e) {
      live.current.pointerX = e.clientX - e.currentTarget.getBoundingClientRect().left;
      const d = drag.current;
      if (d) {
        const dx = e.clientX - d.x;
        if (!d.moved && Math.abs(dx) + Math.abs(e.clientY - d.y) < DRAG_THRESHOLD) return;
        d.moved = true;
        const s = live.current;
        const span = d.vp.t1 - d.vp.t0;
        p.onViewportChange(panBy(d.vp, (-dx / s.plotWidth) * span, s.timeDomain));
        if (hover) setHover(null);
        return;
      }
      const { px, py, bar, idle, rootX, rootY } = target(e);
      if (bar < 0 && idle < 0) {
        if (hover) setHover(null);
      } else if (!hover || hover.bar !== bar || hover.idle !== idle || hover.x !== px || hover.y !== py) {
        setHover({ bar, idle, x: px, y: py, rootX, rootY });
      }
    },
    onPointerUp(e) {
      const d = drag.current;
      drag.current = null;
      if (!d || d.moved) return;
      const { bar } = target(e);
      p.onSelectMicrobatch(bar < 0 ? null : live.current.layout.bars.microbatch[bar]);
    },
    onPointerLeave() {
      live.current.pointerX = null;
      if (hover) setHover(null);
    },
    panning: drag.current?.moved ?? false,
  };
}
