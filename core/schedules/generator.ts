import type { ConfigError, ScheduleConfig } from '../model/config';
import type { Schedule } from '../model/schedule';
import type { ScheduleName } from '../model/scenario';

/** One schedule: a pure function from a config to every device's op order, plus its constraints. */
export interface ScheduleGenerator {
  name: ScheduleName;
  /** Display name, e.g. "Interleaved 1F1B". */
  title: string;
  /** One line for `pipescope schedules` and the editor. */
  summary: string;
  /** Where the schedule comes from (paper, repository). */
  source: string;
  /** Why this config cannot run this schedule; empty when it can. Never throws. */
  check(config: ScheduleConfig): ConfigError[];
  /** The op order. Only called with a config that `check` accepted. */
  generate(config: ScheduleConfig): Schedule;
}

export function positiveInt(value: number, path: string, what: string, min = 1): ConfigError[] {
  return Number.isInteger(value) && value >= min
    ? []
    : [{ path, message: `${what} must be a whole number >= ${min} (got ${value})` }];
}
