/**
 * Which devices a figure speaks for: one device (arrays indexed by device), the mean, max or sum
 * over devices, a ratio over all devices together, or the iteration as a whole.
 */
export type MetricScope =
  | 'iteration'
  | 'per device'
  | 'mean over devices'
  | 'max over devices'
  | 'sum over devices'
  | 'all devices'
  | 'per device and sum over devices'
  | 'mean and max over devices'
  | 'sum over transfers'
  | 'per pair'
  | 'one pair';

/**
 * Every figure PipeScope shows, with the one definition it uses. Users compare numbers across
 * tools that define "bubble" differently, so the renderer (hover), the CLI and the SVG label each
 * figure from here. Keys are also the JSON keys of metricsToJSON.
 */
export const METRIC_DEFINITIONS = {
  makespan: {
    label: 'Makespan',
    unit: 'ms',
    scope: 'iteration',
    definition:
      'Time from the first op starting to the last op (or transfer) ending: one training iteration.',
  },
  busy: {
    label: 'Busy time',
    unit: 'ms',
    scope: 'per device',
    definition: 'Per device: time its compute stream runs an op or a compute part.',
  },
  idle: {
    label: 'Idle time (compute stream)',
    unit: 'ms',
    scope: 'per device',
    definition: 'Per device: makespan minus busy time, i.e. time its compute stream runs nothing.',
  },
  maxIdle: {
    label: 'Max idle per device',
    unit: 'ms',
    scope: 'max over devices',
    definition:
      'The largest per-device idle time on the compute stream; what the analytic bubble is compared to.',
  },
  bubbleIdleFraction: {
    label: 'Bubble (idle fraction)',
    unit: '%',
    scope: 'all devices',
    definition: 'Total compute-stream idle time / (devices x makespan) = 1 - busy / (P x makespan).',
  },
  idealTime: {
    label: 'Ideal time',
    unit: 'ms',
    scope: 'all devices',
    definition:
      'Total compute work of all devices / P: the makespan of a perfectly balanced pipeline with no bubble.',
  },
  bubbleOverIdeal: {
    label: 'Bubble (over ideal)',
    unit: '%',
    scope: 'all devices',
    definition:
      '(makespan - ideal) / ideal, with ideal = total compute work / P (m x per-stage work summed / P).',
  },
  bubbleMegatron: {
    label: 'Bubble (Megatron formula)',
    unit: '%',
    scope: 'iteration',
    definition:
      "(P - 1) / (v x m), Megatron-LM's bubble fraction, with v = stages / devices: how many times a micro-batch passes each device (v for Interleaved 1F1B, 2 for ZB-V and DualPipeV, 1 otherwise, DualPipe included). A formula, not measured.",
  },
  analyticBubble: {
    label: 'Analytic bubble',
    unit: 'ms',
    scope: 'per device',
    definition:
      "The schedule's closed-form bubble from the DualPipe README / papers (docs/formulas.md lists them with their sources), shown with its formula, the measured figure it is compared to, and whether its conditions hold.",
  },
  peakActivations: {
    label: 'Peak activations',
    unit: 'chunks',
    scope: 'per device',
    definition:
      'Per device: most micro-batch chunks whose forward has started and whose backward (input part) has not ended, at any moment.',
  },
  peakActivationBytes: {
    label: 'Peak activation memory',
    unit: 'bytes',
    scope: 'per device',
    definition:
      'Per device: peak of activation bytes held; an F allocates chunkShare x activation, B frees all but the weight-grad stash, W frees the stash, a full backward frees all.',
  },
  parameterMultiplier: {
    label: 'Parameter multiplier',
    unit: 'x',
    scope: 'per device',
    definition: 'Parameters a device holds relative to a plain 1/P share of the model (DualPipe: 2).',
  },
  parameterBytes: {
    label: 'Parameter memory',
    unit: 'bytes',
    scope: 'per device',
    definition: 'Per device: parameter multiplier x memory.parameters.',
  },
  peakMemoryBytes: {
    label: 'Peak memory',
    unit: 'bytes',
    scope: 'per device',
    definition: 'Per device: parameter memory + peak activation memory; compared to memory.capacity.',
  },
  capacity: {
    label: 'Memory capacity',
    unit: 'bytes',
    scope: 'per device',
    definition: 'memory.capacity of the scenario: device memory, or null for unlimited.',
  },
  overCapacity: {
    label: 'Devices over capacity',
    unit: 'devices',
    scope: 'all devices',
    definition: 'Devices whose peak memory exceeds memory.capacity.',
  },
  computeTime: {
    label: 'Computation time',
    unit: 'ms',
    scope: 'per device',
    definition: 'Per device: length of the union of compute-stream intervals (equals busy time).',
  },
  commTime: {
    label: 'Communication time',
    unit: 'ms',
    scope: 'per device',
    definition:
      'Per device: length of the union of communication-stream intervals (all-to-all dispatch/combine, and P2P when it occupies the stream).',
  },
  commToComputeRatio: {
    label: 'Communication : computation',
    unit: 'ratio',
    scope: 'all devices',
    definition:
      'Total communication time / total computation time (1.0 means as much communication as computation).',
  },
  overlapTime: {
    label: 'Overlapped communication',
    unit: 'ms',
    scope: 'per device',
    definition:
      'Per device: time when both the compute and the communication stream run (HTA: intersection of merged intervals).',
  },
  overlap: {
    label: 'Overlap (HTA)',
    unit: '%',
    scope: 'per device',
    definition:
      "Meta HTA's definition: time when computation and communication both run / communication time, per device and in total.",
  },
  exposedComm: {
    label: 'Exposed communication',
    unit: 'ms',
    scope: 'per device',
    definition:
      'Per device: communication time with no computation running beside it (communication time - overlapped).',
  },
  p2pTime: {
    label: 'P2P transfer time',
    unit: 'ms',
    scope: 'sum over transfers',
    definition:
      'Sum of all P2P transfer durations between devices (on the links; on the sender comm stream only if it occupies it).',
  },
  pairs: {
    label: 'Overlapped pairs',
    unit: 'pairs',
    scope: 'per pair',
    definition:
      'Each overlapped forward-backward pair as it ran: device, first part start, last part end, and time saved against its chunks back to back.',
  },
  totals: {
    label: 'Totals',
    unit: 'ms',
    scope: 'sum over devices',
    definition:
      'Sums over all devices of computation, communication, overlapped and exposed time; overlap and ratio from those sums.',
  },
  pairSaved: {
    label: 'Pair time saved',
    unit: 'ms',
    scope: 'per pair',
    definition:
      'Per overlapped pair: (its forward chunk alone + its backward chunk alone) - (its last part end - its first part start).',
  },
  pairIsolated: {
    label: 'Isolated pair',
    unit: 'ms',
    scope: 'one pair',
    definition:
      "One pair's duration with both inputs ready and both streams free, versus its two chunks run alone one after the other.",
  },
  exposedCommMean: {
    label: 'Exposed communication (mean)',
    unit: 'ms',
    scope: 'mean over devices',
    definition:
      'Mean over devices of the per-device exposed communication: what one device loses on average, at most the makespan.',
  },
  exposedCommMax: {
    label: 'Exposed communication (max)',
    unit: 'ms',
    scope: 'max over devices',
    definition: 'The largest per-device exposed communication: the device that loses most to communication.',
  },
  idleByCause: {
    label: 'Idle time by cause',
    unit: 'ms',
    scope: 'per device and sum over devices',
    definition:
      "Each device's compute-stream idle time split into fill (warm-up), drain (cool-down), dependency (waiting for another device in the steady state), P2P (a transfer in flight), exposed communication (waiting for its own dispatch/combine), memory (a ready forward held back by the activation limit) and tail (after its last op); a device's causes sum to its idle time.",
  },
  criticalPath: {
    label: 'Critical path',
    unit: 'ms',
    scope: 'iteration',
    definition:
      'The chain of ops, communication parts and transfers, each waiting for the one before, that ends with the last op: its length is the makespan, split into computation, exposed communication, P2P and waits. Only shortening it shortens the iteration.',
  },
  steadyState: {
    label: 'Steady state',
    unit: 'ms',
    scope: 'per device',
    definition:
      "Each device's steady-state window as its schedule defines it (from its first backward to its last forward; DualPipe: from its first overlapped pair to its last; GPipe has none), and the figures over those windows.",
  },
  steadyStateOverlap: {
    label: 'Steady-state overlap',
    unit: '%',
    scope: 'all devices',
    definition:
      "HTA's overlap over the devices' steady-state windows only: time computation and communication both run / communication time, each summed over the windows.",
  },
  steadyStateExposedComm: {
    label: 'Steady-state exposed communication',
    unit: 'ms',
    scope: 'mean and max over devices',
    definition:
      'Per device: communication time inside its steady-state window with no computation beside it; shown as mean and max over the devices that have a window.',
  },
  steadyStateBubble: {
    label: 'Steady-state bubble',
    unit: '%',
    scope: 'all devices',
    definition: "Compute-stream idle time inside the steady-state windows / the windows' total length.",
  },
} as const satisfies Record<string, { label: string; unit: string; scope: MetricScope; definition: string }>;

export type MetricId = keyof typeof METRIC_DEFINITIONS;
