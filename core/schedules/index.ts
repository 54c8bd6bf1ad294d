import type { ScheduleName } from '../model/scenario';
import { dualpipe } from './dualpipe';
import { dualpipeV } from './dualpipev';
import type { ScheduleGenerator } from './generator';
import { gpipe } from './gpipe';
import { interleaved1F1B } from './interleaved-1f1b';
import { oneFOneB } from './one-f-one-b';
import { zbH1 } from './zb-h1';
import { zbH2 } from './zb-h2';
import { zbV } from './zb-v';

export type { ScheduleGenerator } from './generator';

export const SCHEDULES: Readonly<Record<ScheduleName, ScheduleGenerator>> = {
  gpipe,
  '1f1b': oneFOneB,
  'interleaved-1f1b': interleaved1F1B,
  'zb-h1': zbH1,
  'zb-h2': zbH2,
  'zb-v': zbV,
  dualpipe,
  dualpipev: dualpipeV,
};
