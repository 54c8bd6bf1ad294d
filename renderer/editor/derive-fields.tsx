import type { Scenario } from '../../core/model/scenario';
import type { DeriveContext, DeriveFieldSpec } from './derive-field-table';
import { readDeriveField } from './derive-edits';
import { CheckboxField, SelectField, TextField } from './fields';
import { NumberField } from './number-field';

/** How a panel field changes the document: the new value (undefined: clear an optional field). */
export type DeriveChange = (label: string, path: string, value: unknown, gesture?: string) => void;

const parseList = (t: string): number[] | null => {
  const items = t
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (items.length === 0) return null;
  const nums = items.map(Number);
  return nums.every((n) => Number.isFinite(n)) ? nums : null;
};

/** One field of the Model & cluster panel, from its spec (derive-field-table.ts). */
export function DeriveField({
  spec,
  scenario: s,
  context,
  errors,
  onChange,
  onGestureEnd,
}: {
  spec: DeriveFieldSpec;
  scenario: Scenario;
  context: DeriveContext;
  errors: string[];
  onChange: DeriveChange;
  onGestureEnd: () => void;
}) {
  const value = readDeriveField(s, spec.path);
  const undo = `Set ${spec.label.replace(/ \(.*$/, '')}`;
  switch (spec.kind) {
    case 'number':
      return (
        <NumberField
          path={spec.path}
          label={spec.label}
          value={typeof value === 'number' ? value : null}
          unit={spec.unit}
          step={spec.step}
          min={spec.min}
          max={spec.max}
          integer={spec.integer}
          nullable={spec.nullable}
          hint={spec.hint}
          errors={errors}
          onChange={(v, g) => onChange(undo, spec.path, v === null ? nullOrAbsent(spec.path) : v, g)}
          onGestureEnd={onGestureEnd}
        />
      );
    case 'select': {
      const options = spec.options(context);
      const current = value === undefined ? '' : typeof value === 'string' ? value : 'custom';
      return (
        <SelectField
          path={spec.path}
          label={spec.label}
          value={current}
          options={options}
          hint={spec.hint}
          errors={errors}
          onChange={(v) => {
            if (v === 'custom') return;
            onChange(
              `${spec.label}: ${options.find((o) => o.value === v)?.label ?? v}`,
              spec.path,
              v === '' ? undefined : v,
            );
          }}
        />
      );
    }
    case 'checkbox':
      return (
        <CheckboxField
          path={spec.path}
          label={spec.label}
          checked={value === true}
          hint={spec.hint}
          errors={errors}
          onChange={(v) => onChange(undo, spec.path, v)}
        />
      );
    case 'list':
      return (
        <TextField
          path={spec.path}
          label={spec.label}
          value={Array.isArray(value) ? value.join(', ') : ''}
          placeholder={spec.nullable}
          hint={spec.hint}
          errors={errors}
          normalize={(t) => (parseList(t) ?? []).join(', ')}
          onChange={(t, g) => {
            const list = parseList(t);
            if (list === null && t.trim() !== '') return;
            onChange(undo, spec.path, list ?? (spec.nullable ? null : []), g);
          }}
          onGestureEnd={onGestureEnd}
        />
      );
  }
}

/**
 * What an emptied nullable field stores: null where the format has null (peaks, group limits,
 * the training run), nothing where the field is left out (GPUs per node, the global batch).
 */
function nullOrAbsent(path: string): null | undefined {
  return path === 'derive.hardware.gpusPerNode' || path.startsWith('derive.run.globalBatch')
    ? undefined
    : null;
}
