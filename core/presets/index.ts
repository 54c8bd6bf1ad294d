import { DEFAULT_EFFICIENCY, type HardwareSpec } from '../cost-model/types';
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
