import { type ReactNode, useId, useRef, useState } from 'react';

/**
 * A gesture key per focus: every keystroke while a field has focus merges into one undo entry;
 * leaving the field (blur) ends the gesture.
 */
function useGesture(name: string): { key: () => string; begin: () => void } {
  const session = useRef(0);
  return {
    key: () => `${name}#${session.current}`,
    begin: () => {
      session.current++;
    },
  };
}

interface FieldShellProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors: string[];
  children: ReactNode;
  unit?: string;
}

function FieldShell({ id, label, hint, errors, children, unit }: FieldShellProps) {
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="field-control">
        {children}
        {unit ? <span className="unit">{unit}</span> : null}
      </div>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {errors.length ? (
        <ul className="field-error" id={`${id}-error`} data-testid="field-error">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function describedBy(id: string, hint: unknown, errors: string[]): string | undefined {
  const ids = [hint ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Number.parseFloat(n.toPrecision(10)));
}

export interface NumberFieldProps {
  /** Scenario path of the value, e.g. `costs.forward[2]`; also the test id. */
  path: string;
  label: ReactNode;
  value: number | null;
  onChange: (value: number | null, gesture: string) => void;
  onGestureEnd: () => void;
  errors: string[];
  unit?: string;
  hint?: ReactNode;
  step?: number;
  /** Valid range (stored units): the arrow keys do not step past it. */
  min?: number;
  max?: number;
  /** Empty input means null (e.g. unlimited capacity); the placeholder says what null means. */
  nullable?: string;
  /** Shown value = toDisplay(value); committed value = fromDisplay(typed). */
  toDisplay?: (v: number) => number;
  fromDisplay?: (v: number) => number;
  integer?: boolean;
  compact?: boolean;
}

/**
 * A number input that commits every valid keystroke (the chart follows at once) and keeps what
 * the user typed while it does not parse, marking the field with why.
 */
export function NumberField(p: NumberFieldProps) {
  const id = useId();
  const gesture = useGesture(p.path);
  const shown = p.value === null ? '' : formatNumber(p.toDisplay ? p.toDisplay(p.value) : p.value);
  const [draft, setDraft] = useState<{ text: string; base: string } | null>(null);
  // A draft only lives while the document still holds the value it was typed over.
  const text = draft && draft.base === shown ? draft.text : shown;
  let localError: string | null = null;
  if (draft && draft.base === shown && draft.text !== shown) {
    const t = draft.text.trim();
    if (t === '' && !p.nullable) localError = 'enter a number';
    else if (t !== '' && !Number.isFinite(Number(t))) localError = `"${draft.text}" is not a number`;
  }
  const errors = localError ? [localError, ...p.errors] : p.errors;

  const input = (
    <input
      id={id}
      type="text"
      inputMode="decimal"
      className={p.compact ? 'compact' : undefined}
      data-testid={`field-${p.path}`}
      value={text}
      placeholder={p.nullable}
      aria-invalid={errors.length > 0}
      aria-describedby={describedBy(id, p.hint, errors)}
      aria-label={p.compact && typeof p.label === 'string' ? p.label : undefined}
      onFocus={gesture.begin}
      onBlur={() => {
        setDraft(null);
        p.onGestureEnd();
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
          const step = p.step ?? 1;
          const cur = Number(text);
          if (!Number.isFinite(cur)) return;
          e.preventDefault();
          let next = Math.round((cur + (e.key === 'ArrowUp' ? step : -step)) * 1e9) / 1e9;
          const inShownUnit = (v: number) => (p.toDisplay ? p.toDisplay(v) : v);
          if (p.min !== undefined) next = Math.max(next, inShownUnit(p.min));
          if (p.max !== undefined) next = Math.min(next, inShownUnit(p.max));
          setDraft(null);
          p.onChange(p.fromDisplay ? p.fromDisplay(next) : next, gesture.key());
        }
      }}
      onChange={(e) => {
        const t = e.target.value;
        const trimmed = t.trim();
        if (trimmed === '' && p.nullable) {
          setDraft(null);
          p.onChange(null, gesture.key());
          return;
        }
        const n = Number(trimmed);
        if (trimmed === '' || !Number.isFinite(n)) {
          setDraft({ text: t, base: shown });
          return;
        }
        const value = p.fromDisplay ? p.fromDisplay(n) : n;
        const nextShown = formatNumber(p.toDisplay ? p.toDisplay(value) : value);
        // Keep "1." or "0.50" as typed while the document holds the same number.
        setDraft({ text: t, base: nextShown });
        p.onChange(value, gesture.key());
      }}
    />
  );
  if (p.compact) {
    return (
      <div className={`cell${errors.length ? ' field-invalid' : ''}`} title={errors.join('\n') || undefined}>
        {input}
        {errors.length ? (
          <span className="cell-error" id={`${id}-error`} data-testid="field-error">
            {errors.join('; ')}
          </span>
        ) : null}
      </div>
    );
  }
  return (
    <FieldShell id={id} label={p.label} hint={p.hint} errors={errors} unit={p.unit}>
      {input}
    </FieldShell>
  );
}

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
        <input type="text" {...common} onChange={(e) => change(e.target.value)} />
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
}) {
  const id = useId();
  return (
    <FieldShell id={id} label={p.label} hint={p.hint} errors={p.errors}>
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
}) {
  const id = useId();
  const errors = p.errors ?? [];
  return (
    <div className={`field field-check${errors.length ? ' field-invalid' : ''}`}>
      <div className="field-control">
        <input
          id={id}
          type="checkbox"
          data-testid={`field-${p.path}`}
          checked={p.checked}
          aria-describedby={describedBy(id, p.hint, errors)}
          onChange={(e) => p.onChange(e.target.checked)}
        />
        <label htmlFor={id}>{p.label}</label>
      </div>
      {p.hint ? (
        <p className="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {errors.length ? (
        <ul className="field-error" id={`${id}-error`} data-testid="field-error">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
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
    <input
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
