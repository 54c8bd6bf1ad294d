import type { Metrics } from '../../core/metrics/metrics';
import { fmtMs } from '../metrics/metric-rows';

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The line over a schedule's rows in a stacked chart: its name, iteration time, and how much of
 * its communication runs under computation (whole iteration and steady state), so hidden versus
 * exposed communication is said beside the lanes that show it.
 */
export function blockLabel(title: string, m: Metrics): string {
  const head = `${title} · ${fmtMs(m.makespan)}`;
  const whole = m.comm.overlapFraction;
  if (whole === null) return head;
  const steady = m.steadyState.overlap;
  const ss = steady === null ? '' : `, ${pct(steady)} in the steady state`;
  return `${head} · ${pct(whole)} of its communication under computation${ss}`;
}
