export type {
  ChunkRule,
  MemoryNote,
  Placement,
  ScheduleDescriptor,
  ScheduleSpec,
  SteadyStateRule,
} from './descriptor';
export { DEFAULT_STEADY_STATE, PLACEMENTS, defineSchedule } from './descriptor';
export {
  SCHEDULES,
  allSchedules,
  getSchedule,
  isScheduleName,
  registerSchedule,
  scheduleNames,
  scheduleTitle,
} from './registry';
