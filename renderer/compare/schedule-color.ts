import { schemeTableau10 } from 'd3';
import { SCHEDULE_NAMES, type ScheduleName } from '../../core/model/scenario';
import { SCHEDULES } from '../../core/schedules';

/** A schedule's colour in the compare view's picker and charts (Tableau 10, in schedule order). */
export function scheduleColor(s: ScheduleName): string {
  return schemeTableau10[SCHEDULE_NAMES.indexOf(s) % 10];
}

/** A schedule's display name. */
export const scheduleTitle = (s: ScheduleName): string => SCHEDULES[s]?.title ?? s;
