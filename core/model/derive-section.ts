import type { Efficiency, GpuSpec, LinkSpec, ModelSpec, ParallelSpec, RunSpec } from '../cost-model/types';

/**
 * The `derive` section of a scenario: what the cost model derives the scenario from (a model, a
 * training run, a parallel layout, the hardware; presets by name or written out), the size and
 * price of the whole training run for its GPU-hours and cost, and the scenario values the user has
 * overridden. core/cost-model/scenario-derive.ts turns it into scenario values; docs/cost-model.md
 * and docs/scenario-format.md describe it.
 */
export interface DeriveSection {
  /** A model preset id (`pipescope models`), or the whole model. */
  model: string | ModelSpec;
  run: RunSpec;
  parallelism: ParallelSpec;
  hardware: DeriveHardware;
  training: TrainingRun;
  /**
   * Scenario paths whose values the user set over the derived ones (`costs.forward[3]`,
   * `microbatches`, `parts` for parts switched on or off by hand): re-deriving keeps them.
   */
  overrides: string[];
}

/**
 * The hardware: a GPU preset id or the GPU written out; GPUs per node and the two links default to
 * the preset's baseboard (they are needed with a GPU written out); link presets by id or written out.
 */
export interface DeriveHardware {
  gpu: string | GpuSpec;
  gpusPerNode?: number;
  intraNode?: string | LinkSpec;
  interNode?: string | LinkSpec;
  efficiency: Efficiency;
}

/** The whole training run, for its GPU-hours and cost (null: not asked). */
export interface TrainingRun {
  /** Tokens the run trains on (DeepSeek-V3: 14.8e12). */
  tokens: number | null;
  /** USD per GPU-hour. */
  pricePerGpuHour: number | null;
}
