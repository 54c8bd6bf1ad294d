import { useRef } from 'react';

const MIN = 240;
const MAX = 720;

/** The handle between the editor and the views: drag it, or focus it and use the arrow keys. */
export function Splitter({ width, onChange }: { width: number; onChange: (w: number) => void }) {
  const drag = useRef<{ x: number; w: number } | null>(null);
  const clamp = (w: number) => Math.round(Math.min(MAX, Math.max(MIN, w)));
  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable, draggable splitter has no native element
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the editor"
      aria-valuemin={MIN}
      aria-valuemax={MAX}
      aria-valuenow={width}
      tabIndex={0}
      data-testid="splitter"
      onPointerDown={(e) => {
        drag.current = { x: e.clientX, w: width };
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        if (drag.current) onChange(clamp(drag.current.w + e.clientX - drag.current.x));
      }}
      onPointerUp={() => {
        drag.current = null;
      }}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 64 : 16;
        if (e.key === 'ArrowLeft') onChange(clamp(width - step));
        else if (e.key === 'ArrowRight') onChange(clamp(width + step));
        else return;
        e.preventDefault();
      }}
    />
  );
}
