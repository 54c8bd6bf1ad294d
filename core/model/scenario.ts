import type { Bytes, Ms } from './units';

/**
 * A schedule's name: a key of the schedule registry (core/schedules/registry.ts), which also takes
 * schedules registered at run time. The validator checks it against the registry; the model does
 * not know which schedules exist.
 */
export type ScheduleName = string;

/**
 * @deprecated The eight schedules PipeScope shipped with when names became registry keys. Read
 * `scheduleNames()` from core/schedules/registry.ts instead, which also lists schedules added
 * later. Kept only until the last tests that import it move to the registry.
 */
export const SCHEDULE_NAMES = [
  'gpipe',
  '1f1b',
  'interleaved-1f1b',
  'zb-h1',
  'zb-h2',
  'zb-v',
  'dualpipe',
  'dualpipev',
] as const;

/** One value for every device, or one per device (length = devices). */
export type PerDevice = Ms | Ms[];

/**
 * The parts of one chunk (one op's share of a device's model), in ms per micro-batch per device
 * share, as DualPipe splits them. Compute parts run on the compute stream, dispatch/combine on
 * the communication stream. Weight-grad parts form the W that zero-bubble schedules defer.
 */
export interface ChunkParts {
  forward: { attention: Ms; dispatch: Ms; mlp: Ms; combine: Ms };
  backward: {
    combine: Ms;
    mlpInput: Ms;
    mlpWeight: Ms;
    dispatch: Ms;
    attentionInput: Ms;
    attentionWeight: Ms;
  };
  /**
   * Order in which an overlapped pair runs the ten parts of its two chunks (each stream keeps this
   * order; names as in core/model/costs.ts PAIR_ORDER_ENTRIES, e.g. "combine(B)", "attention(F)").
   * Absent: DeepSeek's profile-data order.
   */
  pairOrder?: string[];
  /**
   * Optional: all-to-all sizes in bytes per micro-batch per device share. When given together
   * with `commBandwidth`, each dispatch/combine time is bytes / bandwidth and replaces the ms
   * value above (e.g. dispatch sent in FP8, combine in BF16).
   */
  commBytes?: {
    forward: { dispatch: Bytes; combine: Bytes };
    backward: { dispatch: Bytes; combine: Bytes };
  };
  /** Bandwidth of the all-to-all in GB/s (1e9 bytes per second), used with `commBytes`. */
  commBandwidth?: number;
}

/**
 * A scenario: one training iteration of one pipeline. Costs are per micro-batch per device: the
 * time a device spends on its whole share of the model. Schedules that cut a device's share into
 * v chunks give each chunk 1/v of it; DualPipe keeps a full share per direction.
 */
export interface Scenario {
  name: string;
  description: string;
  schedule: ScheduleName;
  /** Pipeline devices P (PP ranks). */
  devices: number;
  /** Micro-batches m per iteration. */
  microbatches: number;
  /** Model chunks per device v for interleaved-1f1b; the V schedules and DualPipe fix their own. */
  chunks: number;
  costs: {
    forward: PerDevice;
    /** Backward for the input (B); a full backward is backwardInput + backwardWeight. */
    backwardInput: PerDevice;
    /** Backward for the weights (W). */
    backwardWeight: PerDevice;
  };
  p2p: {
    /**
     * Time of one activation/gradient transfer between consecutive stages on different devices;
     * with `bytes` and `bandwidth` given, the fixed latency to which bytes / bandwidth is added.
     */
    time: Ms;
    /** Size of one transfer (activations or their gradient), or null/absent to give `time` alone. */
    bytes?: Bytes | null;
    /** Link bandwidth in GB/s (1e9 bytes per second), used with `bytes`. */
    bandwidth?: number | null;
    /** Whether the transfer occupies the sending device's communication stream. */
    occupiesComm: boolean;
  };
  /** When set, each chunk is built from these parts (compute and communication streams). */
  parts: ChunkParts | null;
  /** SMs reserved for communication kernels; compute parts run slower by total / (total - reserved). */
  smSplit: { total: number; reserved: number };
  /**
   * Overlapped forward-backward pairs for schedules other than DualPipe/DualPipeV (which always
   * pair): 'off', or 'steady-state' (pair each steady-state F with the backward that follows it,
   * as in Megatron's combined 1F1B).
   */
  pairing: 'off' | 'steady-state';
  memory: {
    /** Activations one F of one chunk allocates (bytes per micro-batch per chunk). */
    activation: Bytes;
    /** Part of those activations that B keeps for W (freed by W). */
    weightGradStash: Bytes;
    /** Parameters (with gradients and optimizer state, if you count them) per chunk. */
    parameters: Bytes;
    /** Device memory capacity, or null for unlimited. */
    capacity: Bytes | null;
    /** Max micro-batch activations in flight per device for schedules that take a budget (ZB-H2), or null. */
    activationBudget: number | null;
  };
  /** Fields PipeScope does not know; kept so that saving never loses a teammate's data. */
  extra?: Record<string, unknown>;
}

const GiB = 1024 ** 3;

export function defaultScenario(): Scenario {
  return {
    name: 'Untitled scenario',
    description: '',
    schedule: '1f1b',
    devices: 4,
    microbatches: 8,
    chunks: 2,
    costs: { forward: 1, backwardInput: 1, backwardWeight: 1 },
    p2p: { time: 0, occupiesComm: false },
    parts: null,
    smSplit: { total: 132, reserved: 0 },
    pairing: 'off',
    memory: {
      activation: 1 * GiB,
      weightGradStash: 0.25 * GiB,
      parameters: 4 * GiB,
      capacity: null,
      activationBudget: null,
    },
  };
}

/** The value of a PerDevice field for device d. */
export function perDevice(v: PerDevice, d: number): Ms {
  return typeof v === 'number' ? v : v[d];
}
