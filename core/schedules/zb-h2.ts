// PLACEHOLDER owned by a helper: replaced by the real generator before anything is committed.
import type { ScheduleGenerator } from './generator';

export const zbH2: ScheduleGenerator = {
  name: 'zb-h2',
  title: 'zb-h2',
  summary: '',
  source: '',
  check: () => [{ path: 'schedule', message: 'not available yet' }],
  generate: () => {
    throw new Error('placeholder');
  },
};
