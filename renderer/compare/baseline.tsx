import type { ScheduleName } from '../../core/model/scenario';
import { scheduleTitle } from './schedule-color';

/** The CLI's baseline when the user chose none: `pipescope compare` speaks against 1F1B. */
const PREFERRED_BASELINE: ScheduleName = '1f1b';

/**
 * The schedule the compare view's ratios are against: the user's choice while it is compared,
 * else 1F1B when it is compared, else the first (the rule `pipescope compare` follows).
 */
export function compareBaseline(
  chosen: ScheduleName | null,
  compared: readonly ScheduleName[],
): ScheduleName | null {
  if (chosen && compared.includes(chosen)) return chosen;
  if (compared.includes(PREFERRED_BASELINE)) return PREFERRED_BASELINE;
  return compared[0] ?? null;
}

/** Which compared schedule the ratios are against. */
export function BaselinePicker(p: {
  value: ScheduleName | null;
  options: readonly ScheduleName[];
  onChange(s: ScheduleName): void;
}) {
  return (
    <label className="baseline-picker">
      ratios against{' '}
      <select
        data-testid="compare-baseline"
        value={p.value ?? ''}
        onChange={(e) => p.onChange(e.target.value as ScheduleName)}
      >
        {p.options.map((s) => (
          <option key={s} value={s}>
            {scheduleTitle(s)}
          </option>
        ))}
      </select>
    </label>
  );
}
