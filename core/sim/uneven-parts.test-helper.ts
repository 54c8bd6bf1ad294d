import type { ChunkParts } from '../model/scenario';

/**
 * Chunk parts that differ by device, for two devices with one micro-batch (the simulator's and the
 * exports' tests): attention 1 ms on device 0 and 2 on device 1, MLP 0.5 and 1, MLP input-grad 1
 * and 3, attention input-grad 1 on both, nothing else. F on stage 0 then stage 1 and the full
 * backward back run 0-1.5, 1.5-4.5, 4.5-8.5 and 8.5-10.5 (device 0's parts alone would take 6).
 */
export function unevenParts(): ChunkParts {
  return {
    forward: { attention: [1, 2], dispatch: 0, mlp: [0.5, 1], combine: 0 },
    backward: {
      combine: 0,
      mlpInput: [1, 3],
      mlpWeight: 0,
      dispatch: 0,
      attentionInput: 1,
      attentionWeight: 0,
    },
  };
}
