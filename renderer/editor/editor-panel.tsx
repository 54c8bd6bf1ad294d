import type { ConfigError } from '../../core/model/config';
import type { Scenario } from '../../core/model/scenario';
import { CostFields, costErrorPaths, costsAsTable } from './cost-fields';
import { DeriveMarksContext, useDeriveMarks } from './derive-marks';
import { EditorSection } from './editor-section';
import { FieldErrors } from './errors';
import { type BlockSpec, EDITOR_SECTIONS, type FieldSpec, type SectionSpec } from './field-table';
import { type EditorActions, FieldView } from './field-view';
import { LayoutFields, layoutErrorPaths } from './layout-fields';
import { ModelClusterPanel, deriveErrorPaths } from './model-cluster-panel';
import { OrderFields, orderErrorPaths } from './order-fields';
import { PartsFields, partsErrorPaths } from './parts-fields';

type Entry = FieldSpec | BlockSpec;

const shown = (e: Entry, s: Scenario) => e.kind === 'block' || e.when === undefined || e.when(s);

/** The paths whose errors an entry shows (a slider shows none: its number field does). */
function errorPaths(e: Entry, s: Scenario, table: boolean): string[] {
  if (!shown(e, s)) return [];
  if (e.kind === 'block') {
    switch (e.block) {
      case 'costs':
        return costErrorPaths(s, table);
      case 'parts':
        return partsErrorPaths(s, table);
      case 'derive':
        return deriveErrorPaths(s);
      case 'order':
        return orderErrorPaths(s);
      case 'layout':
        return layoutErrorPaths();
    }
  }
  return e.kind === 'range' ? [] : [e.path];
}

/**
 * Each shown field's errors, looked up before anything renders so that the errors no field shows
 * are known (and listed at the top) in the same render.
 */
function claimErrors(errors: FieldErrors, sections: SectionSpec[], s: Scenario, table: boolean) {
  const byPath = new Map<string, string[]>();
  for (const section of sections)
    for (const e of section.entries) {
      for (const path of errorPaths(e, s, table)) byPath.set(path, errors.at(path));
    }
  return (path: string) => byPath.get(path) ?? [];
}

/** The scenario editor: the sections of the field table, each change one undoable edit. */
export function EditorPanel({
  scenario: s,
  errors: allErrors,
  actions,
  perDeviceCosts,
  onTogglePerDevice,
}: {
  scenario: Scenario;
  errors: readonly ConfigError[];
  actions: EditorActions;
  perDeviceCosts: boolean;
  onTogglePerDevice: (on: boolean) => void;
}) {
  const table = costsAsTable(s, perDeviceCosts);
  const marks = useDeriveMarks(s, actions);
  const errors = new FieldErrors(allErrors);
  const errorsAt = claimErrors(errors, EDITOR_SECTIONS, s, table);
  const rest = errors.unclaimed();
  const entry = (e: Entry) => {
    if (e.kind === 'block') {
      const props = { scenario: s, errorsAt, actions };
      switch (e.block) {
        case 'costs':
          return <CostFields key="costs" {...props} table={table} onTogglePerDevice={onTogglePerDevice} />;
        case 'parts':
          return <PartsFields key="parts" {...props} table={table} />;
        case 'derive':
          return <ModelClusterPanel key="derive" {...props} />;
        case 'order':
          return <OrderFields key="order" {...props} />;
        case 'layout':
          return <LayoutFields key="layout" {...props} />;
      }
    }
    return (
      <FieldView
        key={`${e.kind}:${e.path}`}
        spec={e}
        scenario={s}
        errors={errorsAt(e.path)}
        actions={actions}
      />
    );
  };
  return (
    <DeriveMarksContext.Provider value={marks}>
      <form
        className="editor"
        aria-label="Scenario editor"
        data-testid="editor"
        onSubmit={(e) => e.preventDefault()}
      >
        {rest.length ? (
          <div className="editor-errors" role="alert" data-testid="editor-errors">
            <strong>This scenario cannot run:</strong>
            <ul>
              {rest.map((e) => (
                <li key={`${e.path}:${e.message}`}>
                  <code>{e.path}</code> {e.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {EDITOR_SECTIONS.map((section) => (
          <EditorSection
            key={section.title}
            title={section.title}
            testId={section.testId}
            hasErrors={section.entries.some((e) =>
              errorPaths(e, s, table).some((path) => errorsAt(path).length > 0),
            )}
          >
            {section.entries.filter((e) => shown(e, s)).map(entry)}
          </EditorSection>
        ))}
      </form>
    </DeriveMarksContext.Provider>
  );
}
