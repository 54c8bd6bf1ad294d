import { useId, useRef, useState } from 'react';
import type { ConfigError } from '../../core/model/config';
import type { ScheduleName } from '../../core/model/scenario';
import { scheduleNames } from '../../core/schedules';
import { DisclosureButton } from '../disclosure-button';
import { useClickOutside } from '../use-click-outside';
import { scheduleColor, scheduleTitle } from './schedule-color';

const reasonOf = (errs: ConfigError[]) => errs.map((e) => `${e.path}: ${e.message}`).join('\n');

/**
 * The compared schedules on one line: a chip per schedule (the document's own is always in; the
 * others have a remove button), then "Add or remove" unfolding a checkbox per schedule, where one
 * that cannot run the scenario is greyed out with the reason. The list closes on Escape (back to
 * its button) or a click outside; Tab walks through it like any other controls.
 */
export function SchedulePicker(p: {
  current: ScheduleName;
  chosen: readonly ScheduleName[];
  reason: Map<ScheduleName, ConfigError[]>;
  onToggle(s: ScheduleName, on: boolean): void;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const listId = useId();
  const labelId = useId();
  useClickOutside(root, open, () => setOpen(false));
  const chips = scheduleNames().filter((s) => p.chosen.includes(s));
  const remove = (s: ScheduleName) => {
    p.onToggle(s, false);
    button.current?.focus(); // the chip and its button are gone: focus stays in the picker
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the picker closes its list
    <div
      className="schedule-picker"
      data-testid="schedule-picker"
      ref={root}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open) return;
        e.stopPropagation();
        setOpen(false);
        button.current?.focus();
      }}
    >
      <span className="schedule-picker-label" id={labelId}>
        Compared:
      </span>
      <ul className="schedule-chips" aria-labelledby={labelId}>
        {chips.map((s) => {
          const errs = p.reason.get(s) ?? [];
          const own = s === p.current;
          return (
            <li
              key={s}
              className={errs.length ? 'schedule-chip disabled' : 'schedule-chip'}
              data-testid="compare-chip"
              data-schedule={s}
              title={
                errs.length
                  ? `Cannot run: ${reasonOf(errs)}`
                  : own
                    ? "The document's schedule: always compared"
                    : undefined
              }
            >
              <span className="swatch" style={{ background: scheduleColor(s) }} aria-hidden="true" />
              {scheduleTitle(s)}
              {own ? <span className="hint"> (document)</span> : null}
              {errs.length ? <span className="hint"> (cannot run)</span> : null}
              {own ? null : (
                <button
                  type="button"
                  className="schedule-chip-remove"
                  data-testid={`compare-remove-${s}`}
                  aria-label={`Remove ${scheduleTitle(s)} from the comparison`}
                  title={`Remove ${scheduleTitle(s)}`}
                  onClick={() => remove(s)}
                >
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <DisclosureButton
        ref={button}
        className="schedule-picker-toggle"
        testId="compare-schedules-toggle"
        open={open}
        controls={listId}
        onToggle={() => setOpen(!open)}
      >
        Add or remove
      </DisclosureButton>
      {open ? (
        <fieldset className="schedule-picker-list" id={listId} aria-label="Schedules to compare">
          {scheduleNames().map((s) => {
            const errs = p.reason.get(s) ?? [];
            const disabled = errs.length > 0;
            return (
              <label
                key={s}
                className={disabled ? 'disabled' : undefined}
                title={disabled ? `Cannot run: ${reasonOf(errs)}` : undefined}
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
                {s === p.current ? <span className="hint"> (the document's, always compared)</span> : null}
                {disabled ? <span className="hint"> (cannot run: {errs[0]?.message})</span> : null}
              </label>
            );
          })}
        </fieldset>
      ) : null}
    </div>
  );
}
