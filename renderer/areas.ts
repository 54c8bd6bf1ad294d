/**
 * The areas of the window the keyboard can jump between (skip links, F6 / Shift+F6), in the order
 * Tab visits them. Found by what the views render, so no view needs to know about this.
 */
export const AREAS = [
  { id: 'toolbar', label: 'Toolbar', selector: '.toolbar' },
  { id: 'editor', label: 'Editor', selector: '[data-testid="editor"]' },
  {
    id: 'chart',
    label: 'Chart',
    selector: '.view-pane [data-testid="gantt"], .view-pane [data-testid="trace-view"]',
  },
  { id: 'metrics', label: 'Metrics', selector: '.view-pane [data-testid="metrics"]' },
] as const;

export type AreaId = (typeof AREAS)[number]['id'];

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function areaElement(id: AreaId): HTMLElement | null {
  const area = AREAS.find((a) => a.id === id);
  return area ? document.querySelector<HTMLElement>(area.selector) : null;
}

/** The areas on screen now (the editor may be hidden; the trace view has no metrics). */
export function presentAreas(): AreaId[] {
  return AREAS.filter((a) => areaElement(a.id) !== null).map((a) => a.id);
}

/**
 * Moves the focus into an area: onto it when it takes focus itself (the chart), else onto its
 * first control, else onto the area (made focusable for that). False when the area is not on screen.
 */
export function focusArea(id: AreaId): boolean {
  const el = areaElement(id);
  if (!el) return false;
  const target = el.matches(FOCUSABLE) ? el : (el.querySelector<HTMLElement>(FOCUSABLE) ?? el);
  if (target === el && !el.matches(FOCUSABLE)) el.tabIndex = -1;
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: 'nearest' });
  return true;
}

/** The next (or previous) area from the one holding the focus, wrapping around; focuses it. */
export function cycleArea(step: 1 | -1): void {
  const present = presentAreas();
  if (present.length === 0) return;
  const active = document.activeElement;
  const at = present.findIndex((id) => areaElement(id)?.contains(active));
  const next = at < 0 ? (step > 0 ? 0 : present.length - 1) : (at + step + present.length) % present.length;
  focusArea(present[next]);
}
