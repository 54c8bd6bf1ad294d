import { schemeTableau10 } from 'd3';
import type { ScheduleName } from '../../core/model/scenario';
import { scheduleNames } from '../../core/schedules';

/** A schedule's colour in the compare view's picker and charts (Tableau 10, in registry order). */
export function scheduleColor(s: ScheduleName): string {
  return schemeTableau10[scheduleNames().indexOf(s) % 10];
}

/** A schedule's display name. */
export { scheduleTitle } from '../../core/schedules';
