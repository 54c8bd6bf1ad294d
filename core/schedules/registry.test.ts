import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { parseScenarioObject } from '../format/scenario-file';
import { OpKind } from '../model/ops';
import { defaultScenario } from '../model/scenario';
import { ScheduleBuilder } from '../model/schedule';
import { ANALYTIC_BASE_CONDITIONS } from './analytic-rule';
import { defineSchedule } from './descriptor';
import {
  SCHEDULES,
  allSchedules,
  getSchedule,
  isScheduleName,
  registerSchedule,
  scheduleNames,
  scheduleTitle,
} from './registry';

/** GPipe's order under another name: enough to see a run-time schedule travel through the engine. */
const allForwardsFirst = defineSchedule({
  name: 'all-forwards-first',
  title: 'All forwards first',
  summary: 'Test schedule.',
  source: 'this test',
  placement: 'linear',
  chunks: { from: 'schedule', perDevice: 1, share: 1 },
  paramMultiplier: 1,
  opsPerStage: 2,
  analyticBubble: { formula: 'none', conditions: ANALYTIC_BASE_CONDITIONS, source: 'this test' },
  memory: null,
  check: () => [],
  generate(c, shape) {
    const b = new ScheduleBuilder(shape, 2 * c.devices * c.microbatches);
    for (let d = 0; d < c.devices; d++) {
      for (let i = 0; i < c.microbatches; i++) b.push(d, OpKind.F, i, 0, d);
      for (let i = 0; i < c.microbatches; i++) b.push(d, OpKind.BW, i, 0, d);
    }
    return b.build();
  },
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const undo of cleanups.splice(0)) undo();
});

describe('schedule registry', () => {
  it('lists the built-in schedules in order', () => {
    expect(scheduleNames()).toEqual([
      'gpipe',
      '1f1b',
      'interleaved-1f1b',
      'looped-bfs',
      'zb-h1',
      'zb-h2',
      'interleaved-zb',
      'zb-v',
      'zb-v-half',
      'zb-v-min',
      'dualpipe',
      'dualpipev',
      'custom',
    ]);
    expect(allSchedules().map((s) => s.title)).toEqual([
      'GPipe',
      '1F1B',
      'Interleaved 1F1B',
      'Looped BFS',
      'ZB-H1',
      'ZB-H2',
      'Interleaved Zero Bubble',
      'ZB-V',
      'ZB V-Half',
      'ZB V-Min',
      'DualPipe',
      'DualPipeV',
      'Custom order',
    ]);
  });

  it('takes a schedule registered at run time: lookups, titles, the file format and analyze see it', () => {
    cleanups.push(registerSchedule(allForwardsFirst));
    expect(scheduleNames().at(-1)).toBe('all-forwards-first');
    expect(getSchedule('all-forwards-first')).toBe(allForwardsFirst);
    expect(SCHEDULES['all-forwards-first']).toBe(allForwardsFirst);
    expect(isScheduleName('all-forwards-first')).toBe(true);
    expect(scheduleTitle('all-forwards-first')).toBe('All forwards first');

    const loaded = parseScenarioObject({
      format: 'pipescope-scenario',
      version: 1,
      schedule: 'all-forwards-first',
    });
    expect(loaded.ok).toBe(true);
    const r = analyze({ ...defaultScenario(), schedule: 'all-forwards-first', devices: 3, microbatches: 4 });
    expect(r.ok).toBe(true);
    // GPipe's makespan with F = B = W = 1: (m + P - 1)(F + B + W) = 6 x 3
    if (r.ok) expect(r.analysis.metrics.makespan).toBe(18);
  });

  it('forgets a schedule once it is removed, and the file format then lists the names it accepts', () => {
    registerSchedule(allForwardsFirst)();
    expect(getSchedule('all-forwards-first')).toBeUndefined();
    expect(scheduleNames()).not.toContain('all-forwards-first');
    const loaded = parseScenarioObject({
      format: 'pipescope-scenario',
      version: 1,
      schedule: 'all-forwards-first',
    });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok)
      expect(loaded.errors).toEqual([
        {
          path: 'schedule',
          message: `must be one of ${scheduleNames()
            .map((n) => `"${n}"`)
            .join(', ')} (got "all-forwards-first")`,
        },
      ]);
  });

  it('refuses a second schedule of the same name and names that files could not spell', () => {
    const before = scheduleNames();
    expect(() => registerSchedule({ ...allForwardsFirst, name: '1f1b' })).toThrow(/already registered/);
    expect(() => registerSchedule({ ...allForwardsFirst, name: 'Two Words' })).toThrow(/lower-case/);
    expect(scheduleNames()).toEqual(before);
  });

  it('answers unknown names with undefined, and titles them with the name itself', () => {
    expect(getSchedule('constructor')).toBeUndefined();
    expect(isScheduleName('constructor')).toBe(false);
    expect(isScheduleName(3)).toBe(false);
    expect(scheduleTitle('my-own-order')).toBe('my-own-order');
  });
});
