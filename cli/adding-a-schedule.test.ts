import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSchedule } from '../core/schedules/registry';
import { oneAtATime } from '../core/schedules/testing/one-at-a-time';
import { runCli } from './commands';
import { memoryIO } from './memory-io.test-helper';

// Follows docs/adding-a-schedule.md with its example module, registered at run time (step 2 for
// code outside the repository's list): the CLI, the file format and the engine pick it up with no
// other change.

let unregister: () => void = () => {};
beforeAll(() => {
  unregister = registerSchedule(oneAtATime);
});
afterAll(() => unregister());

describe('adding a schedule (docs/adding-a-schedule.md)', () => {
  it('shows the module the doc shows, as it would sit in core/schedules/', async () => {
    const doc = readFileSync(new URL('../docs/adding-a-schedule.md', import.meta.url), 'utf8');
    const module = readFileSync(
      new URL('../core/schedules/testing/one-at-a-time.ts', import.meta.url),
      'utf8',
    );
    // the example lives one folder deeper than a real schedule module
    const asInSchedules = module
      .replace(/from '\.\.\/(?!\.\.\/)/g, "from './")
      .replace(/from '\.\.\/\.\.\//g, "from '../");
    expect(doc).toContain(asInSchedules);
  });

  it('lists it in pipescope schedules, with its source and its descriptor', async () => {
    const t = memoryIO();
    expect(await runCli(['schedules'], t.io)).toBe(0);
    const last = t.stdout().trimEnd().split('\n').at(-1);
    expect(last).toMatch(
      /^one-at-a-time +No pipelining: .* Source: docs\/adding-a-schedule\.md \(an example\)$/,
    );

    const j = memoryIO();
    expect(await runCli(['schedules', '--json'], j.io)).toBe(0);
    expect(JSON.parse(j.stdout()).schedules.at(-1)).toMatchObject({
      name: 'one-at-a-time',
      title: 'One at a time',
      placement: 'linear',
      chunks: { from: 'schedule', perDevice: 1, share: 1 },
      analyticBubble: { formula: 'm(PP-1)(F+B)' },
    });
  });

  it('simulates it: m micro-batches one after another take m x P x (F + B + W)', async () => {
    const t = memoryIO();
    const args = [
      'simulate',
      '--schedule',
      'one-at-a-time',
      '--devices',
      '3',
      '--microbatches',
      '4',
      '--json',
    ];
    expect(await runCli(args, t.io)).toBe(0);
    const r = JSON.parse(t.stdout());
    // F = B = W = 1 (the defaults): each micro-batch runs 3 forwards and 3 full backwards of 2 in turn
    expect(r.makespan).toBe(4 * 3 * 3);
    // every device works 4 x 3 and idles the rest: m(P - 1)(F + B + W) = 24, the analytic bubble
    expect(r.metrics.idle).toEqual([24, 24, 24]);
    expect(r.metrics.analyticBubble).toMatchObject({ value: 24, measured: 24, conditionsHold: true });
    expect(r.metrics.peakActivations).toEqual([1, 1, 1]);
  });

  it('accepts a scenario file that names it, and compare runs it beside the others', async () => {
    const file = JSON.stringify({ format: 'pipescope-scenario', version: 1, schedule: 'one-at-a-time' });
    const t = memoryIO({ 's.json': file });
    expect(await runCli(['validate', 's.json'], t.io)).toBe(0);
    expect(t.stdout()).toBe('s.json: ok\n');

    const c = memoryIO({ 's.json': file });
    expect(await runCli(['compare', 's.json', '--json'], c.io)).toBe(0);
    const names = JSON.parse(c.stdout()).schedules.map((s: { schedule: string }) => s.schedule);
    expect(names.at(-1)).toBe('one-at-a-time');
  });
});
