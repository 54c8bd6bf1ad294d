import { type AppStore, useAppState } from '../state/store';
import { EditorPanel } from './editor-panel';

/** The editor bound to a store, as the app wires it (per-device costs off), for component tests. */
export function EditorHarness({ store }: { store: AppStore }) {
  const scenario = useAppState(store, (s) => s.history.present);
  return (
    <EditorPanel
      scenario={scenario}
      errors={[]}
      actions={{ edit: store.edit.bind(store), endGesture: store.endGesture.bind(store) }}
      perDeviceCosts={false}
      onTogglePerDevice={() => {}}
    />
  );
}
