import type { Ms } from '../model/units';
import type { CostDerivation } from './derive';

export interface RunCostOptions {
  /** Tokens of the whole training run (e.g. 14.8e12), for `run`. */
  tokens?: number;
  /** Price of one GPU-hour in USD, for `run.cost`. */
  pricePerGpuHour?: number;
}

export interface IterationFigures {
  /** Iteration time: the simulated makespan (ms). */
  timeMs: Ms;
  tokens: number;
  tokensPerSecond: number;
  /** Model FLOPs of the iteration (main model and MTP modules, no recomputation). */
  modelFlops: number;
  /** Model FLOPs / (GPUs x dense peak of the run's GEMM precision x time). */
  mfu: number;
  /** The same against the BF16 dense peak (equal to `mfu` for BF16 runs). */
  mfuBf16: number;
  gpuHoursPerTrillionTokens: number;
}

export interface RunFigures {
  tokens: number;
  gpuHours: number;
  /** gpuHours x price, or null without a price. */
  cost: number | null;
  pricePerGpuHour: number | null;
}

const MS_PER_HOUR = 3.6e6;

/**
 * Iteration figures from a derivation and the simulated makespan of its scenario
 * (docs/cost-model.md, "Iteration and run"): GPU-hours per trillion tokens = GPUs x time / tokens
 * x 1e12; MFU = model FLOPs / (GPUs x peak x time). `microbatches`: what the simulated scenario
 * ran when it overrides the derived count (tokens and FLOPs per iteration scale with it).
 */
export function iterationFigures(
  d: CostDerivation,
  makespanMs: Ms,
  microbatches: number = d.microbatches,
): IterationFigures {
  const { run, hardware: hw } = d.input;
  const seconds = makespanMs / 1e3;
  const peakRun = (run.precision === 'fp8' ? hw.gpu.peakTflops.fp8 : hw.gpu.peakTflops.bf16) as number;
  const scale = microbatches / d.microbatches;
  const tokens = d.tokensPerIteration * scale;
  const flops = d.flopsPerIteration * scale;
  return {
    timeMs: makespanMs,
    tokens,
    tokensPerSecond: tokens / seconds,
    modelFlops: flops,
    mfu: flops / (d.gpus * peakRun * 1e12 * seconds),
    mfuBf16: flops / (d.gpus * hw.gpu.peakTflops.bf16 * 1e12 * seconds),
    gpuHoursPerTrillionTokens: (d.gpus * makespanMs * (1e12 / tokens)) / MS_PER_HOUR,
  };
}

/** GPU-hours and cost of training on `tokens` tokens at this iteration's speed. */
export function runFigures(it: IterationFigures, d: CostDerivation, opts: RunCostOptions): RunFigures | null {
  if (opts.tokens === undefined) return null;
  const gpuHours = (d.gpus * it.timeMs * (opts.tokens / it.tokens)) / MS_PER_HOUR;
  const price = opts.pricePerGpuHour ?? null;
  return {
    tokens: opts.tokens,
    gpuHours,
    cost: price === null ? null : gpuHours * price,
    pricePerGpuHour: price,
  };
}
