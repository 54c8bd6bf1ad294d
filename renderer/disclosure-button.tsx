import type { ReactNode, Ref } from 'react';

/**
 * A button that unfolds and folds the element whose id is `controls` (the WAI-ARIA disclosure
 * pattern): it says whether that is open, to assistive technology and with ▾ / ▴.
 */
export function DisclosureButton(p: {
  open: boolean;
  controls: string;
  onToggle(): void;
  className?: string;
  testId?: string;
  ref?: Ref<HTMLButtonElement>;
  children: ReactNode;
}) {
  return (
    <button
      ref={p.ref}
      type="button"
      className={p.className}
      data-testid={p.testId}
      aria-expanded={p.open}
      aria-controls={p.open ? p.controls : undefined}
      onClick={p.onToggle}
    >
      {p.children} {p.open ? '▴' : '▾'}
    </button>
  );
}
