import type { ConfigError } from '../model/config';
import type { StageContents } from '../model/layout';
import type { DeviceParts, Scenario } from '../model/scenario';
import type { Bytes, Ms } from '../model/units';
import type { KeptBytes } from './activations';
import type { LinkBytes } from './communication';
import type { ModelFlops } from './flops';
import type { StageLayout } from './layout';
import type { StageWeights, StaticMemory } from './memory';
import type { ParameterCounts } from './parameters';
import type { CostModelInput } from './types';

/**
 * What a derivation produces (the types only): derive.ts computes it, records.ts describes each
 * value, iteration.ts and report.ts read it.
 */

/** How a derived scenario value came about: shown on hover in the app ("derived: formula + inputs"). */
export interface DerivedValue {
  value: number | string;
  unit: 'ms' | 'bytes' | 'GB/s' | 'count' | 'name';
  formula: string;
  inputs: Record<string, number | string>;
}

/** All-to-all of one MoE layer: the four transfers of a chunk's forward and backward. */
export interface AllToAllFigures {
  /** Payload per token per MoE layer: k x hidden x bytes per element (the k copies a token's experts get). */
  bytesPerToken: { dispatch: Bytes; combine: Bytes };
  /** Bytes one rank puts on each link per token of its own (docs/cost-model.md, "All-to-all"). */
  linkBytesPerToken: { dispatch: LinkBytes; combine: LinkBytes };
  /** Time of one MoE layer's all-to-all per micro-batch per device (ms). */
  perLayerMs: { forwardDispatch: Ms; forwardCombine: Ms; backwardCombine: Ms; backwardDispatch: Ms };
  bottleneck: 'interNode' | 'intraNode' | null;
  /** EP ranks per node and nodes per EP group; expected destination nodes per token. */
  placement: { ranksPerNode: number; nodes: number; destinationNodes: number };
}

/** What one device spends on one stage for one micro-batch. */
export interface StageCost {
  stage: number;
  firstLayer: number;
  layers: number;
  moeLayers: number;
  embedding: boolean;
  head: boolean;
  mtpModules: number;
  /** Model FLOPs of this device's share of the stage per micro-batch (no recomputation). */
  flops: { forward: number; backwardInput: number; backwardWeight: number };
  /** Chunk parts in ms before the SM split (compute at peak x efficiency, all-to-all at link speed). */
  parts: DeviceParts;
  weights: StageWeights;
  staticMemory: StaticMemory;
  kept: KeptBytes;
}

/** One pipeline device: its stages combined into a per-micro-batch device share. */
export interface DeviceCost {
  device: number;
  stages: number[];
  /** Parts per micro-batch per device share: mean over the device's stages / chunkShare. */
  parts: DeviceParts;
  /** F, B, W per micro-batch per device share, as a chunk run alone takes them (SM split applied). */
  costs: { forward: Ms; backwardInput: Ms; backwardWeight: Ms };
  /** Model FLOPs per micro-batch per device share. */
  flops: number;
  staticMemory: StaticMemory;
  /** Activations per micro-batch per device share, and the part W keeps after B. */
  kept: KeptBytes;
}

export interface CostDerivation {
  input: CostModelInput;
  gpus: number;
  layout: StageLayout & { layersPerStage: number[] };
  /** Each layer's and module's op costs: what a scenario layout's `layer`, `loss`, `mtp` take. */
  layerCosts: LayerCostFigures;
  microbatches: number;
  tokensPerMicrobatch: number;
  sequencesPerIteration: number;
  tokensPerIteration: number;
  parameters: ParameterCounts;
  flops: ModelFlops;
  /** Model FLOPs of one iteration, main model and MTP modules (what MFU counts). */
  flopsPerIteration: number;
  allToAll: AllToAllFigures;
  p2p: { bytes: Bytes; bandwidthGBps: number; timeMs: Ms; link: 'interNode' | 'intraNode' };
  tp: { bytesPerBlock: Bytes; msPerBlock: Ms };
  stages: StageCost[];
  devices: DeviceCost[];
  /** The device whose chunk alone takes longest (F + B + W). */
  slowestDevice: number;
  /** Per device, the largest over devices: parameters, gradients, optimizer, activations of one micro-batch. */
  memory: {
    perDevice: StaticMemory & { activationsPerMicrobatch: Bytes; weightGradStash: Bytes };
    capacity: Bytes;
  };
  /**
   * Computation (after the SM split) : all-to-all time per micro-batch, summed over the devices'
   * parts, or null without all-to-all.
   */
  computeToAllToAll: number | null;
  /**
   * The same for one MoE layer alone (its forward, its backward, both), or null without all-to-all:
   * the ratio inside a chunk, without the dense layers, head and MTP that only add computation.
   */
  moeLayerComputeToAllToAll: { forward: number | null; backward: number | null; pair: number | null } | null;
  scenario: Scenario;
  /** Derivation records keyed by scenario path (`costs.forward[3]`, `parts.forward.attention`, `microbatches`...). */
  derived: Record<string, DerivedValue>;
  warnings: string[];
}

export type DeriveResult = { ok: true; derivation: CostDerivation } | { ok: false; errors: ConfigError[] };

export interface DeriveOptions {
  /** Chunk parts in the scenario: 'auto' when there is an all-to-all (MoE with EP > 1). */
  parts?: 'auto' | 'always' | 'never';
  name?: string;
  /**
   * What each stage holds, from a scenario's layout (Megatron-LM's notation, core/model/layout.ts):
   * its layers, and where the embedding, the loss head and the MTP modules are. It replaces both
   * `parallelism.layersPerStage` and the default split (embedding on the first stage, head and MTP
   * on the last). Given with its string, so the derived scenario's layout keeps it.
   */
  layout?: { stages: string; contents: readonly StageContents[] };
}

/**
 * One transformer layer's op costs (ms per micro-batch, as a chunk of it run alone takes them,
 * after the SM split) for each layer, and the modules'; what a scenario's layout costs per layer.
 */
export interface LayerCostFigures {
  forward: number[];
  backwardInput: number[];
  backwardWeight: number[];
  embedding: { forward: number; backwardInput: number; backwardWeight: number };
  loss: { forward: number; backwardInput: number; backwardWeight: number };
  mtp: { forward: number; backwardInput: number; backwardWeight: number };
}
