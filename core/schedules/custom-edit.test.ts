import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { type Scenario, defaultScenario } from '../model/scenario';
import { CUSTOM_SCHEDULE } from './custom';
import { moveAction, orderActions } from './custom-edit';

function analysed(over: Partial<Scenario>) {
  const r = analyze({ ...defaultScenario(), ...over });
  if (!r.ok) throw new Error(r.errors[0].message);
  return r.analysis;
}

describe('moving an action within its device order', () => {
  it("lists each device's actions, an overlapped pair as one", () => {
    const a = analysed({ schedule: 'dualpipev', devices: 2, microbatches: 4 });
    const actions = orderActions(a.schedule);
    expect(actions[0].slice(6, 8).map((x) => [x.text, x.ops.length])).toEqual([
      ['3F1', 1],
      ['(0F3;3B1)OVERLAP_F_B', 2],
    ]);
  });

  it('keeps a move that can run, as a custom order, and the first edit converts a generated schedule', () => {
    // GPipe, 2 devices: device 1 runs 1F0 1F1 1B0 1B1; moving 1B0 before 1F1 is 1F1B's order there
    const a = analysed({ schedule: 'gpipe', devices: 2, microbatches: 2 });
    const r = moveAction(a.scenario, a.schedule, 1, 2, 1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.label).toBe('Move 1B0 earlier (now a custom order)');
    expect(r.scenario.schedule).toBe(CUSTOM_SCHEDULE);
    expect(r.scenario.order?.devices).toEqual(['0F0 0F1 0B0 0B1', '1F0 1B0 1F1 1B1']);
    // with F = B = W = 1: device 1 finishes 1F0 at 2, 1BW0 at 4, 1F1 at 5, 1BW1 at 7; device 0's
    // 0BW0 runs 4-6 and 0BW1 7-9
    const b = analysed(r.scenario);
    expect(b.timeline.makespan).toBe(9);
  });

  it('refuses a move that breaks a dependency, naming the waiting cycle', () => {
    // moving 1B0 before 1F0 on device 1: the backward of the last stage needs its own forward
    const a = analysed({ schedule: 'gpipe', devices: 2, microbatches: 2 });
    const r = moveAction(a.scenario, a.schedule, 1, 2, 0);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.reason).toMatch(
        /^Cannot move 1B0 earlier on device 1: deadlock: device 1 waits at 1B0 for 1F0 on device 1, which closes the cycle/,
      );
  });

  it('refuses a move that deadlocks across devices', () => {
    // device 0 runs 0B0 before 0F0... moved there it waits for 1B0, which waits for 1F0, which waits for 0F0
    const a = analysed({ schedule: '1f1b', devices: 2, microbatches: 1 });
    const r = moveAction(a.scenario, a.schedule, 0, 1, 0);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.reason).toContain(
        'device 0 waits at 0B0 for 1B0 on device 1, device 1 waits at 1F0 for 0F0 on device 0',
      );
  });

  it("refuses to edit DualPipe's order, whose stages each run on two devices", () => {
    const a = analysed({ schedule: 'dualpipe', devices: 4, microbatches: 8 });
    const r = moveAction(a.scenario, a.schedule, 0, 1, 0);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^This order cannot be edited: stage \d+ runs on device/);
  });
});
