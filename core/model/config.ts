import type { PathError } from './path-error';
import type { Ms } from './units';

/** What a schedule generator gets: the shape, and the costs for generators that adapt to them. */
export interface ScheduleConfig {
  devices: number;
  microbatches: number;
  /** Chunks per device for schedules that take it (interleaved-1f1b). */
  chunks: number;
  /** Per device, per micro-batch, whole device share (ms). Length = devices. */
  forward: Float64Array;
  backwardInput: Float64Array;
  backwardWeight: Float64Array;
  p2p: Ms;
  /** Max activations in flight per device, in micro-batch-chunks, or null (the schedule's default). */
  activationBudget: number | null;
}

/** An expected failure: a configuration the schedule cannot run. The same shape as every path error. */
export type ConfigError = PathError;

export function uniformConfig(
  devices: number,
  microbatches: number,
  f = 1,
  b = 1,
  w = 1,
  extra: Partial<Pick<ScheduleConfig, 'chunks' | 'p2p' | 'activationBudget'>> = {},
): ScheduleConfig {
  return {
    devices,
    microbatches,
    chunks: extra.chunks ?? 2,
    forward: new Float64Array(devices).fill(f),
    backwardInput: new Float64Array(devices).fill(b),
    backwardWeight: new Float64Array(devices).fill(w),
    p2p: extra.p2p ?? 0,
    activationBudget: extra.activationBudget ?? null,
  };
}
