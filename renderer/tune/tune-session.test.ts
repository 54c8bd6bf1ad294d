import { describe, expect, it } from 'vitest';
import { analyze } from '../../core/analyze';
import { IDLE_CAUSES } from '../../core/metrics/idle-causes';
import { type Scenario, defaultScenario } from '../../core/model/scenario';
import { applyConfig, configOf, inlineWorker, planSpace } from '../../core/tune';
import { fourDevices } from '../../core/tune/tune.test-helper';
import { TuneSession } from './tune-session';

const GiB = 2 ** 30;
const base: Scenario = fourDevices({
  p2p: { time: 0.1, occupiesComm: true },
  memory: { ...defaultScenario().memory, capacity: 12 * GiB },
});
const request = {
  schedules: ['gpipe', '1f1b', 'zb-h1', 'zb-h2', 'dualpipe'],
  microbatches: [4, 6, 8, 12, 16],
};

const until = async (done: () => boolean) => {
  for (let k = 0; k < 2000 && !done(); k++) await new Promise((r) => setTimeout(r, 1));
  expect(done()).toBe(true);
};

describe('the Find best session', () => {
  it("works out the top idle cause of table rows the workers left out, as the schedule view's metrics give it", async () => {
    const session = new TuneSession(
      (n) => Array.from({ length: n }, inlineWorker),
      () => 2,
    );
    const plan = planSpace(base, request);
    if (!plan.ok) throw new Error(plan.errors[0].message);
    const constraints = { capacity: base.memory.capacity, activationLimit: null };
    session.start(base, request, constraints, plan.space, base);
    await until(() => session.getState().status === 'done');
    const left = session
      .getState()
      .results.filter((r) => r.reason === null && r.figures?.topIdleMs === null)
      .map((r) => r.index);
    expect(left.length).toBeGreaterThan(0);
    session.attribute(left);
    await until(() => left.every((i) => session.getState().causes.has(i)));
    for (const i of left) {
      const r = session.getState().results.find((x) => x.index === i)!;
      const a = analyze(applyConfig(base, configOf(r, base, plan.space, plan.scaler)));
      if (!a.ok) throw new Error(JSON.stringify(a.errors));
      const totals = Array.from(a.analysis.metrics.idleByCause.total);
      const top = totals.reduce((best, v, c) => (v > 0 && (best < 0 || v > totals[best]) ? c : best), -1);
      expect(session.getState().causes.get(i)).toEqual({
        cause: top < 0 ? null : IDLE_CAUSES[top],
        ms: top < 0 ? 0 : totals[top],
      });
    }
  });
});
