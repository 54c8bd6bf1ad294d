import type { StageCosts } from './layout';
import type { ScenarioOrder } from './order';
import type { PathError } from './path-error';

export type { StageCosts } from './layout';
import type { Pairing } from './scenario';
import type { Ms } from './units';

/** What a schedule generator gets: the shape, and the costs for generators that adapt to them. */
export interface ScheduleConfig {
  devices: number;
  microbatches: number;
  /** Chunks per device for schedules that take it (interleaved-1f1b). */
  chunks: number;
  /** Micro-batches per virtual-stage group for schedules that take it (interleaved-1f1b), or null: its default. */
  groupSize: number | null;
  /** The pairing the scenario asks for; schedules that support 'combined-1f1b' generate its pairs. */
  pairing: Pairing;
  /** Per device, per micro-batch, whole device share (ms). Length = devices. */
  forward: Float64Array;
  backwardInput: Float64Array;
  backwardWeight: Float64Array;
  p2p: Ms;
  /** Max activations in flight per device, in micro-batch-chunks, or null (the schedule's default). */
  activationBudget: number | null;
  /**
   * Per-stage op costs from the scenario's layout, or absent/null (every op: its device's cost x
   * chunkShare). `forward`, `backwardInput` and `backwardWeight` above then hold each device's
   * costs for its whole share as the stages add up, for generators and formulas that read them.
   */
  stageCosts?: StageCosts | null;
  /** The scenario's own order, for the schedule that runs it ("custom"); absent or null otherwise. */
  order?: ScenarioOrder | null;
}

/** An expected failure: a configuration the schedule cannot run. The same shape as every path error. */
export type ConfigError = PathError;

export function uniformConfig(
  devices: number,
  microbatches: number,
  f = 1,
  b = 1,
  w = 1,
  extra: Partial<Pick<ScheduleConfig, 'chunks' | 'groupSize' | 'pairing' | 'p2p' | 'activationBudget'>> = {},
): ScheduleConfig {
  return {
    devices,
    microbatches,
    chunks: extra.chunks ?? 2,
    groupSize: extra.groupSize ?? null,
    pairing: extra.pairing ?? 'off',
    forward: new Float64Array(devices).fill(f),
    backwardInput: new Float64Array(devices).fill(b),
    backwardWeight: new Float64Array(devices).fill(w),
    p2p: extra.p2p ?? 0,
    activationBudget: extra.activationBudget ?? null,
  };
}
