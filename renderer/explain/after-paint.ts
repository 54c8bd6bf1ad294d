import { useEffect, useState } from 'react';

/**
 * Runs `fn` once the browser has painted the next frame (a task queued from that frame's animation
 * callback runs after its paint), so work that is not on the first screen never delays it.
 * Returns a function that cancels it.
 */
export function afterPaint(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(fn, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
  };
}

/** The longest an idle callback waits for the page to be idle, ms. */
const IDLE_TIMEOUT_MS = 300;

/**
 * Runs `fn` when the page next has nothing more urgent to do (an idle callback, at the latest
 * IDLE_TIMEOUT_MS later; a plain task where idle callbacks are missing). A task queued right after
 * a paint still runs before the next frame, and after an edit that frame is the one that shows the
 * new chart: an idle callback runs after it (or in the gaps between the frames of a busy page).
 * Returns a function that cancels it.
 */
export function whenIdle(fn: () => void): () => void {
  if (typeof requestIdleCallback === 'undefined') {
    const timer = setTimeout(fn, 0);
    return () => clearTimeout(timer);
  }
  const handle = requestIdleCallback(fn, { timeout: IDLE_TIMEOUT_MS });
  return () => cancelIdleCallback(handle);
}

/**
 * `value` once the page has painted a frame with the rest of the view and is idle: `initial` until
 * then after mounting, then each new value when the page next idles after a paint. For what is
 * below the first screen (explanations, metrics, memory), on opening and after every edit: an
 * edit's chart is painted and shown first.
 */
export function useAfterPaint<T>(value: T, initial: T): T {
  const [shown, setShown] = useState<{ value: T }>({ value: initial });
  useEffect(() => {
    if (shown.value === value) return;
    let cancelIdle = () => {};
    const cancelPaint = afterPaint(() => {
      cancelIdle = whenIdle(() => setShown({ value }));
    });
    return () => {
      cancelPaint();
      cancelIdle();
    };
  }, [value, shown]);
  return shown.value;
}
