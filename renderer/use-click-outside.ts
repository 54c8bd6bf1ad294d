import { type RefObject, useEffect, useRef } from 'react';

/** While `active`, a mouse press outside `root` calls `onOutside` (how a menu or an unfolded list closes). */
export function useClickOutside(
  root: RefObject<HTMLElement | null>,
  active: boolean,
  onOutside: () => void,
): void {
  const callback = useRef(onOutside);
  callback.current = onOutside;
  useEffect(() => {
    if (!active) return;
    const press = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) callback.current();
    };
    window.addEventListener('mousedown', press);
    return () => window.removeEventListener('mousedown', press);
  }, [active, root]);
}
