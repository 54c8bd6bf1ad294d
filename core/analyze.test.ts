import { describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import { scenarioToConfig } from './model/costs';
import { defaultScenario } from './model/scenario';
import { getSchedule } from './schedules/registry';
import { hasPairs, pairSteadyState } from './sim/pairing';
import { simulate } from './sim/simulate';

describe('analyze with steady-state pairing', () => {
  // ZB-H2 on 4 devices holding at most 2 activations: neighbouring stages warm up with the same
  // 2 forwards (min(2(P - s) - 1, 2)), so each pairs F(2) with B(1). Stage s's B(1) needs stage
  // s + 1's B(1), which waits in its pair for stage s + 1's F(2), which needs stage s's F(2): in
  // stage s's pair. A cycle: the paired order deadlocks although the order runs alone (the
  // fuzzer's case: free F and B).
  const base = defaultScenario();
  const scenario = {
    ...base,
    schedule: 'zb-h2' as const,
    devices: 4,
    microbatches: 8,
    costs: { forward: 0, backwardInput: 0, backwardWeight: 1 },
    pairing: 'steady-state' as const,
    memory: { ...base.memory, activationBudget: 2 },
  };

  it('runs an order that pairing would deadlock unpaired, and says so in a warning', () => {
    const config = scenarioToConfig(scenario);
    const order = getSchedule('zb-h2')!.generate(config);
    expect(simulate(order, config).ok).toBe(true);
    expect(simulate(pairSteadyState(order), config).ok).toBe(false);

    const r = analyze(scenario);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(hasPairs(r.analysis.schedule)).toBe(false);
    expect(r.analysis.warnings).toContain(
      `pairing "steady-state" would deadlock ZB-H2's order here (a paired backward would wait, through other devices, for the forward it is paired with), so it runs unpaired`,
    );
    const unpaired = analyze({ ...scenario, pairing: 'off' });
    expect(unpaired.ok && unpaired.analysis.timeline.makespan).toBe(r.analysis.timeline.makespan);
  });

  it('keeps the pairs where they run (1F1B)', () => {
    const r = analyze({ ...scenario, schedule: '1f1b' });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(hasPairs(r.analysis.schedule)).toBe(true);
    expect(r.analysis.warnings).toEqual([]);
  });
});
