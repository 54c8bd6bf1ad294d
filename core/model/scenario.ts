import type { Bytes, Ms } from './units';

/**
 * A schedule's name: a key of the schedule registry (core/schedules/registry.ts), which also takes
 * schedules registered at run time. The validator checks it against the registry; the model does
 * not know which schedules exist.
 */
export type ScheduleName = string;

/** How a scenario asks for overlapped forward-backward pairs (see Scenario.pairing). */
export type Pairing = 'off' | 'steady-state' | 'combined-1f1b';

export const PAIRINGS: readonly Pairing[] = ['off', 'steady-state', 'combined-1f1b'];

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
 * A mapping from profiler annotation names to chunk parts, as a document: what a mapping file
 * holds and what a scenario saves beside parts measured with it (docs/traces.md, "A mapping file";
 * core/trace/mapping.ts reads it).
 */
export interface TraceMapDocument {
  format?: string;
  version?: number;
  /** false: only `parts` rules apply, not the DeepSeek and Megatron names PipeScope knows. */
  defaults?: boolean;
  /** Annotation name (`*` and `?` wildcards) -> part name or its field ("forward.attention"), or null. */
  parts?: Record<string, string | null>;
  /** Annotation ranges (layers) that make one chunk; absent or null: the trace is one chunk of each kind. */
  layersPerChunk?: number | null;
  /** "<stream>" or "<rank>:<stream>" -> the stream's role. */
  streamRoles?: Record<string, 'compute' | 'comm'>;
  /** Extra communication kernel names (regular expressions, case-insensitive). */
  commKernels?: string[];
}

/** Which chunk parts were measured from a profiler trace, when, and how (docs/traces.md). */
export interface MeasuredPartsMark {
  /** The trace files, as named when they were read. */
  files: string[];
  /** When the first trace was recorded (ISO 8601), or null when the trace does not say. */
  date: string | null;
  /** The parts taken from the trace (names as in PAIR_ORDER_ENTRIES); the others were kept. */
  parts: string[];
  /** Whether parts.pairOrder is the order the trace showed. */
  pairOrder?: boolean;
  /** The chunk share the measured chunk times were divided by (the schedule's, when measured). */
  chunkShare?: number;
  /** The SM slowdown the measured compute parts were divided by (smSplit, when measured). */
  smSlowdown?: number;
  /** The mapping from annotation names to parts that was used; opening the trace again starts from it. */
  mapping: TraceMapDocument;
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
  /**
   * Micro-batches per group of virtual-stage forwards (Megatron-LM's
   * `microbatch_group_size_per_vp_stage`) for schedules that take it (interleaved-1f1b), or null:
   * the schedule's default (Megatron's: the device count P).
   */
  groupSize: number | null;
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
  /** Present when (some of) `parts` were measured from a profiler trace. */
  measuredParts?: MeasuredPartsMark;
  /** SMs reserved for communication kernels; compute parts run slower by total / (total - reserved). */
  smSplit: { total: number; reserved: number };
  /**
   * Overlapped forward-backward pairs for schedules other than DualPipe/DualPipeV (which always
   * pair): 'off'; 'steady-state' (pair each steady-state F with the backward that follows it, any
   * schedule); or 'combined-1f1b' (Megatron-LM's combined 1F1B with EP all-to-all overlap, which
   * the schedules that support it generate themselves: one more warm-up forward, then every
   * steady-state forward paired with its backward).
   */
  pairing: Pairing;
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
    groupSize: null,
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
