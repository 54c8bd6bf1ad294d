import { useState } from 'react';
import { saveBudgetError } from '../../core/format/scenario-file';
import { moveAction } from '../../core/schedules/custom-edit';
import type { DerivedAnalysis } from '../analysis/use-analysis';
import { ORDER_KEYS_HELP, type OrderEdit } from '../gantt';
import type { AppStore } from '../state/store';
import './order.css';

/**
 * Editing the order on the chart: whether dragging moves ops (a view setting, never undoable),
 * and each move as one undoable edit of the document, or refused with the reason. The first move
 * of a generated schedule turns it into a custom order.
 */
export function useOrderEditing(store: AppStore, derived: DerivedAnalysis) {
  const [enabled, setEnabled] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const edit: OrderEdit = {
    enabled,
    onMove(device, from, to) {
      const a = derived.analysis;
      if (!a || !derived.current) {
        setMessage('The chart shows the last valid scenario: fix the marked fields before moving ops.');
        return;
      }
      const r = moveAction(store.scenario, a.schedule, device, from, to);
      if (!r.ok) {
        setMessage(r.reason);
        return;
      }
      const next = r.scenario;
      const tooLarge = saveBudgetError(next);
      if (tooLarge) {
        setMessage(`Cannot keep this move: ${tooLarge}`);
        return;
      }
      setMessage(null);
      store.edit(r.label, (d) => {
        d.schedule = next.schedule;
        d.chunks = next.chunks;
        d.pairing = next.pairing;
        d.order = next.order;
      });
    },
  };
  return { edit, enabled, setEnabled, message, dismiss: () => setMessage(null) };
}

/** The chart's "Edit order" switch, what dragging does while it is on, and a refused move's reason. */
export function OrderEditBar({ editing }: { editing: ReturnType<typeof useOrderEditing> }) {
  const { enabled, setEnabled, message, dismiss } = editing;
  return (
    <div className="order-edit-bar" data-testid="order-edit-bar">
      <button
        type="button"
        aria-pressed={enabled}
        data-testid="order-edit-toggle"
        onClick={() => {
          setEnabled(!enabled);
          dismiss();
        }}
      >
        {enabled ? 'Done editing order' : 'Edit order'}
      </button>
      {enabled ? (
        <span className="order-edit-help">
          Drag an op along its device row to move it; or click it, then {ORDER_KEYS_HELP} Each move is one
          undo step.
        </span>
      ) : null}
      {message ? (
        <p className="order-edit-refused" role="alert" data-testid="order-edit-refused">
          {message}
          <button type="button" className="link" aria-label="Dismiss" onClick={dismiss}>
            ×
          </button>
        </p>
      ) : null}
    </div>
  );
}
