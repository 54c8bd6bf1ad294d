export type {
  ChunkRule,
  MemoryNote,
  Placement,
  ScheduleDescriptor,
  ScheduleSpec,
} from './descriptor';
export { PLACEMENTS, defineSchedule } from './descriptor';
export {
  SCHEDULES,
  allSchedules,
  getSchedule,
  isScheduleName,
  registerSchedule,
  scheduleNames,
  scheduleTitle,
} from './registry';
