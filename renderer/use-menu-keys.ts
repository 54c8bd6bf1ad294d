import { type KeyboardEvent, type RefObject, useCallback, useEffect, useRef } from 'react';

export interface MenuItem {
  label: string;
  disabled?: boolean;
}

/**
 * The index `key` moves the focus to in a menu of `items` from `current` (-1: none), or null
 * when the key does not move it. Arrow keys wrap around; Home and End go to the ends; a printable
 * character goes to the next item whose label starts with it. Disabled items are skipped.
 */
export function nextMenuIndex(items: readonly MenuItem[], current: number, key: string): number | null {
  const n = items.length;
  const enabled = (i: number) => !items[i].disabled;
  const scan = (from: number, step: 1 | -1, test: (i: number) => boolean): number | null => {
    for (let k = 0; k < n; k++) {
      const i = (((from + step * k) % n) + n) % n;
      if (enabled(i) && test(i)) return i;
    }
    return null;
  };
  switch (key) {
    case 'ArrowDown':
      return scan(current + 1, 1, () => true);
    case 'ArrowUp':
      return scan(current < 0 ? n - 1 : current - 1, -1, () => true);
    case 'Home':
      return scan(0, 1, () => true);
    case 'End':
      return scan(n - 1, -1, () => true);
    default: {
      if (key.length !== 1 || key === ' ') return null;
      const c = key.toLowerCase();
      return scan(current + 1, 1, (i) => items[i].label.trim().toLowerCase().startsWith(c));
    }
  }
}

/**
 * Keyboard behaviour of a menu button and its menu, as the WAI-ARIA Authoring Practices describe
 * it: the button opens the menu on Enter, Space or a click (focus on the first item, as Arrow
 * Down does) or Arrow Up (the last); in the menu, focus moves with nextMenuIndex, Enter and Space
 * choose (the items are buttons: their own click), Escape closes and returns to the button, Tab
 * closes and lets the focus move on. Other letters stay in the menu instead of reaching the app's
 * single-key shortcuts.
 */
export function useMenuKeys(p: {
  items: readonly MenuItem[];
  open: boolean;
  setOpen(open: boolean): void;
  button: RefObject<HTMLButtonElement | null>;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const current = useRef(-1);
  /** Where the focus goes once the menu has opened. */
  const pending = useRef<'first' | 'last' | null>(null);
  const focusItem = useCallback((i: number) => {
    current.current = i;
    refs.current[i]?.focus();
  }, []);

  const { items, open, setOpen, button } = p;
  // Read when the menu opens only: items change while it is open (a scope chosen) and must not
  // move the focus then.
  const itemsNow = useRef(items);
  itemsNow.current = items;
  useEffect(() => {
    if (!open) {
      current.current = -1;
      return;
    }
    const first = (pending.current ?? 'first') === 'first';
    pending.current = null;
    const i = nextMenuIndex(itemsNow.current, first ? -1 : 0, first ? 'ArrowDown' : 'ArrowUp');
    if (i !== null) focusItem(i);
  }, [open, focusItem]);

  return {
    focusItem,
    itemRef: (i: number) => (el: HTMLButtonElement | null) => {
      refs.current[i] = el;
    },
    onButtonKeyDown(e: KeyboardEvent<HTMLButtonElement>) {
      if (e.key === 'Escape' && open) {
        e.preventDefault();
        setOpen(false);
        return;
      }
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      e.preventDefault();
      const first = e.key === 'ArrowDown';
      if (!open) {
        pending.current = first ? 'first' : 'last';
        setOpen(true);
        return;
      }
      const i = nextMenuIndex(items, first ? -1 : 0, first ? 'ArrowDown' : 'ArrowUp');
      if (i !== null) focusItem(i);
    },
    onMenuKeyDown(e: KeyboardEvent<HTMLElement>) {
      if (e.key === 'Escape') {
        e.preventDefault();
        // Not the app's Escape too (it would clear the chart's selection).
        e.stopPropagation();
        setOpen(false);
        button.current?.focus();
        return;
      }
      if (e.key === 'Tab') {
        setOpen(false);
        return;
      }
      const next = nextMenuIndex(items, current.current, e.key);
      const letter = e.key.length === 1 && e.key !== ' ' && !e.ctrlKey && !e.metaKey && !e.altKey;
      if (next === null && !letter) return;
      e.preventDefault();
      e.stopPropagation();
      if (next !== null) focusItem(next);
    },
  };
}
