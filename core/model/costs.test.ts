import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { parseScenarioObject, saveScenario } from '../format/scenario-file';
import { validateScenario } from '../format/validate';
import { p2pTime } from './costs';
import { defaultScenario } from './scenario';

describe('P2P transfer time from bytes over bandwidth', () => {
  it('adds bytes / bandwidth to the latency: 50 MB at 25 GB/s is 2 ms', () => {
    const s = defaultScenario();
    s.p2p = { time: 0.5, occupiesComm: false, bytes: 50e6, bandwidth: 25 };
    expect(p2pTime(s)).toBeCloseTo(2.5, 12);
  });

  it('is the latency alone without bytes', () => {
    const s = defaultScenario();
    s.p2p = { time: 0.3, occupiesComm: false };
    expect(p2pTime(s)).toBe(0.3);
  });

  it('delays 1F1B by the transfer on each hop: makespan (m + P - 1)(F + B + W) + 2(P - 1) x transfer', () => {
    // P = 2, m = 2, F = B = W = 1, transfer 1 ms (10 MB at 10 GB/s, no latency): one F hop and
    // one B hop on the critical path of the last micro-batch: (2 + 1) x 3 + 2 x 1 x 1 = 11
    const s = defaultScenario();
    Object.assign(s, { devices: 2, microbatches: 2 });
    s.p2p = { time: 0, occupiesComm: false, bytes: 10e6, bandwidth: 10 };
    const r = analyze(s);
    if (!r.ok) throw new Error(r.errors[0].message);
    expect(r.analysis.metrics.makespan).toBeCloseTo(11, 9);
  });

  it('names p2p.bandwidth when bytes come without it, and keeps both through save and load', () => {
    const s = defaultScenario();
    s.p2p = { time: 0, occupiesComm: false, bytes: 1e6 };
    expect(validateScenario(s).errors.map((e) => e.path)).toContain('p2p.bandwidth');
    s.p2p.bandwidth = 50;
    const again = parseScenarioObject(JSON.parse(saveScenario(s)));
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(again.scenario.p2p).toEqual({ time: 0, occupiesComm: false, bytes: 1e6, bandwidth: 50 });
  });
});
