import type { Pairing, ScheduleName } from '../model/scenario';

/** What the tuner varies (space.ts) and the scalers read (scaling.ts), apart from both. */

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
