import { type Draft, current, isDraft, original } from 'immer';
import { overridesAfterEdit } from '../../core/cost-model/scenario-derive';
import type { Scenario } from '../../core/model/scenario';

/**
 * A document edit that also marks the derived values it changed as overridden (the scenario's
 * `derive.overrides`, docs/cost-model.md "In the scenario"), inside the same Immer recipe, so the
 * edit and its marks are one undo entry. Edits that change the derive section itself (the Model &
 * cluster panel, "reset to derived") say what they mean and are left as they are.
 */
export function withOverrideMarks(recipe: (d: Draft<Scenario>) => void): (d: Draft<Scenario>) => void {
  return (d) => {
    recipe(d);
    if (!isDraft(d)) return;
    const before = original(d) as Scenario | undefined;
    if (!before?.derive || !d.derive) return;
    const after = current(d) as Scenario;
    if (JSON.stringify(before.derive) !== JSON.stringify(after.derive)) return;
    const next = overridesAfterEdit(before, after, after.derive!.overrides);
    if (next.length !== after.derive!.overrides.length) d.derive.overrides = next;
  };
}
