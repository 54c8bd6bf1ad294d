import type { ConfigError } from '../../core/model/config';
import type { ScheduleName } from '../../core/model/scenario';
import { scheduleNames } from '../../core/schedules';
import { scheduleColor, scheduleTitle } from './schedule-color';

/**
 * A checkbox per schedule: ticked ones are compared; the document's own schedule is always in;
 * a schedule that cannot run the scenario is greyed out with the reason.
 */
export function SchedulePicker(p: {
  current: ScheduleName;
  chosen: readonly ScheduleName[];
  reason: Map<ScheduleName, ConfigError[]>;
  onToggle(s: ScheduleName, on: boolean): void;
}) {
  return (
    <fieldset className="schedule-picker" aria-label="Schedules to compare" data-testid="schedule-picker">
      {scheduleNames().map((s) => {
        const errs = p.reason.get(s) ?? [];
        const disabled = errs.length > 0;
        const why = errs.map((e) => `${e.path}: ${e.message}`).join('\n');
        return (
          <label
            key={s}
            className={disabled ? 'disabled' : undefined}
            title={disabled ? `Cannot run: ${why}` : undefined}
          >
            <input
              type="checkbox"
              data-testid={`compare-${s}`}
              checked={p.chosen.includes(s) && !disabled}
              disabled={disabled || s === p.current}
              onChange={(e) => p.onToggle(s, e.target.checked)}
            />
            <span className="swatch" style={{ background: scheduleColor(s) }} aria-hidden="true" />
            {scheduleTitle(s)}
            {disabled ? <span className="hint"> (cannot run: {errs[0]?.message})</span> : null}
          </label>
        );
      })}
    </fieldset>
  );
}
