import type { Draft } from 'immer';
import type { Scenario } from '../../core/model/scenario';
import type { AppStore } from '../state/store';

/**
 * Makes a configuration's scenario the document in one undo entry: every field replaced by the
 * scenario the run evaluated (the document it started from with the configuration applied and
 * the form's capacity), so the schedule view shows exactly what the chart did.
 */
export function applyConfiguration(store: AppStore, scenario: Scenario, label: string): void {
  store.edit(`Apply ${label} from Find best`, (draft: Draft<Scenario>) => {
    const d = draft as unknown as Record<string, unknown>;
    const target = scenario as unknown as Record<string, unknown>;
    for (const k of Object.keys(d)) if (!(k in target)) delete d[k];
    for (const [k, v] of Object.entries(target)) d[k] = structuredClone(v);
  });
}
