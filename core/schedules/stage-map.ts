import type { OpKind } from '../model/ops';
import type { ScheduleBuilder, ScheduleShape } from '../model/schedule';
import { assert } from '../util/assert';

/** Which device and which of its chunks runs each stage of a schedule's shape. */
export interface StageMap {
  shape: ScheduleShape;
  /** Device of each stage. */
  stageDevice: Int32Array;
  /** Chunk (model chunk on its device) of each stage. */
  stageChunk: Int32Array;
}

/**
 * The stage map of a placement where every stage has one device: `linear` (stage d on device d)
 * or `v` (chunk 0 of device d is stage d, chunk 1 is stage 2P - 1 - d). The shape says P and the
 * stage count.
 */
export function stageMap(placement: 'linear' | 'v', shape: ScheduleShape): StageMap {
  const P = shape.devices;
  const S = shape.stages;
  assert(
    S === (placement === 'v' ? 2 * P : P),
    `a ${placement} placement of ${P} devices has no ${S} stages`,
  );
  const stageDevice = new Int32Array(S);
  const stageChunk = new Int32Array(S);
  for (let s = 0; s < S; s++) {
    stageDevice[s] = s < P ? s : S - 1 - s;
    stageChunk[s] = s < P ? 0 : 1;
  }
  return { shape, stageDevice, stageChunk };
}

/** Pushes ops by (kind, micro-batch, stage), the device and chunk coming from the stage map. */
export function pusher(b: ScheduleBuilder, map: StageMap) {
  return (kind: OpKind, mb: number, stage: number) =>
    b.push(map.stageDevice[stage], kind, mb, map.stageChunk[stage], stage);
}
