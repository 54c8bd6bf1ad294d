import type { PathError } from '../../core/model/path-error';
import type { ScheduleName } from '../../core/model/scenario';
import { scheduleNames, scheduleTitle } from '../../core/schedules';

/**
 * Which schedule the Schedule view draws under the document's (the view's `reference`), with why
 * it cannot run the scenario when it cannot.
 */
export function ReferencePicker(p: {
  current: ScheduleName;
  value: ScheduleName | null;
  errors: PathError[];
  onChange(s: ScheduleName | null): void;
}) {
  return (
    <span className="reference-picker">
      <label>
        compared with{' '}
        <select
          data-testid="reference-schedule"
          value={p.value ?? ''}
          onChange={(e) => p.onChange(e.target.value ? (e.target.value as ScheduleName) : null)}
        >
          <option value="">none</option>
          {scheduleNames()
            .filter((s) => s !== p.current)
            .map((s) => (
              <option key={s} value={s}>
                {scheduleTitle(s)}
              </option>
            ))}
        </select>
      </label>
      {p.errors.length ? (
        <span className="hint" data-testid="reference-error">
          {' '}
          cannot run this scenario: {p.errors[0].path}: {p.errors[0].message}
        </span>
      ) : null}
    </span>
  );
}
