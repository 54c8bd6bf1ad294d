import type { ScheduleConfig } from '../model/config';
import type { Schedule } from '../model/schedule';
import type { Ms } from '../model/units';

/** A schedule's closed-form bubble next to the measured figure it predicts. */
export interface AnalyticBubble {
  /** The formula as text, e.g. "(PP-1)(F+B)". */
  formula: string;
  /** Its value for this scenario's costs (ms), or null when DOMAIN.md gives no closed form. */
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

const DUALPIPE_README = 'deepseek-ai/DualPipe README (DOMAIN.md table)';
/** A number for display: at most 4 decimals, no float noise. */
const fmt = (x: number) => String(Number(x.toFixed(4)));
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

function uniform(a: Float64Array): boolean {
  for (let d = 1; d < a.length; d++) if (!near(a[d], a[0])) return false;
  return true;
}

/**
 * The DOMAIN.md analytic bubble for the schedule. F, B, W are one op's costs (device cost x the
 * schedule's chunkShare); B in the formulas is the full backward B + W as in the DualPipe README.
 * `pairTime` is one overlapped pair's duration (F&B): F + full B when chunks have no parts, else
 * the simulated isolated pair.
 */
export function analyticBubble(
  schedule: Schedule,
  config: ScheduleConfig,
  opts: { hasParts: boolean; pairTime: Ms | null; measuredMaxIdle: Ms },
): AnalyticBubble {
  const P = schedule.devices;
  const share = schedule.chunkShare;
  const F = config.forward[0] * share;
  const Bi = config.backwardInput[0] * share;
  const W = config.backwardWeight[0] * share;
  const B = Bi + W;
  const failing: string[] = [];
  if (!(uniform(config.forward) && uniform(config.backwardInput) && uniform(config.backwardWeight)))
    failing.push('costs are not the same on every device');
  if (config.p2p !== 0) failing.push(`P2P costs ${fmt(config.p2p)} ms (the formula assumes 0)`);
  if (opts.hasParts) failing.push('chunks have parts: op times include communication on another stream');
  const base = 'same F, B, W on every device; no P2P cost; chunks without parts';
  const r = (formula: string, value: Ms | null, terms: string, conditions: string, source: string) => ({
    formula,
    value,
    terms,
    comparedTo: 'maxIdle' as const,
    measured: opts.measuredMaxIdle,
    conditions,
    conditionsHold: value !== null && failing.length === 0,
    failing,
    source,
  });
  const fbTerms = `PP = ${P}, F = ${fmt(F)}, B = ${fmt(B)} (full backward B + W)`;
  switch (schedule.name) {
    case 'gpipe':
      return r('(PP-1)(F+B)', (P - 1) * (F + B), fbTerms, base, 'Huang et al. 2019 (GPipe)');
    case '1f1b':
      return r('(PP-1)(F+B)', (P - 1) * (F + B), fbTerms, base, DUALPIPE_README);
    case 'interleaved-1f1b': {
      const v = schedule.chunksPerDevice;
      const Fd = config.forward[0];
      const Bd = config.backwardInput[0] + config.backwardWeight[0];
      if (config.microbatches % P !== 0)
        failing.push(`m = ${config.microbatches} is not a multiple of P = ${P}`);
      return r(
        '(P-1)(F+B)/v',
        ((P - 1) * (Fd + Bd)) / v,
        `P = ${P}, v = ${v}, F = ${fmt(Fd)}, B = ${fmt(Bd)} (a device's whole share, full backward)`,
        `${base}; m a multiple of P`,
        'Narayanan et al., SC21 (Megatron-LM)',
      );
    }
    case 'zb-h1':
      // With equal costs on every device ZB-H1 idles (PP-1)(F+B_in-min(F,B_in,W)) (tested in
      // core/schedules/zb-h1.test.ts), which is the README's (PP-1)(F+B-2W) exactly when W is at
      // most F and B_in; with a larger W no order with 1F1B's memory reaches the formula.
      if (W > F + 1e-12 || W > Bi + 1e-12)
        failing.push(
          `W (${fmt(W)}) exceeds F (${fmt(F)}) or the input-grad B (${fmt(Bi)}): the formula is then below what 1F1B's memory allows`,
        );
      return r(
        '(PP-1)(F+B-2W)',
        (P - 1) * (F + B - 2 * W),
        `${fbTerms}, W = ${fmt(W)}`,
        `${base}; W <= F and W <= B (input-grad)`,
        `${DUALPIPE_README}; Qi et al., ICLR 2024`,
      );
    case 'dualpipe':
    case 'dualpipev': {
      const PP = schedule.stages;
      if (!near(F, Bi)) failing.push(`F (${fmt(F)}) differs from the input-grad backward B (${fmt(Bi)})`);
      if (W > F + 1e-12) failing.push(`W (${fmt(W)}) exceeds F (${fmt(F)})`);
      const FB = opts.pairTime ?? F + B;
      return r(
        '(PP/2-1)(F&B+B-3W)',
        (PP / 2 - 1) * (FB + B - 3 * W),
        `PP = ${PP} stages, F&B = ${fmt(FB)} (one overlapped pair), B = ${fmt(B)} (full backward), W = ${fmt(W)}`,
        `${base}; F equal to the input-grad part of B; W <= F`,
        DUALPIPE_README,
      );
    }
    default:
      return r(
        'none',
        null,
        '',
        'DOMAIN.md gives no closed form for this schedule (ZB-H2 and ZB-V are designed for a near-zero bubble when F = B = W)',
        'Qi et al., ICLR 2024',
      );
  }
}
