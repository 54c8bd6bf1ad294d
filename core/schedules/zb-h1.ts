// PLACEHOLDER owned by a helper: replaced by the real generator before anything is committed.
import type { ScheduleGenerator } from './generator';

export const zbH1: ScheduleGenerator = {
  name: 'zb-h1',
  title: 'zb-h1',
  summary: '',
  source: '',
  check: () => [{ path: 'schedule', message: 'not available yet' }],
  generate: () => {
    throw new Error('placeholder');
  },
};
