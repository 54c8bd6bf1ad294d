import { type ReactNode, useId, useState } from 'react';
import { describedBy, FieldNotes, FieldShell } from './field-shell';
import { Input } from './stable-input';
import { useGesture } from './use-gesture';

export function TextField(p: {
  path: string;
  label: string;
  value: string;
  onChange: (value: string, gesture: string) => void;
  onGestureEnd: () => void;
  errors: string[];
  multiline?: boolean;
  placeholder?: string;
  hint?: ReactNode;
  /** What the document will show for typed text (e.g. a list re-joined); default: the text itself. */
  normalize?: (typed: string) => string;
}) {
  const id = useId();
  const gesture = useGesture(p.path);
  // Free text (lists) is kept as typed; the document holds its parsed form.
  const [draft, setDraft] = useState<{ text: string; base: string } | null>(null);
  const text = draft && draft.base === p.value ? draft.text : p.value;
  const common = {
    id,
    'data-testid': `field-${p.path}`,
    value: text,
    placeholder: p.placeholder,
    'aria-invalid': p.errors.length > 0,
    'aria-describedby': describedBy(id, p.hint, p.errors),
    onFocus: gesture.begin,
    onBlur: () => {
      setDraft(null);
      p.onGestureEnd();
    },
  };
  const change = (v: string) => {
    setDraft({ text: v, base: p.normalize ? p.normalize(v) : v });
    p.onChange(v, gesture.key());
  };
  return (
    <FieldShell id={id} label={p.label} errors={p.errors} hint={p.hint}>
      {p.multiline ? (
        <textarea rows={3} {...common} onChange={(e) => change(e.target.value)} />
      ) : (
        <Input type="text" {...common} onChange={(e) => change(e.target.value)} />
      )}
    </FieldShell>
  );
}

export function SelectField<T extends string>(p: {
  path: string;
  label: string;
  value: T;
  options: { value: T; label: string; disabled?: boolean; title?: string }[];
  onChange: (value: T) => void;
  errors: string[];
  hint?: ReactNode;
  mark?: ReactNode;
}) {
  const id = useId();
  return (
    <FieldShell id={id} label={p.label} hint={p.hint} errors={p.errors} mark={p.mark}>
      <select
        id={id}
        data-testid={`field-${p.path}`}
        value={p.value}
        aria-invalid={p.errors.length > 0}
        aria-describedby={describedBy(id, p.hint, p.errors)}
        onChange={(e) => p.onChange(e.target.value as T)}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled} title={o.title}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxField(p: {
  path: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
  errors?: string[];
  mark?: ReactNode;
}) {
  const id = useId();
  const errors = p.errors ?? [];
  return (
    <div className={`field field-check${errors.length ? ' field-invalid' : ''}`}>
      <div className="field-control">
        <Input
          id={id}
          type="checkbox"
          data-testid={`field-${p.path}`}
          checked={p.checked}
          aria-describedby={describedBy(id, p.hint, errors)}
          onChange={(e) => p.onChange(e.target.checked)}
        />
        <label htmlFor={id}>{p.label}</label>
        {p.mark}
      </div>
      <FieldNotes id={id} hint={p.hint} errors={errors} />
    </div>
  );
}

/**
 * A slider: dragging shows every value at once, and the whole drag (or run of arrow keys while
 * focused) is one undo entry, closed when the pointer is released or focus leaves.
 */
export function RangeField(p: {
  path: string;
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (value: number, gesture: string) => void;
  onGestureEnd: () => void;
}) {
  const gesture = useGesture(`${p.path}:slider`);
  return (
    <Input
      type="range"
      className="slider"
      aria-label={p.label}
      data-testid={`slider-${p.path}`}
      min={p.min}
      max={p.max}
      step={p.step ?? 1}
      value={Math.min(p.max, Math.max(p.min, p.value))}
      onFocus={gesture.begin}
      onPointerDown={gesture.begin}
      onPointerUp={p.onGestureEnd}
      onBlur={p.onGestureEnd}
      onChange={(e) => p.onChange(Number(e.target.value), gesture.key())}
    />
  );
}
