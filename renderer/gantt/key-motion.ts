import { type MutableRefObject, useCallback, useEffect, useRef } from 'react';
import type { Ms } from '../../core/model/units';
import type { ChartState } from './chart-state';
import { panBy, type Viewport, zoomAround } from './viewport';

/**
 * W/A/S/D as in Perfetto's timeline (its docs: "W and S zoom in and out, and A and D pan left and
 * right"): held, they move the view continuously, one small step per animation frame.
 */
export type MotionKey = 'w' | 'a' | 's' | 'd';

/** A/D pan this share of the visible span per second held: a screen in about 1.25 s. */
export const PAN_SPAN_PER_S = 0.8;
/** W/S zoom by this factor per second held. */
export const ZOOM_PER_S = 4;
/** A tap moves as far as holding the key this long, so a single press still visibly moves. */
export const MIN_HOLD_MS = 120;

/** The key of a keyboard event as a motion key (no Ctrl, Cmd or Alt: those are shortcuts), or null. */
export function motionKey(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}): MotionKey | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const k = e.key.toLowerCase();
  return k === 'w' || k === 'a' || k === 's' || k === 'd' ? k : null;
}

/**
 * Where `dtMs` of holding `key` moves the view: A/D pan by PAN_SPAN_PER_S of the span per second,
 * W/S zoom by ZOOM_PER_S per second around `anchor` (the pointer's time, or the middle).
 */
export function keyMotion(key: MotionKey, dtMs: number, v: Viewport, anchor: Ms, domain: Ms): Viewport {
  const s = dtMs / 1000;
  const span = v.t1 - v.t0;
  switch (key) {
    case 'a':
      return panBy(v, -span * PAN_SPAN_PER_S * s, domain);
    case 'd':
      return panBy(v, span * PAN_SPAN_PER_S * s, domain);
    case 'w':
      return zoomAround(v, ZOOM_PER_S ** s, anchor, domain);
    case 's':
      return zoomAround(v, ZOOM_PER_S ** -s, anchor, domain);
  }
}

interface Held {
  since: number;
  /** When the motion stops: Infinity while held, else the later of release and since + MIN_HOLD_MS. */
  until: number;
}

/**
 * Continuous W/A/S/D motion: keydown starts a key's motion (auto-repeat is ignored), keyup ends it
 * (after MIN_HOLD_MS at least), losing focus ends all. One viewport change per animation frame.
 */
export function useKeyMotion(
  live: MutableRefObject<ChartState>,
  onViewportChange: (v: Viewport) => void,
): { down(key: MotionKey): void; up(key: MotionKey): void; stop(): void } {
  const held = useRef(new Map<MotionKey, Held>());
  const frame = useRef({ id: 0, last: 0 });
  const onChange = useRef(onViewportChange);
  onChange.current = onViewportChange;

  const tick = useCallback(
    (now: number) => {
      const f = frame.current;
      const s = live.current;
      let v = s.viewport;
      for (const [key, h] of held.current) {
        const from = Math.max(f.last, h.since);
        const to = Math.min(now, h.until);
        if (to > from) {
          const anchor =
            s.pointerX === null ? (v.t0 + v.t1) / 2 : v.t0 + (s.pointerX / s.plotWidth) * (v.t1 - v.t0);
          v = keyMotion(key, to - from, v, anchor, s.timeDomain);
        }
        if (h.until <= now) held.current.delete(key);
      }
      f.last = now;
      if (v !== s.viewport) {
        // The next frame's motion starts from here even before React renders it.
        s.viewport = v;
        onChange.current(v);
      }
      f.id = held.current.size > 0 ? requestAnimationFrame(tick) : 0;
    },
    [live],
  );

  const down = useCallback(
    (key: MotionKey) => {
      const now = performance.now();
      const h = held.current.get(key);
      if (h && h.until === Number.POSITIVE_INFINITY) return; // auto-repeat
      held.current.set(key, { since: now, until: Number.POSITIVE_INFINITY });
      if (!frame.current.id) {
        frame.current.last = now;
        frame.current.id = requestAnimationFrame(tick);
      }
    },
    [tick],
  );
  const up = useCallback((key: MotionKey) => {
    const h = held.current.get(key);
    if (h) h.until = Math.max(performance.now(), h.since + MIN_HOLD_MS);
  }, []);
  const stop = useCallback(() => {
    for (const h of held.current.values()) h.until = Math.min(h.until, h.since + MIN_HOLD_MS);
  }, []);
  useEffect(
    () => () => {
      if (frame.current.id) cancelAnimationFrame(frame.current.id);
    },
    [],
  );
  return { down, up, stop };
}
