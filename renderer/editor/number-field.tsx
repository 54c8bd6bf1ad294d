import { type ReactNode, useId, useState } from 'react';
import { describedBy, FieldShell } from './field-shell';
import { Input } from './stable-input';
import { useGesture } from './use-gesture';

/** A number as the editor shows it: up to 10 significant digits (or `digits`), no trailing zeros. */
export function formatNumber(n: number, digits = 10): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Number.parseFloat(n.toPrecision(digits)));
}

/**
 * Significant digits a table cell shows: enough to tell devices apart, few enough for seven columns
 * in the editor; the cell's title has the whole value.
 */
const CELL_DIGITS = 5;

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
  /** Beside the label: a derived scenario's mark (derive-marks.tsx). */
  mark?: ReactNode;
  /** A table cell's mark: its class and its text (the cell's title). */
  cellMark?: { className: string; title: string } | null;
}

/**
 * A number input that commits every valid keystroke (the chart follows at once) and keeps what
 * the user typed while it does not parse, marking the field with why.
 */
export function NumberField(p: NumberFieldProps) {
  const id = useId();
  const gesture = useGesture(p.path);
  const digits = p.compact ? CELL_DIGITS : 10;
  const shown = p.value === null ? '' : formatNumber(p.toDisplay ? p.toDisplay(p.value) : p.value, digits);
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
    <Input
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
        const nextShown = formatNumber(p.toDisplay ? p.toDisplay(value) : value, digits);
        // Keep "1." or "0.50" as typed while the document holds the same number.
        setDraft({ text: t, base: nextShown });
        p.onChange(value, gesture.key());
      }}
    />
  );
  if (p.compact) {
    const marked = p.cellMark;
    return (
      <div
        className={`cell${errors.length ? ' field-invalid' : ''}${marked ? ` ${marked.className}` : ''}`}
        title={
          [...errors, p.value === null ? '' : formatNumber(p.value), marked?.title ?? '']
            .filter(Boolean)
            .join('\n') || undefined
        }
        data-mark={marked ? marked.className.replace('cell-', '') : undefined}
      >
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
    <FieldShell id={id} label={p.label} hint={p.hint} errors={errors} unit={p.unit} mark={p.mark}>
      {input}
    </FieldShell>
  );
}
