import type { ScheduleConfig } from '../model/config';
import type { Schedule } from '../model/schedule';
import type { Ms } from '../model/units';
import { type AnalyticBubbleRule, fmtTerm, near } from '../schedules/analytic-rule';
import { getSchedule } from '../schedules/registry';

/** A schedule's closed-form bubble next to the measured figure it predicts. */
export interface AnalyticBubble {
  /** The formula as text, e.g. "(PP-1)(F+B)". */
  formula: string;
  /** Its value for this scenario's costs (ms), or null when the schedule has no closed form. */
  value: Ms | null;
  /** The values substituted, e.g. "PP = 4, F = 1, B = 2 (full backward)". */
  terms: string;
  /** Which measured metric it is compared to (a METRIC_DEFINITIONS key). */
  comparedTo: 'maxIdle';
  measured: Ms;
  /** Conditions under which the formula is exact. */
  conditions: string;
  conditionsHold: boolean;
  /** The conditions that fail here (empty when they hold). */
  failing: string[];
  source: string;
}

/** For an order no registered schedule made (a custom order). */
const NO_RULE: AnalyticBubbleRule = {
  formula: 'none',
  conditions: 'no closed form: this order is not one of the registered schedules',
  source: '-',
};

function uniform(a: Float64Array): boolean {
  for (let d = 1; d < a.length; d++) if (!near(a[d], a[0])) return false;
  return true;
}

/**
 * The schedule's analytic bubble (its registry entry's rule; docs/formulas.md lists them), checked
 * against the conditions every closed form assumes. F, B, W are one op's costs (device cost x
 * the schedule's chunkShare). `pairTime` is one overlapped pair's duration (F&B) when chunks have
 * parts: the simulated isolated pair.
 */
export function analyticBubble(
  schedule: Schedule,
  config: ScheduleConfig,
  opts: { hasParts: boolean; pairTime: Ms | null; measuredMaxIdle: Ms },
): AnalyticBubble {
  const rule = getSchedule(schedule.name)?.analyticBubble ?? NO_RULE;
  const share = schedule.chunkShare;
  const failing: string[] = [];
  if (!(uniform(config.forward) && uniform(config.backwardInput) && uniform(config.backwardWeight)))
    failing.push('costs are not the same on every device');
  if (config.p2p !== 0) failing.push(`P2P costs ${fmtTerm(config.p2p)} ms (the formula assumes 0)`);
  if (opts.hasParts) failing.push('chunks have parts: op times include communication on another stream');
  const evaluated = rule.evaluate?.({
    devices: schedule.devices,
    stages: schedule.stages,
    chunksPerDevice: schedule.chunksPerDevice,
    microbatches: config.microbatches,
    F: config.forward[0] * share,
    B: config.backwardInput[0] * share,
    W: config.backwardWeight[0] * share,
    deviceF: config.forward[0],
    deviceB: config.backwardInput[0],
    deviceW: config.backwardWeight[0],
    pairTime: opts.pairTime,
  });
  if (evaluated) failing.push(...evaluated.failing);
  return {
    formula: rule.formula,
    value: evaluated ? evaluated.value : null,
    terms: evaluated ? evaluated.terms : '',
    comparedTo: 'maxIdle',
    measured: opts.measuredMaxIdle,
    conditions: rule.conditions,
    conditionsHold: evaluated !== undefined && failing.length === 0,
    failing,
    source: rule.source,
  };
}
