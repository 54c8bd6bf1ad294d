import { schemeTableau10 } from 'd3';
import type { ScheduleName } from '../../core/model/scenario';
import { scheduleNames } from '../../core/schedules';

/**
 * Two more colours after Tableau 10 (cyan and olive, from d3's category 10, unlike any of Tableau's),
 * so that the eleventh and twelfth schedules (DualPipe, DualPipeV) do not take GPipe's and 1F1B's.
 */
const MORE_COLORS = ['#17becf', '#bcbd22'];

/** A schedule's colour in the compare view's picker and charts (Tableau 10 then two more, in registry order). */
export function scheduleColor(s: ScheduleName): string {
  const palette = [...schemeTableau10, ...MORE_COLORS];
  return palette[scheduleNames().indexOf(s) % palette.length];
}

/** A schedule's display name. */
export { scheduleTitle } from '../../core/schedules';
