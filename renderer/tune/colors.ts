import { schemeTableau10 } from 'd3';
import { scheduleNames } from '../../core/schedules/registry';

/**
 * A schedule's colour in Find best: Tableau 10 in registry order, then six more, so that every
 * schedule of the registry (twelve today) has its own colour in the scatter, where schedules sit
 * side by side (the compare view's palette repeats after ten).
 */
const PALETTE = [...schemeTableau10, '#3b3b98', '#8c6d31', '#17becf', '#bcbd22', '#843c39', '#7b4173'];

export function tuneColor(schedule: string): string {
  const i = scheduleNames().indexOf(schedule);
  return PALETTE[Math.max(i, 0) % PALETTE.length];
}
