/**
 * Every figure PipeScope shows, with the one definition it uses. Users compare numbers across
 * tools that define "bubble" differently, so the renderer (hover), the CLI and the SVG label each
 * figure from here. Keys are also the JSON keys of metricsToJSON.
 */
export const METRIC_DEFINITIONS = {
  makespan: {
    label: 'Makespan',
    unit: 'ms',
    definition:
      'Time from the first op starting to the last op (or transfer) ending: one training iteration.',
  },
  busy: {
    label: 'Busy time',
    unit: 'ms',
    definition: 'Per device: time its compute stream runs an op or a compute part.',
  },
  idle: {
    label: 'Idle time (compute stream)',
    unit: 'ms',
    definition: 'Per device: makespan minus busy time, i.e. time its compute stream runs nothing.',
  },
  maxIdle: {
    label: 'Max idle per device',
    unit: 'ms',
    definition:
      'The largest per-device idle time on the compute stream; what the analytic bubble is compared to.',
  },
  bubbleIdleFraction: {
    label: 'Bubble (idle fraction)',
    unit: '%',
    definition: 'Total compute-stream idle time / (devices x makespan) = 1 - busy / (P x makespan).',
  },
  idealTime: {
    label: 'Ideal time',
    unit: 'ms',
    definition:
      'Total compute work of all devices / P: the makespan of a perfectly balanced pipeline with no bubble.',
  },
  bubbleOverIdeal: {
    label: 'Bubble (over ideal)',
    unit: '%',
    definition:
      '(makespan - ideal) / ideal, with ideal = total compute work / P (m x per-stage work summed / P).',
  },
  bubbleMegatron: {
    label: 'Bubble (Megatron formula)',
    unit: '%',
    definition:
      "(P - 1) / (v x m), Megatron-LM's bubble fraction, with v = stages / devices: how many times a micro-batch passes each device (v for Interleaved 1F1B, 2 for ZB-V and DualPipeV, 1 otherwise, DualPipe included). A formula, not measured.",
  },
  analyticBubble: {
    label: 'Analytic bubble',
    unit: 'ms',
    definition:
      "The schedule's closed-form bubble from the DualPipe README / papers (docs/formulas.md lists them with their sources), shown with its formula, the measured figure it is compared to, and whether its conditions hold.",
  },
  peakActivations: {
    label: 'Peak activations',
    unit: 'chunks',
    definition:
      'Per device: most micro-batch chunks whose forward has started and whose backward (input part) has not ended, at any moment.',
  },
  peakActivationBytes: {
    label: 'Peak activation memory',
    unit: 'bytes',
    definition:
      'Per device: peak of activation bytes held; an F allocates chunkShare x activation, B frees all but the weight-grad stash, W frees the stash, a full backward frees all.',
  },
  parameterMultiplier: {
    label: 'Parameter multiplier',
    unit: 'x',
    definition: 'Parameters a device holds relative to a plain 1/P share of the model (DualPipe: 2).',
  },
  parameterBytes: {
    label: 'Parameter memory',
    unit: 'bytes',
    definition: 'Per device: parameter multiplier x memory.parameters.',
  },
  peakMemoryBytes: {
    label: 'Peak memory',
    unit: 'bytes',
    definition: 'Per device: parameter memory + peak activation memory; compared to memory.capacity.',
  },
  capacity: {
    label: 'Memory capacity',
    unit: 'bytes',
    definition: 'memory.capacity of the scenario: device memory, or null for unlimited.',
  },
  overCapacity: {
    label: 'Devices over capacity',
    unit: 'devices',
    definition: 'Devices whose peak memory exceeds memory.capacity.',
  },
  computeTime: {
    label: 'Computation time',
    unit: 'ms',
    definition: 'Per device: length of the union of compute-stream intervals (equals busy time).',
  },
  commTime: {
    label: 'Communication time',
    unit: 'ms',
    definition:
      'Per device: length of the union of communication-stream intervals (all-to-all dispatch/combine, and P2P when it occupies the stream).',
  },
  commToComputeRatio: {
    label: 'Communication : computation',
    unit: 'ratio',
    definition:
      'Total communication time / total computation time (1.0 means as much communication as computation).',
  },
  overlapTime: {
    label: 'Overlapped communication',
    unit: 'ms',
    definition:
      'Per device: time when both the compute and the communication stream run (HTA: intersection of merged intervals).',
  },
  overlap: {
    label: 'Overlap (HTA)',
    unit: '%',
    definition:
      "Meta HTA's definition: time when computation and communication both run / communication time, per device and in total.",
  },
  exposedComm: {
    label: 'Exposed communication',
    unit: 'ms',
    definition:
      'Per device: communication time with no computation running beside it (communication time - overlapped).',
  },
  p2pTime: {
    label: 'P2P transfer time',
    unit: 'ms',
    definition:
      'Sum of all P2P transfer durations between devices (on the links; on the sender comm stream only if it occupies it).',
  },
  pairs: {
    label: 'Overlapped pairs',
    unit: 'pairs',
    definition:
      'Each overlapped forward-backward pair as it ran: device, first part start, last part end, and time saved against its chunks back to back.',
  },
  totals: {
    label: 'Totals',
    unit: 'ms',
    definition:
      'Sums over all devices of computation, communication, overlapped and exposed time; overlap and ratio from those sums.',
  },
  pairSaved: {
    label: 'Pair time saved',
    unit: 'ms',
    definition:
      'Per overlapped pair: (its forward chunk alone + its backward chunk alone) - (its last part end - its first part start).',
  },
  pairIsolated: {
    label: 'Isolated pair',
    unit: 'ms',
    definition:
      "One pair's duration with both inputs ready and both streams free, versus its two chunks run alone one after the other.",
  },
} as const satisfies Record<string, { label: string; unit: string; definition: string }>;

export type MetricId = keyof typeof METRIC_DEFINITIONS;
