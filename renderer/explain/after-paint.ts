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

/**
 * `value` as of the last painted frame: `initial` until the first paint after mounting, then each
 * new value once the frame that shows the rest of the view has painted. For what is below the
 * first screen (explanations, metrics, memory), on opening and after every edit.
 */
export function useAfterPaint<T>(value: T, initial: T): T {
  const [shown, setShown] = useState<{ value: T }>({ value: initial });
  useEffect(() => {
    if (shown.value === value) return;
    return afterPaint(() => setShown({ value }));
  }, [value, shown]);
  return shown.value;
}
