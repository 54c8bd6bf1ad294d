import type { AppStore } from '../state/store';

/** The view's "compact rows" switch (8-px compute and 6-px communication lanes), in both views. */
export function CompactToggle({ store, on }: { store: AppStore; on: boolean }) {
  return (
    <label className="compact-toggle">
      <input
        type="checkbox"
        data-testid="compact-rows"
        checked={on}
        onChange={(e) => store.setView({ compactRows: e.target.checked })}
      />{' '}
      compact rows
    </label>
  );
}
