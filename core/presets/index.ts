import {
  type CostModelInput,
  DEFAULT_EFFICIENCY,
  type HardwareSpec,
  PARALLEL_DEFAULTS,
  RUN_DEFAULTS,
} from '../cost-model/types';
import type { ScheduleName } from '../model/scenario';
import { assert } from '../util/assert';
import { GPU_PRESETS, type GpuPreset } from './gpus';
import { INTERCONNECT_PRESETS, type InterconnectPreset } from './interconnects';
import { MODEL_PRESETS, type ModelPreset } from './models';

export type { GpuPreset } from './gpus';
export type { InterconnectPreset } from './interconnects';
export type { ModelPreset } from './models';
export { GPU_PRESETS, INTERCONNECT_PRESETS, MODEL_PRESETS };

/** A preset by id (case-insensitive), or undefined. */
export function findModelPreset(id: string): ModelPreset | undefined {
  return MODEL_PRESETS.find((p) => p.id === id.toLowerCase());
}

export function findGpuPreset(id: string): GpuPreset | undefined {
  return GPU_PRESETS.find((p) => p.id === id.toLowerCase());
}

export function findInterconnectPreset(id: string): InterconnectPreset | undefined {
  return INTERCONNECT_PRESETS.find((p) => p.id === id.toLowerCase());
}

/** The hardware of a cluster of one GPU preset: its baseboard's GPUs per node and links, default efficiencies. */
export function clusterHardware(preset: GpuPreset): HardwareSpec {
  const intra = findInterconnectPreset(preset.links.intraNode);
  const inter = findInterconnectPreset(preset.links.interNode);
  assert(intra && inter, `GPU preset "${preset.id}" names an interconnect that is not a preset`);
  return {
    gpu: preset.gpu,
    gpusPerNode: preset.gpusPerNode,
    intraNode: intra.link,
    interNode: inter.link,
    efficiency: { ...DEFAULT_EFFICIENCY },
  };
}

/**
 * The cost-model input of a model preset on its `setup`: that GPU preset's cluster, the schedule
 * given, one sequence per micro-batch and `microbatches` of them per pipeline, defaults elsewhere.
 */
export function presetInput(
  preset: ModelPreset,
  schedule: ScheduleName,
  microbatches: number,
): CostModelInput | undefined {
  const u = preset.setup;
  const gpu = findGpuPreset(u.gpu);
  if (!gpu) return undefined;
  return {
    model: preset.model,
    run: {
      ...RUN_DEFAULTS,
      seqLength: u.seqLength,
      microBatchSize: 1,
      globalBatchSequences: u.dp * microbatches,
    },
    parallelism: { ...PARALLEL_DEFAULTS, pp: u.pp, schedule, tp: u.tp, dp: u.dp, ep: u.ep },
    hardware: clusterHardware(gpu),
  };
}
