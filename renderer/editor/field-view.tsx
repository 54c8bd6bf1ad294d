import type { Draft } from 'immer';
import { type ReactNode, useContext } from 'react';
import type { Scenario } from '../../core/model/scenario';
import { DeriveMarksContext, DerivedMark, cellMark } from './derive-marks';
import { CheckboxField, RangeField, SelectField, TextField } from './fields';
import { NumberField } from './number-field';
import type { FieldSpec, Hint, NumberSpec } from './field-table';
import { assignAt, valueAt } from '../object-path';

export interface EditorActions {
  edit(label: string, recipe: (d: Draft<Scenario>) => void, gesture?: string | null): void;
  endGesture(): void;
}

/** What a block of the editor (the costs, the chunk parts) gets. */
export interface BlockProps {
  scenario: Scenario;
  /** The errors of a path, looked up by the editor before it rendered. */
  errorsAt: (path: string) => string[];
  actions: EditorActions;
}

export function hintFor(hint: Hint | undefined, s: Scenario): ReactNode {
  return typeof hint === 'function' ? hint(s) : hint;
}

/** A number field from its spec; `path`, `label`, `undo` and `set` may be overridden (table cells). */
export function NumberSpecField(p: {
  spec: NumberSpec;
  scenario: Scenario;
  errors: string[];
  actions: EditorActions;
  value?: number | null;
  set?: (d: Draft<Scenario>, v: number | null) => void;
  path?: string;
  label?: string;
  undo?: string;
  compact?: boolean;
}) {
  const { spec, actions } = p;
  const marks = useContext(DeriveMarksContext);
  const path = p.path ?? spec.path;
  const stored = p.value !== undefined ? p.value : valueAt(p.scenario, spec.path);
  const scale = spec.display?.factor;
  return (
    <NumberField
      path={p.path ?? spec.path}
      label={p.label ?? spec.label}
      value={typeof stored === 'number' ? stored : null}
      unit={p.compact ? undefined : spec.unit}
      step={spec.step}
      min={spec.aboveMin ? undefined : spec.min}
      max={spec.max}
      integer={spec.integer}
      nullable={spec.nullable}
      compact={p.compact}
      mark={p.compact ? undefined : <DerivedMark path={path} />}
      cellMark={p.compact ? cellMark(marks, path) : null}
      toDisplay={scale ? (v) => v / scale : undefined}
      fromDisplay={scale ? (v) => v * scale : undefined}
      hint={p.compact ? undefined : hintFor(spec.hint, p.scenario)}
      errors={p.errors}
      onChange={(v, gesture) => {
        if (v === null && !spec.nullable) return;
        actions.edit(
          p.undo ?? spec.undo,
          (d) => {
            if (p.set) p.set(d, v);
            else assignAt(d, spec.path, v);
            if (v !== null) spec.also?.(d, v);
          },
          gesture,
        );
      }}
      onGestureEnd={() => actions.endGesture()}
    />
  );
}

/** One field of the editor's field table. */
export function FieldView({
  spec,
  scenario: s,
  errors,
  actions,
}: {
  spec: FieldSpec;
  scenario: Scenario;
  errors: string[];
  actions: EditorActions;
}) {
  const end = () => actions.endGesture();
  const hint = hintFor(spec.hint, s);
  switch (spec.kind) {
    case 'number':
      return <NumberSpecField spec={spec} scenario={s} errors={errors} actions={actions} />;
    case 'text':
      return (
        <TextField
          path={spec.path}
          label={spec.label}
          value={spec.read ? spec.read(s) : String(valueAt(s, spec.path) ?? '')}
          multiline={spec.multiline}
          placeholder={spec.placeholder}
          hint={hint}
          normalize={spec.normalize}
          errors={errors}
          onChange={(v, g) =>
            actions.edit(spec.undo, (d) => (spec.write ? spec.write(d, v) : assignAt(d, spec.path, v)), g)
          }
          onGestureEnd={end}
        />
      );
    case 'select':
      return (
        <SelectField
          path={spec.path}
          label={spec.label}
          value={String(valueAt(s, spec.path))}
          options={spec.options}
          hint={hint}
          mark={<DerivedMark path={spec.path} />}
          errors={errors}
          onChange={(v) => actions.edit(spec.undo(v), (d) => assignAt(d, spec.path, v))}
        />
      );
    case 'checkbox':
      return (
        <CheckboxField
          path={spec.path}
          label={spec.label}
          checked={valueAt(s, spec.path) === true}
          hint={hint}
          errors={errors}
          onChange={(v) => actions.edit(spec.undo, (d) => assignAt(d, spec.path, v))}
        />
      );
    case 'range':
      return (
        <RangeField
          path={spec.path}
          label={spec.label}
          value={Number(valueAt(s, spec.path))}
          min={spec.min(s)}
          max={spec.max(s)}
          onChange={(v, g) => actions.edit(spec.undo, (d) => assignAt(d, spec.path, v), g)}
          onGestureEnd={end}
        />
      );
  }
}
