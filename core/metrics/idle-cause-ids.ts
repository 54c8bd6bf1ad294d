/**
 * Why a device's compute stream is idle (docs/simulator-and-metrics.md, "Idle time by cause").
 * Every idle interval between t = 0 and the makespan gets exactly one, so a device's causes sum
 * to its idle time.
 */
export const IDLE_CAUSES = ['fill', 'drain', 'dependency', 'p2p', 'exposedComm', 'memory', 'tail'] as const;
export type IdleCause = (typeof IDLE_CAUSES)[number];

/** Numeric ids of the causes (their index in IDLE_CAUSES), as the interval columns store them. */
export const IdleCauseId = {
  fill: 0,
  drain: 1,
  dependency: 2,
  p2p: 3,
  exposedComm: 4,
  memory: 5,
  tail: 6,
} as const satisfies Record<IdleCause, number>;

export const CAUSE_COUNT = IDLE_CAUSES.length;

// The ids as plain constants, for the walks' hot loops (a constant, not a property read).
export const FILL = IdleCauseId.fill;
export const DRAIN = IdleCauseId.drain;
export const DEPENDENCY = IdleCauseId.dependency;
export const P2P = IdleCauseId.p2p;
export const EXPOSED = IdleCauseId.exposedComm;
export const MEMORY = IdleCauseId.memory;
export const TAIL = IdleCauseId.tail;

/** Idle time per device and cause (ms). */
export interface IdleByCause {
  devices: number;
  /** byDevice[d * IDLE_CAUSES.length + cause]: ms of device d's compute-stream idle time with that cause. */
  byDevice: Float64Array;
  /** Sum over devices, per cause. */
  total: Float64Array;
}

/**
 * Every idle interval of every device's compute stream, grouped by device (device d's intervals
 * are [deviceStart[d], deviceStart[d + 1]), in time order), with its cause and what it waited for.
 * For the chart (tint by cause) and its tooltip (idleIntervalText).
 */
export interface IdleIntervals {
  count: number;
  deviceStart: Int32Array;
  start: Float64Array;
  end: Float64Array;
  /** IdleCauseId. */
  cause: Uint8Array;
  /**
   * The op it waited for: fill, drain, dependency, memory and p2p: the op on another device whose
   * result it needed; exposedComm: the op whose communication part it waited for (-1 when that
   * part cannot be named); tail: -1.
   */
  waitedOp: Int32Array;
  /** p2p: the transfer (index in timeline.transfers) still in flight; else -1. */
  transfer: Int32Array;
  /** exposedComm with chunk parts: the communication part (row in timeline.parts) it waited for; else -1. */
  part: Int32Array;
  /** The op the device ran when the interval ended (-1 for tail). */
  nextOp: Int32Array;
  /** memory: the forward whose input was already there but which the order runs later; else -1. */
  heldForward: Int32Array;
}
