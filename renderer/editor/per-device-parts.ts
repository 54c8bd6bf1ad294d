import type { Draft } from 'immer';
import { type ChunkParts, partValues, perDevice } from '../../core/model/scenario';
import { assignAt } from '../object-path';

/** Resizes the per-device lists of chunk parts to n devices, repeating the last value for new devices. */
export function resizeParts(parts: Draft<ChunkParts>, n: number): void {
  for (const { path, value } of partValues(parts as ChunkParts))
    if (typeof value !== 'number')
      assignAt(
        parts,
        path,
        Array.from({ length: n }, (_, d) => value[Math.min(d, value.length - 1)]),
      );
}

/** Every per-device list of the parts at device 0's value (the per-device tables switched off). */
export function uniformParts(parts: Draft<ChunkParts>): void {
  for (const { path, value } of partValues(parts as ChunkParts)) assignAt(parts, path, perDevice(value, 0));
}
