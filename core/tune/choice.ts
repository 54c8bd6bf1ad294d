import type { Pairing, ScheduleName } from '../model/scenario';

/**
 * One configuration of the tuner's space and the recomputation modes it can take: the types both
 * the space (core/tune/space.ts) and the scalers that build a configuration's scenario
 * (core/tune/scaling.ts) speak, kept apart so that neither imports the other.
 */

export type Recompute = 'none' | 'selective' | 'full';
export const RECOMPUTE_CHOICES: readonly Recompute[] = ['none', 'selective', 'full'];

/** One configuration: the value of every axis. */
export interface TuneChoice {
  schedule: ScheduleName;
  microbatches: number;
  chunks: number;
  pairing: Pairing;
  smReserved: number;
  activationBudget: number | null;
  /** null where the scaler does not vary recomputation (the scenario's own costs). */
  recompute: Recompute | null;
}
