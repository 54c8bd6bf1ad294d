import type { DeriveSection } from './derive-section';
import type { ScenarioLayout } from './layout';
import type { ScenarioOrder } from './order';
import type { ScheduleName } from './schedule-name';
import type { Bytes, Ms } from './units';

export type { ScheduleName } from './schedule-name';

/** How a scenario asks for overlapped forward-backward pairs (see Scenario.pairing). */
export type Pairing = 'off' | 'steady-state' | 'combined-1f1b';

export const PAIRINGS: readonly Pairing[] = ['off', 'steady-state', 'combined-1f1b'];

/** One value for every device, or one per device (length = devices). */
export type PerDevice<T extends number = Ms> = T | T[];

/**
 * The parts of one chunk (one op's share of a device's model), in ms per micro-batch per device
 * share, as DualPipe splits them, with each time given as `T`. Compute parts run on the compute
 * stream, dispatch/combine on the communication stream. Weight-grad parts form the W that
 * zero-bubble schedules defer.
 */
export interface PartsOf<T> {
  forward: { attention: T; dispatch: T; mlp: T; combine: T };
  backward: {
    combine: T;
    mlpInput: T;
    mlpWeight: T;
    dispatch: T;
    attentionInput: T;
    attentionWeight: T;
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
    forward: { dispatch: T; combine: T };
    backward: { dispatch: T; combine: T };
  };
  /** Bandwidth of the all-to-all in GB/s (1e9 bytes per second), used with `commBytes`. */
  commBandwidth?: number;
}

/**
 * A scenario's chunk parts: each time (and all-to-all size) one number for every device, or one
 * per device (length = devices), like `costs`, so that uneven stages keep their own parts.
 */
export type ChunkParts = PartsOf<PerDevice<Ms>>;

/** The chunk parts of one device: every time one number (partsOnDevice). */
export type DeviceParts = PartsOf<Ms>;

/** The time fields of the two passes, in the order the editor and the files list them. */
export const PART_KEYS = {
  forward: ['attention', 'dispatch', 'mlp', 'combine'],
  backward: ['combine', 'mlpInput', 'mlpWeight', 'dispatch', 'attentionInput', 'attentionWeight'],
} as const satisfies { [P in 'forward' | 'backward']: readonly (keyof DeviceParts[P])[] };

/** The all-to-all size fields of `commBytes`. */
export const COMM_BYTES_KEYS = ['dispatch', 'combine'] as const;

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
  /**
   * The planned devices whose part times were measured (each from its rank's trace); the other
   * devices kept their times. Absent: the measured times were written for every device.
   */
  devices?: number[];
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
  /**
   * Uneven stages: what each stage holds in Megatron-LM's layout notation and what a layer costs
   * (core/model/layout.ts). When set, op costs come per stage from it instead of from `costs`.
   */
  layout?: ScenarioLayout | null;
  /**
   * The order the "custom" schedule runs: each device's actions in PyTorch's notation
   * (core/model/order.ts, docs/orders.md). Absent or null for the generated schedules.
   */
  order?: ScenarioOrder | null;
  /**
   * Present when the scenario is derived from a model and a cluster (docs/cost-model.md): the
   * cost model's inputs, and which derived values the user has overridden.
   */
  derive?: DeriveSection;
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

/** Every PerDevice value of chunk parts (times, then all-to-all sizes), with its path under `parts`. */
export function partValues(parts: ChunkParts): { path: string; value: PerDevice }[] {
  const out: { path: string; value: PerDevice }[] = [];
  for (const pass of ['forward', 'backward'] as const) {
    const times = parts[pass] as Record<string, PerDevice>;
    for (const k of PART_KEYS[pass]) out.push({ path: `${pass}.${k}`, value: times[k] });
  }
  if (parts.commBytes)
    for (const pass of ['forward', 'backward'] as const)
      for (const k of COMM_BYTES_KEYS)
        out.push({ path: `commBytes.${pass}.${k}`, value: parts.commBytes[pass][k] });
  return out;
}

/** Whether any time or size of the parts is given per device. */
export function partsVaryByDevice(parts: ChunkParts): boolean {
  return partValues(parts).some((p) => typeof p.value !== 'number');
}

/** The parts device d runs: every per-device value taken at d. */
export function partsOnDevice(parts: ChunkParts, d: number): DeviceParts {
  const f = parts.forward;
  const b = parts.backward;
  const out: DeviceParts = {
    forward: {
      attention: perDevice(f.attention, d),
      dispatch: perDevice(f.dispatch, d),
      mlp: perDevice(f.mlp, d),
      combine: perDevice(f.combine, d),
    },
    backward: {
      combine: perDevice(b.combine, d),
      mlpInput: perDevice(b.mlpInput, d),
      mlpWeight: perDevice(b.mlpWeight, d),
      dispatch: perDevice(b.dispatch, d),
      attentionInput: perDevice(b.attentionInput, d),
      attentionWeight: perDevice(b.attentionWeight, d),
    },
  };
  if (parts.pairOrder) out.pairOrder = parts.pairOrder;
  const c = parts.commBytes;
  if (c)
    out.commBytes = {
      forward: { dispatch: perDevice(c.forward.dispatch, d), combine: perDevice(c.forward.combine, d) },
      backward: { dispatch: perDevice(c.backward.dispatch, d), combine: perDevice(c.backward.combine, d) },
    };
  if (parts.commBandwidth !== undefined) out.commBandwidth = parts.commBandwidth;
  return out;
}
