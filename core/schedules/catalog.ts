import type { ChunkRule, MemoryNote, Placement, ScheduleDescriptor, SteadyStateRule } from './descriptor';

/** A schedule's descriptor as plain JSON: what `pipescope schedules --json` prints for each. */
export interface ScheduleInfo {
  name: string;
  title: string;
  summary: string;
  source: string;
  placement: Placement;
  chunks: ChunkRule;
  /** Whether it reads the scenario's groupSize (Megatron's microbatch_group_size_per_vp_stage). */
  takesGroupSize: boolean;
  /** Whether it generates pairing "combined-1f1b" (Megatron's combined 1F1B) itself. */
  combined1F1B: boolean;
  paramMultiplier: number;
  analyticBubble: { formula: string; conditions: string; source: string };
  memory: MemoryNote | null;
  /** Where its steady state is on each device (the steady-state figures' window), or why it has none. */
  steadyState: SteadyStateRule;
}

export function scheduleInfo(d: ScheduleDescriptor): ScheduleInfo {
  const { formula, conditions, source } = d.analyticBubble;
  return {
    name: d.name,
    title: d.title,
    summary: d.summary,
    source: d.source,
    placement: d.placement,
    chunks: { ...d.chunks },
    takesGroupSize: d.takesGroupSize === true,
    combined1F1B: d.combined1F1B === true,
    paramMultiplier: d.paramMultiplier,
    analyticBubble: { formula, conditions, source },
    memory: d.memory ? { ...d.memory } : null,
    steadyState: { ...d.steadyState },
  };
}

/** One line per schedule: its name, its summary and where it comes from. */
export function scheduleListText(list: readonly ScheduleDescriptor[]): string {
  const width = Math.max(0, ...list.map((d) => d.name.length));
  return list.map((d) => `${d.name.padEnd(width)}  ${d.summary} Source: ${d.source}\n`).join('');
}
