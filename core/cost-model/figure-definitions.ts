/**
 * What each figure of a training run's cost means, for the app's hover text and the docs: one
 * definition, as the metrics' are one (core/metrics/definitions.ts). Formulas: docs/cost-model.md,
 * "Iteration and run".
 */
export const COST_FIGURE_DEFINITIONS = {
  iterationTime: {
    label: 'Iteration time',
    unit: 's',
    definition:
      'the simulated makespan of one iteration (one global batch) of the derived scenario, overrides included; nothing between iterations (optimizer step, data-parallel gradient exchange) is in it',
  },
  tokensPerSecond: {
    label: 'Tokens per second',
    unit: 'tokens/s, whole cluster',
    definition: 'tokens of one iteration (global batch x sequence length) / iteration time, over all GPUs',
  },
  mfu: {
    label: 'MFU',
    unit: '% of the dense peak',
    definition:
      "model FLOPs of one iteration (training FLOPs per token x tokens, MTP included, no recomputation) / (GPUs x dense peak x iteration time); the peak of the run's GEMM precision (FP8 or BF16), with the BF16 figure beside it",
  },
  gpuHoursPerTrillionTokens: {
    label: 'GPU-hours per trillion tokens',
    unit: 'GPU-hours, all GPUs',
    definition: 'GPUs x iteration time x (1e12 / tokens per iteration) / 3600 s',
  },
  runGpuHours: {
    label: 'Training run',
    unit: 'GPU-hours, all GPUs',
    definition:
      "GPUs x iteration time x (run tokens / tokens per iteration) / 3600 s, at this iteration's speed throughout",
  },
  runCost: {
    label: 'Training run cost',
    unit: 'USD',
    definition: 'run GPU-hours x price per GPU-hour',
  },
} as const;

export type CostFigureId = keyof typeof COST_FIGURE_DEFINITIONS;
