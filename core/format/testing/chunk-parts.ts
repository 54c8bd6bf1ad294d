import type { ChunkParts } from '../../model/scenario';

/** Chunk parts of 1 ms each, forward and backward: the plainest valid `parts` for tests. */
export function unitChunkParts(): ChunkParts {
  return {
    forward: { attention: 1, dispatch: 1, mlp: 1, combine: 1 },
    backward: { combine: 1, mlpInput: 1, mlpWeight: 1, dispatch: 1, attentionInput: 1, attentionWeight: 1 },
  };
}
