import { type AreaId, focusArea } from './areas';
import type { ViewMode } from './state/view';

/**
 * The first stops of Tab: links straight to the chart, the editor and the metrics, shown only
 * while one has focus (so the toolbar's two dozen controls and the editor's fields need not be
 * tabbed through to reach the chart).
 */
export function SkipLinks({ mode, editorOpen }: { mode: ViewMode; editorOpen: boolean }) {
  const links: { area: AreaId; label: string }[] = [
    { area: 'chart', label: mode === 'trace' ? 'Skip to the trace view' : 'Skip to the chart' },
    ...(editorOpen ? [{ area: 'editor' as const, label: 'Skip to the editor' }] : []),
    ...(mode === 'trace' ? [] : [{ area: 'metrics' as const, label: 'Skip to the metrics' }]),
  ];
  return (
    <div className="skip-links" data-testid="skip-links">
      {links.map((l) => (
        <a
          key={l.area}
          href={`#${l.area}`}
          data-testid={`skip-${l.area}`}
          onClick={(e) => {
            e.preventDefault();
            focusArea(l.area);
          }}
        >
          {l.label}
        </a>
      ))}
    </div>
  );
}
