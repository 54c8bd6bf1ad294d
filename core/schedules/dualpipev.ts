// PLACEHOLDER owned by a helper: replaced by the real generator before anything is committed.
import type { ScheduleGenerator } from './generator';

export const dualpipeV: ScheduleGenerator = {
  name: 'dualpipev',
  title: 'dualpipev',
  summary: '',
  source: '',
  check: () => [{ path: 'schedule', message: 'not available yet' }],
  generate: () => {
    throw new Error('placeholder');
  },
};
