import { scheduleFromColumns } from '../model/schedule';
import type { ScheduleDescriptor, ScheduleSpec } from './descriptor';
import { defineSchedule } from './descriptor';
import { type VMemory, vControllableColumns } from './v-controllable-order';

/** Where V-Half and V-Min come from. */
export const CONTROLLABLE_MEMORY_SOURCE =
  'Qi et al., "Pipeline Parallelism with Controllable Memory", NeurIPS 2024 (arXiv 2405.15362); sail-sg/zero-bubble-pipeline-parallelism (zbv_greedy.py)';

/** What a controllable-memory V schedule module states; the rest is common to V-Half and V-Min. */
export type ControllableVSpec = Pick<
  ScheduleSpec,
  'name' | 'title' | 'summary' | 'analyticBubble' | 'memory'
>;

/**
 * A V schedule of the controllable-memory family: two half-size chunks per device in a V (chunk 0
 * of device d is stage d, chunk 1 is stage 2P - 1 - d, as ZB-V), every backward split into B and
 * W, the order sail's generator builds for its memory setting (v-controllable-order.ts). The
 * order is the published one for any costs: sail's generator does not read them.
 */
export function defineControllableV(memory: VMemory, spec: ControllableVSpec): ScheduleDescriptor {
  return defineSchedule({
    ...spec,
    source: CONTROLLABLE_MEMORY_SOURCE,
    placement: 'v',
    chunks: { from: 'schedule', perDevice: 2, share: 0.5 },
    paramMultiplier: 1,
    opsPerStage: 3,
    // Warm-up forwards, then forwards and backwards alternate, as in ZB-V.
    steadyState: { window: 'alternating' },
    check: () => [],
    generate(c, shape) {
      const { deviceStart, columns } = vControllableColumns(c.devices, c.microbatches, memory);
      return scheduleFromColumns(shape, { deviceStart, ...columns });
    },
  });
}
