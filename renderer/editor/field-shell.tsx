import type { ReactNode } from 'react';

interface FieldShellProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors: string[];
  children: ReactNode;
  unit?: string;
  /** Beside the label: how a derived scenario's value stands (derive-marks.tsx). */
  mark?: ReactNode;
}

/** A field's label (and mark), control (with its unit), hint and errors. */
export function FieldShell({ id, label, hint, errors, children, unit, mark }: FieldShellProps) {
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}`}>
      {mark ? (
        <div className="field-label-row">
          <label htmlFor={id}>{label}</label>
          {mark}
        </div>
      ) : (
        <label htmlFor={id}>{label}</label>
      )}
      <div className="field-control">
        {children}
        {unit ? <span className="unit">{unit}</span> : null}
      </div>
      <FieldNotes id={id} hint={hint} errors={errors} />
    </div>
  );
}

/** A field's hint and its errors, under the control (ids for aria-describedby). */
export function FieldNotes({ id, hint, errors }: { id: string; hint?: ReactNode; errors: string[] }) {
  return (
    <>
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
    </>
  );
}

/** The ids of a field's hint and error list, for aria-describedby. */
export function describedBy(id: string, hint: unknown, errors: string[]): string | undefined {
  const ids = [hint ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}
