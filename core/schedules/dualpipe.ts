// PLACEHOLDER owned by a helper: replaced by the real generator before anything is committed.
import type { ScheduleGenerator } from './generator';

export const dualpipe: ScheduleGenerator = {
  name: 'dualpipe',
  title: 'dualpipe',
  summary: '',
  source: '',
  check: () => [{ path: 'schedule', message: 'not available yet' }],
  generate: () => {
    throw new Error('placeholder');
  },
};
