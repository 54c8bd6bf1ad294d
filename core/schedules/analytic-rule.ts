import type { Ms } from '../model/units';

/**
 * A schedule's closed-form bubble (docs/formulas.md lists them with their sources). The metrics
 * (core/metrics/analytic.ts) evaluate it next to the measured idle time it predicts.
 */
export interface AnalyticBubbleRule {
  /** The formula as text, e.g. "(PP-1)(F+B)"; "none" where PipeScope compares no closed form. */
  readonly formula: string;
  /** When it is exact (ANALYTIC_BASE_CONDITIONS and the schedule's own), or why there is none. */
  readonly conditions: string;
  readonly source: string;
  /** Its value for these costs; absent where there is no closed form. */
  evaluate?(input: AnalyticInput): AnalyticEvaluation;
}

/** What a closed form is written in: the shape and device 0's costs (the formulas assume equal devices). */
export interface AnalyticInput {
  /** P */
  readonly devices: number;
  /** PP in the DualPipe README's notation: stages a micro-batch passes through. */
  readonly stages: number;
  readonly chunksPerDevice: number;
  readonly microbatches: number;
  /** One op's costs: device 0's cost x the schedule's chunkShare. `B` is the input-gradient part only. */
  readonly F: Ms;
  readonly B: Ms;
  readonly W: Ms;
  /** Device 0's costs for its whole share (Megatron writes the interleaved bubble in these). */
  readonly deviceF: Ms;
  readonly deviceB: Ms;
  readonly deviceW: Ms;
  /** One overlapped pair's duration when chunks have parts (the simulated isolated pair), else null. */
  readonly pairTime: Ms | null;
}

export interface AnalyticEvaluation {
  value: Ms;
  /** The values substituted, e.g. "PP = 4, F = 1, B = 2 (full backward B + W)". */
  terms: string;
  /** The schedule's own conditions that fail here (the base conditions are checked by the caller). */
  failing: string[];
}

/** Conditions every closed form assumes; core/metrics/analytic.ts checks them for all schedules. */
export const ANALYTIC_BASE_CONDITIONS = 'same F, B, W on every device; no P2P cost; chunks without parts';

/** A number for display: at most 4 decimals, no float noise. */
export const fmtTerm = (x: number) => String(Number(x.toFixed(4)));

/** Equal up to float noise. */
export const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** "PP = 4, F = 1, B = 2 (full backward B + W)": the terms of the formulas in F and full B. */
export function fullBackwardTerms(t: AnalyticInput): string {
  return `PP = ${t.devices}, F = ${fmtTerm(t.F)}, B = ${fmtTerm(t.B + t.W)} (full backward B + W)`;
}

/** (PP-1)(F+B) with B the full backward: 1F1B's and GPipe's bubble per device. */
export function onePerDeviceBubble(t: AnalyticInput): AnalyticEvaluation {
  return { value: (t.devices - 1) * (t.F + (t.B + t.W)), terms: fullBackwardTerms(t), failing: [] };
}

/** The DualPipe README's source line, shared by the schedules whose formula it states. */
export const DUALPIPE_README = 'deepseek-ai/DualPipe README';
