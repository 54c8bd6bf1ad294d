import type { ChartDensity } from '../gantt';
import type { AppStore } from '../state/store';

/** The view's "compact rows" switch (the charts' density: 9-px compute lanes), in both views. */
export function CompactToggle({ store, density }: { store: AppStore; density: ChartDensity }) {
  return (
    <label className="compact-toggle">
      <input
        type="checkbox"
        data-testid="compact-rows"
        checked={density === 'compact'}
        onChange={(e) => store.setView({ chartDensity: e.target.checked ? 'compact' : 'normal' })}
      />{' '}
      compact rows
    </label>
  );
}
