import type { StageCosts } from '../model/config';
import type { ChunkParts } from '../model/scenario';
import type { Ms } from '../model/units';

/** What the simulator needs besides the order. A ScheduleConfig is assignable to it. */
export interface SimInput {
  /** Per device, per micro-batch, whole device share (ms). */
  forward: Float64Array;
  backwardInput: Float64Array;
  backwardWeight: Float64Array;
  /**
   * One activation/gradient transfer between devices (ms): the scenario's `p2p.time`, plus
   * bytes / bandwidth when it gives them (`p2pTime` in core/model/costs.ts adds them up).
   */
  p2p: Ms;
  /** Whether a transfer occupies the sending device's communication stream. */
  p2pOccupiesComm?: boolean;
  /**
   * Per-stage op costs (a scenario's layout): when set, each op takes its stage's cost for its kind
   * (BW: backwardInput + backwardWeight) instead of its device's cost x chunkShare. Not with parts.
   */
  stageCosts?: StageCosts | null;
  /** When set, every op is built from these parts (compute and communication streams). */
  parts?: ChunkParts | null;
  /** SMs reserved for communication; compute parts run slower by total / (total - reserved). */
  smSplit?: { total: number; reserved: number };
}
