import { assert } from '../util/assert';
import { custom } from './custom';
import type { ScheduleDescriptor } from './descriptor';
import { dualpipe } from './dualpipe';
import { dualpipeV } from './dualpipev';
import { gpipe } from './gpipe';
import { interleaved1F1B } from './interleaved-1f1b';
import { interleavedZB } from './interleaved-zb';
import { loopedBFS } from './looped-bfs';
import { oneFOneB } from './one-f-one-b';
import { zbH1 } from './zb-h1';
import { zbH2 } from './zb-h2';
import { zbV } from './zb-v';
import { zbVHalf } from './zb-v-half';
import { zbVMin } from './zb-v-min';

/**
 * Every schedule PipeScope knows, in the order lists show them. Everything that depends on which
 * schedules exist (the file format's check and JSON Schema, size caps, metrics, the CLI, the
 * editor, the compare view, exports) asks this registry instead of naming schedules.
 * Adding a schedule: one module, one line below, its tests (docs/adding-a-schedule.md).
 */
const BUILT_IN: readonly ScheduleDescriptor[] = [
  gpipe,
  oneFOneB,
  interleaved1F1B,
  loopedBFS,
  zbH1,
  zbH2,
  interleavedZB,
  zbV,
  zbVHalf,
  zbVMin,
  dualpipe,
  dualpipeV,
  custom,
];

/** How scenario files and `--schedule` spell a schedule: lower-case words joined by dashes. */
const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const ordered: ScheduleDescriptor[] = [];
const byName: Record<string, ScheduleDescriptor> = Object.create(null);

/**
 * Adds a schedule after the ones registered so far (at run time too: tests, plugins). Returns a
 * function that removes it again. A bad or taken name is a bug in the caller, so it throws.
 */
export function registerSchedule(schedule: ScheduleDescriptor): () => void {
  assert(
    NAME.test(schedule.name),
    `schedule name "${schedule.name}" must be lower-case words joined by dashes`,
  );
  assert(!Object.hasOwn(byName, schedule.name), `a schedule named "${schedule.name}" is already registered`);
  ordered.push(schedule);
  byName[schedule.name] = schedule;
  return () => {
    const at = ordered.indexOf(schedule);
    if (at < 0) return;
    ordered.splice(at, 1);
    delete byName[schedule.name];
  };
}

for (const s of BUILT_IN) registerSchedule(s);

/** The schedule registered under `name`, or undefined. */
export function getSchedule(name: string): ScheduleDescriptor | undefined {
  return Object.hasOwn(byName, name) ? byName[name] : undefined;
}

/** Every registered schedule, in order. */
export function allSchedules(): readonly ScheduleDescriptor[] {
  return ordered.slice();
}

/** Every registered name, in order. */
export function scheduleNames(): string[] {
  return ordered.map((s) => s.name);
}

export function isScheduleName(x: unknown): x is string {
  return typeof x === 'string' && Object.hasOwn(byName, x);
}

/** The display title of a schedule, or the name itself for an order no schedule made ("custom"). */
export function scheduleTitle(name: string): string {
  return getSchedule(name)?.title ?? name;
}

/**
 * Every registered schedule by name: a live view (schedules registered later show up). Reading an
 * unknown name gives undefined; prefer getSchedule, whose type says so.
 */
export const SCHEDULES: Readonly<Record<string, ScheduleDescriptor>> = byName;
