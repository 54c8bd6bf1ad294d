import type { DeriveSection } from '../model/derive-section';
import type { CostModelInput, HardwareSpec, ModelSpec, ParallelSpec, RunSpec } from './types';
import { PARALLEL_DEFAULTS, RUN_DEFAULTS } from './types';

/**
 * A model small enough to work out by hand (the tests' expected values are computed in their
 * comments from these numbers): 2 layers, hidden 8, 2 query heads of 4 sharing 1 key/value head,
 * SwiGLU FFN 16, vocabulary 16, untied head.
 */
export function tinyModel(): ModelSpec {
  return {
    name: 'tiny',
    layers: 2,
    hidden: 8,
    vocab: 16,
    tiedEmbeddings: false,
    attention: { kind: 'gqa', heads: 2, kvHeads: 1, headDim: 4 },
    ffn: 16,
    activation: 'swiglu',
    moe: null,
    mtpModules: 0,
    dropout: false,
  };
}

/** A tiny MoE variant: 4 routed experts of FFN 4, top-2, one shared expert, layer 0 dense. */
export function tinyMoeModel(): ModelSpec {
  return {
    ...tinyModel(),
    name: 'tiny-moe',
    moe: {
      routedExperts: 4,
      expertsPerToken: 2,
      sharedExperts: 1,
      expertFfn: 4,
      sharedExpertFfn: 4,
      denseLayers: [0],
      routeGroups: null,
      groupsPerToken: null,
    },
  };
}

/**
 * Hardware with round numbers: 1e3 FLOP per ms at BF16 (peak 1e-6 TFLOP/s, efficiency 1) and twice
 * that at FP8, links of 1 and 0.5 GB/s (1e6 and 5e5 bytes per ms), 10 SMs, 2 GPUs per node.
 */
export function roundHardware(): HardwareSpec {
  return {
    gpu: { name: 'round', peakTflops: { bf16: 1e-6, fp8: 2e-6 }, memoryGB: 1000, smCount: 10 },
    gpusPerNode: 2,
    intraNode: { name: 'intra', bandwidthGBps: 1 },
    interNode: { name: 'inter', bandwidthGBps: 0.5 },
    efficiency: { compute: 1, intraNode: 1, interNode: 1 },
  };
}

/** The tiny model on 2 pipeline stages (1F1B), one sequence of 4 tokens per micro-batch, 8 per iteration. */
export function tinyInput(over: Partial<CostModelInput> = {}): CostModelInput {
  return {
    model: tinyModel(),
    run: {
      ...RUN_DEFAULTS,
      seqLength: 4,
      microBatchSize: 1,
      globalBatchSequences: 8,
      flashAttention: false,
    },
    parallelism: { ...PARALLEL_DEFAULTS, pp: 2, schedule: '1f1b', dp: 1 },
    hardware: roundHardware(),
    ...over,
  };
}

/** tinyInput() as a scenario's derive section: everything written out, no overrides. */
export function tinySection(input: CostModelInput = tinyInput()): DeriveSection {
  const hw = input.hardware;
  return {
    model: input.model,
    run: input.run,
    parallelism: input.parallelism,
    hardware: {
      gpu: hw.gpu,
      gpusPerNode: hw.gpusPerNode,
      intraNode: hw.intraNode,
      interNode: hw.interNode,
      efficiency: hw.efficiency,
    },
    training: { tokens: null, pricePerGpuHour: null },
    overrides: [],
  };
}

/**
 * DeepSeek-V3's pre-training run and layout as its technical report (arXiv 2412.19437) describes
 * them: 4K sequences, one per micro-batch, 15360 per iteration, FP8 GEMMs and dispatch, BF16
 * combine; PP 16 with DualPipe, EP 64, DP 128 (ZeRO-1), 20 SMs for communication.
 */
export function v3Run(): RunSpec {
  return {
    ...RUN_DEFAULTS,
    seqLength: 4096,
    microBatchSize: 1,
    globalBatchSequences: 15360,
    precision: 'fp8',
    dispatchPrecision: 'fp8',
    combinePrecision: 'bf16',
  };
}

export function v3Parallelism(): ParallelSpec {
  return { ...PARALLEL_DEFAULTS, pp: 16, schedule: 'dualpipe', dp: 128, ep: 64, commSms: 20 };
}
