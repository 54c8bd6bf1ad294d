// PLACEHOLDER owned by a helper: replaced by the real generator before anything is committed.
import type { ScheduleGenerator } from './generator';

export const interleaved1F1B: ScheduleGenerator = {
  name: 'interleaved-1f1b',
  title: 'interleaved-1f1b',
  summary: '',
  source: '',
  check: () => [{ path: 'schedule', message: 'not available yet' }],
  generate: () => {
    throw new Error('placeholder');
  },
};
