import type { ReactNode } from 'react';

/** One tab of a tab list: pressed when selected; choosing it again does nothing. */
export function TabButton(p: { selected: boolean; testId: string; onSelect(): void; children: ReactNode }) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={p.selected}
      data-testid={p.testId}
      onClick={() => !p.selected && p.onSelect()}
    >
      {p.children}
    </button>
  );
}
