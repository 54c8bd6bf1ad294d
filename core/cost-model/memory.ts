import { isMoeLayer, mtpIsMoe } from './architecture';
import { layerWeights, mtpExtraWeights } from './parameters';
import type { ModelSpec, ParallelSpec } from './types';

/**
 * Bytes per parameter in mixed-precision training with Adam, as Megatron-LM keeps them (Megatron
 * Core "Distributed Optimizer" guide, bf16 parameters with fp32 gradients: 18 bytes, or
 * 6 + 12/d with the distributed optimizer): BF16 weights, FP32 main gradients, and an FP32 master
 * copy plus two FP32 Adam moments.
 */
export const PARAM_BYTES = 2;
export const GRAD_BYTES = 4;
export const OPTIMIZER_BYTES = 12;

/** Weights of one pipeline stage on one device, split by the group that shards their optimizer state. */
export interface StageWeights {
  /** Non-expert weights on this device (TP-split where Megatron splits them); replicated over DP. */
  dense: number;
  /** Routed-expert weights on this device (1/EP of them); replicated over DP x TP / EP ranks. */
  experts: number;
}

/**
 * Weights a device holds for a stage of `layers` layers starting at `firstLayer`, with the
 * embedding on the first stage and the head and MTP modules on the last (split over TP ranks as
 * Megatron's vocabulary-parallel embedding and head are; a tied head still has its copy on the
 * last stage when PP > 1, as in Megatron).
 */
export function stageWeights(
  m: ModelSpec,
  par: Pick<ParallelSpec, 'tp' | 'ep'>,
  firstLayer: number,
  layers: number,
  first: boolean,
  last: boolean,
  /** MTP modules on the stage: all of them on the last stage, unless a layout places them. */
  mtpModules: number = last ? m.mtpModules : 0,
): StageWeights {
  let dense = 0;
  let experts = 0;
  const add = (moe: boolean) => {
    const w = layerWeights(m, moe);
    dense += w.tpSharded / par.tp + w.replicated;
    experts += w.experts / par.ep;
  };
  for (let i = firstLayer; i < firstLayer + layers; i++) add(isMoeLayer(m, i));
  if (first) dense += (m.vocab * m.hidden) / par.tp;
  if (last) dense += (m.vocab * m.hidden) / par.tp + m.hidden;
  for (let j = 0; j < mtpModules; j++) {
    add(mtpIsMoe(m));
    // the 2h x h projection is split over TP ranks like any linear; its norms are not
    const projection = 2 * m.hidden * m.hidden;
    dense += projection / par.tp + (mtpExtraWeights(m) - projection);
  }
  return { dense, experts };
}

export interface StaticMemory {
  parameters: number;
  gradients: number;
  optimizer: number;
  total: number;
}

/**
 * Parameters, gradients and optimizer state (bytes) on one device holding `w`. With the
 * distributed optimizer (ZeRO-1) the optimizer state is split over the data-parallel replicas of
 * each weight: DP for dense weights, DP x TP / EP for experts (the expert-data-parallel group).
 */
export function staticMemory(
  w: StageWeights,
  par: Pick<ParallelSpec, 'tp' | 'dp' | 'ep' | 'distributedOptimizer'>,
): StaticMemory {
  const count = w.dense + w.experts;
  const denseShard = par.distributedOptimizer ? par.dp : 1;
  const expertShard = par.distributedOptimizer ? (par.dp * par.tp) / par.ep : 1;
  const parameters = PARAM_BYTES * count;
  const gradients = GRAD_BYTES * count;
  const optimizer = OPTIMIZER_BYTES * (w.dense / denseShard + w.experts / expertShard);
  return { parameters, gradients, optimizer, total: parameters + gradients + optimizer };
}
