import { describe, expect, it } from 'vitest';
import { analyze, applicableSchedules } from '../analyze';
import { NO_PAIR } from '../model/ops';
import { defaultScenario, type Scenario } from '../model/scenario';
import { METRIC_DEFINITIONS } from './definitions';
import { metricsToJSON } from './metrics';

function scenario(over: Partial<Scenario>): Scenario {
  return { ...defaultScenario(), ...over };
}

function run(s: Scenario) {
  const r = analyze(s);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.analysis;
}

describe('bubble metrics', () => {
  it('1F1B idles exactly (P-1)(F+B) on every device with no P2P cost', () => {
    // P = 4, F = 1, full backward B = 1.5 + 0.5 = 2: (4 - 1)(1 + 2) = 9 ms idle per device
    const a = run(
      scenario({
        schedule: '1f1b',
        devices: 4,
        microbatches: 8,
        costs: { forward: 1, backwardInput: 1.5, backwardWeight: 0.5 },
      }),
    );
    expect(Array.from(a.metrics.idle)).toEqual([9, 9, 9, 9]);
    expect(a.metrics.makespan).toBe((8 + 3) * 3);
    expect(a.metrics.analyticBubble.formula).toBe('(PP-1)(F+B)');
    expect(a.metrics.analyticBubble.value).toBe(9);
    expect(a.metrics.analyticBubble.conditionsHold).toBe(true);
    expect(a.metrics.analyticBubble.measured).toBe(9);
  });

  it('GPipe idles (P-1)(F+B) per device too', () => {
    const a = run(
      scenario({
        schedule: 'gpipe',
        devices: 3,
        microbatches: 5,
        costs: { forward: 2, backwardInput: 3, backwardWeight: 1 },
      }),
    );
    expect(Array.from(a.metrics.idle)).toEqual([12, 12, 12]);
    expect(a.metrics.analyticBubble.value).toBe(12);
  });

  it('reports both bubble definitions: idle fraction and over-ideal (hand-worked 1F1B P=2 m=2)', () => {
    // makespan (m + P - 1)(F + BW) = 3 x 3 = 9; busy 6 per device; ideal = 12 / 2 = 6
    const a = run(
      scenario({
        schedule: '1f1b',
        devices: 2,
        microbatches: 2,
        costs: { forward: 1, backwardInput: 1, backwardWeight: 1 },
      }),
    );
    expect(a.metrics.makespan).toBe(9);
    expect(a.metrics.bubbleIdleFraction).toBeCloseTo(6 / 18, 12);
    expect(a.metrics.idealTime).toBe(6);
    expect(a.metrics.bubbleOverIdeal).toBeCloseTo(0.5, 12);
    expect(a.metrics.bubbleMegatron).toBeCloseTo(1 / 2, 12);
  });

  it("uses Megatron's (P-1)/(v x m) with v = how many times a micro-batch passes each device", () => {
    // P = 4, m = 8: (4 - 1) / (v x 8). A micro-batch passes each device once in 1F1B and in either
    // direction of DualPipe, v times interleaved (v chunks of 1/v), twice in the V shapes.
    const megatron = (schedule: string, chunks = 2) =>
      run(scenario({ schedule, devices: 4, microbatches: 8, chunks })).metrics.bubbleMegatron;
    expect(megatron('1f1b')).toBeCloseTo(3 / 8, 12);
    expect(megatron('dualpipe')).toBeCloseTo(3 / 8, 12);
    expect(megatron('interleaved-1f1b', 2)).toBeCloseTo(3 / 16, 12);
    expect(megatron('interleaved-1f1b', 4)).toBeCloseTo(3 / 32, 12);
    expect(megatron('zb-v')).toBeCloseTo(3 / 16, 12);
    expect(megatron('dualpipev')).toBeCloseTo(3 / 16, 12);
  });

  it("DualPipe's (PP/2-1)(F&B+B-3W) equals the measured idle when F = B and W <= F without P2P", () => {
    // PP = 8, F = B(input) = 1, W = 0.5: F&B = F + full B = 2.5, so 3 x (2.5 + 1.5 - 1.5) = 7.5
    const a = run(
      scenario({
        schedule: 'dualpipe',
        devices: 8,
        microbatches: 20,
        costs: { forward: 1, backwardInput: 1, backwardWeight: 0.5 },
      }),
    );
    expect(a.metrics.analyticBubble.value).toBe(7.5);
    expect(a.metrics.analyticBubble.conditionsHold).toBe(true);
    for (const idle of a.metrics.idle) expect(idle).toBeCloseTo(7.5, 9);
  });

  it('ZB-H1 ends at m(F+B+W) + (P-1)(F+B-W) with F = B = W and no P2P (docs/formulas.md)', () => {
    // B here is the input-grad part: P = 4, m = 8, F = B = W = 1 -> 24 + 3 = 27; idle 3 = (PP-1)(F+B-2W) with full B = 2
    const a = run(
      scenario({
        schedule: 'zb-h1',
        devices: 4,
        microbatches: 8,
        costs: { forward: 1, backwardInput: 1, backwardWeight: 1 },
      }),
    );
    expect(a.metrics.makespan).toBeCloseTo(27, 9);
    expect(a.metrics.analyticBubble.value).toBe(3);
    expect(a.metrics.analyticBubble.conditionsHold).toBe(true);
  });

  it('ZB-H1 meets (PP-1)(F+B-2W) whenever W is at most F and the input-grad B, and says when W is larger', () => {
    // P = 4, F = 2, B_in = 1.5, W = 1: full B = 2.5, (PP-1)(F+B-2W) = 3 x (2 + 2.5 - 2) = 7.5
    const ok = run(
      scenario({
        schedule: 'zb-h1',
        devices: 4,
        microbatches: 8,
        costs: { forward: 2, backwardInput: 1.5, backwardWeight: 1 },
      }),
    );
    expect(ok.metrics.analyticBubble.value).toBeCloseTo(7.5, 9);
    expect(ok.metrics.analyticBubble.conditionsHold).toBe(true);
    expect(ok.metrics.maxIdle).toBeCloseTo(7.5, 9);
    // W = 2 > B_in = 1: the formula gives 3 x (1 + 3 - 4) = 0, which no 1F1B-memory order reaches
    const late = run(
      scenario({
        schedule: 'zb-h1',
        devices: 4,
        microbatches: 8,
        costs: { forward: 1, backwardInput: 1, backwardWeight: 2 },
      }),
    );
    expect(late.metrics.analyticBubble.conditionsHold).toBe(false);
    expect(late.metrics.analyticBubble.failing.join(' ')).toMatch(/W \(2\) exceeds/);
    expect(late.metrics.maxIdle).toBeGreaterThan(late.metrics.analyticBubble.value ?? 0);
  });

  it('interleaved 1F1B idles (P-1)(F+B)/v per device', () => {
    // P = 4, v = 2, F = 1, full B = 2: 3 x 3 / 2 = 4.5
    const a = run(
      scenario({
        schedule: 'interleaved-1f1b',
        devices: 4,
        microbatches: 8,
        chunks: 2,
        costs: { forward: 1, backwardInput: 1.5, backwardWeight: 0.5 },
      }),
    );
    expect(a.metrics.analyticBubble.value).toBe(4.5);
    for (const idle of a.metrics.idle) expect(idle).toBeCloseTo(4.5, 9);
  });

  it("DualPipeV's formula counts PP = 2 x devices stages of half a device share each", () => {
    // P = 8 devices, 16 stages; per chunk F = B = 0.5, W = 0.25: F&B = 0.5 + 0.75, full B = 0.75
    // (16/2 - 1)(1.25 + 0.75 - 0.75) = 8.75
    const a = run(
      scenario({
        schedule: 'dualpipev',
        devices: 8,
        microbatches: 20,
        costs: { forward: 1, backwardInput: 1, backwardWeight: 0.5 },
      }),
    );
    expect(a.metrics.analyticBubble.value).toBe(8.75);
    expect(a.metrics.analyticBubble.conditionsHold).toBe(true);
    for (const idle of a.metrics.idle) expect(idle).toBeCloseTo(8.75, 9);
  });

  it('says which DualPipe condition fails when F differs from B or P2P costs time', () => {
    const a = run(
      scenario({
        schedule: 'dualpipe',
        devices: 4,
        microbatches: 8,
        costs: { forward: 1, backwardInput: 2, backwardWeight: 0.5 },
        p2p: { time: 0.1, occupiesComm: false },
      }),
    );
    expect(a.metrics.analyticBubble.conditionsHold).toBe(false);
    expect(a.metrics.analyticBubble.failing.join(' ')).toMatch(/P2P/);
    expect(a.metrics.analyticBubble.failing.join(' ')).toMatch(/input-grad/);
  });
});

describe('memory metrics', () => {
  it('1F1B holds at most P - s activations on stage s, GPipe m', () => {
    const one = run(scenario({ schedule: '1f1b', devices: 4, microbatches: 8 }));
    expect(Array.from(one.metrics.memory.peakActivations)).toEqual([4, 3, 2, 1]);
    const gp = run(scenario({ schedule: 'gpipe', devices: 4, microbatches: 6 }));
    expect(Array.from(gp.metrics.memory.peakActivations)).toEqual([6, 6, 6, 6]);
    const GiB = 1024 ** 3;
    expect(gp.metrics.memory.peakActivationBytes[0]).toBe(6 * GiB);
  });

  it('never holds negative memory and frees everything by the end (1F1B, GPipe, DualPipe with split W)', () => {
    for (const schedule of ['1f1b', 'gpipe', 'dualpipe', 'interleaved-1f1b'] as const) {
      const a = run(scenario({ schedule, devices: 4, microbatches: 8 }));
      const c = a.metrics.memory.activationCurve;
      for (let d = 0; d < 4; d++) {
        for (let k = c.deviceStart[d]; k < c.deviceStart[d + 1]; k++) {
          expect(c.bytes[k]).toBeGreaterThanOrEqual(0);
          expect(c.count[k]).toBeGreaterThanOrEqual(0);
          if (k > c.deviceStart[d]) expect(c.time[k]).toBeGreaterThanOrEqual(c.time[k - 1]);
        }
        expect(c.bytes[c.deviceStart[d + 1] - 1]).toBe(0);
      }
    }
  });

  it('doubles parameters for DualPipe and warns when a device exceeds its capacity', () => {
    const GiB = 1024 ** 3;
    const s = scenario({ schedule: 'dualpipe', devices: 4, microbatches: 8 });
    s.memory = { ...s.memory, parameters: 4 * GiB, capacity: 10 * GiB };
    const a = run(s);
    expect(a.metrics.memory.parameterMultiplier).toBe(2);
    expect(a.metrics.memory.parameterBytes).toBe(8 * GiB);
    expect(a.metrics.memory.overCapacity.length).toBeGreaterThan(0);
    expect(a.warnings.join('\n')).toMatch(/over memory.capacity/);
  });
});

describe('analyze', () => {
  it('returns errors with paths for values the engine cannot use', () => {
    const costs = { forward: -1, backwardInput: [1, 2], backwardWeight: 1 };
    const r = analyze(scenario({ devices: 4, costs }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual(['costs.forward', 'costs.backwardInput']);
    // With no valid device count there is nothing to count the per-device costs against.
    const noDevices = analyze(scenario({ devices: 0, costs }));
    expect(!noDevices.ok && noDevices.errors.map((e) => e.path)).toEqual(['devices', 'costs.forward']);
  });

  it('lists every schedule with why it cannot run', () => {
    const list = applicableSchedules(scenario({ devices: 4, microbatches: 3 }));
    expect(list.map((x) => x.name)).toContain('dualpipe');
    expect(list.find((x) => x.name === '1f1b')?.errors).toEqual([]);
    expect(list.find((x) => x.name === 'dualpipe')?.errors.length).toBeGreaterThan(0); // m must be even
  });

  it('steady-state pairing pairs F with a backward of another micro-batch and still runs', () => {
    const a = run(scenario({ schedule: '1f1b', devices: 4, microbatches: 8, pairing: 'steady-state' }));
    const s = a.schedule;
    let pairs = 0;
    for (let i = 0; i + 1 < s.count; i++)
      if (s.pair[i] !== NO_PAIR && s.pair[i + 1] === s.pair[i]) {
        expect(s.microbatch[i]).not.toBe(s.microbatch[i + 1]);
        pairs++;
        i++;
      }
    // stage s < P-1: m - (P - s - 1) - 1 steady forwards after the first; the last stage none
    expect(pairs).toBe(4 + 5 + 6 + 0);
    expect(a.metrics.comm.pairs.count).toBe(pairs);
  });

  it('has a definition with label and unit for every metric key it writes to JSON', () => {
    const a = run(scenario({ schedule: '1f1b' }));
    const json = metricsToJSON(a.metrics);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    for (const key of Object.keys(json)) {
      expect(METRIC_DEFINITIONS).toHaveProperty(key);
    }
  });
});

describe('metricsToJSON: the why-is-it-slow figures', () => {
  it('writes idle by cause per device and in total, and the critical path as device and per-device index', () => {
    // 1F1B P = 2, m = 2, F = 1, BW = 2, P2P 0.5 (hand-worked in critical-path.test.ts and idle-causes.test.ts)
    const a = run(scenario({ devices: 2, microbatches: 2, p2p: { time: 0.5, occupiesComm: false } }));
    const json = metricsToJSON(a.metrics) as {
      idleByCause: unknown;
      criticalPath: unknown;
      exposedCommMean: number;
      exposedCommMax: number;
      steadyState: { window: string };
    };
    const zero = { fill: 0, drain: 0, dependency: 0, p2p: 0, exposedComm: 0, memory: 0, tail: 0 };
    expect(json.idleByCause).toEqual({
      devices: [
        { ...zero, fill: 2.5, drain: 0.5, p2p: 1 },
        { ...zero, fill: 1, p2p: 0.5, tail: 2.5 },
      ],
      total: { ...zero, fill: 3.5, drain: 0.5, p2p: 1.5, tail: 2.5 },
    });
    expect(json.criticalPath).toEqual({
      length: 10,
      compute: 9,
      exposedComm: 0,
      p2p: 1,
      wait: 0,
      stages: [0, 1],
      devices: [0, 1],
      ops: [
        { device: 0, index: 0 },
        { device: 1, index: 0 },
        { device: 1, index: 1 },
        { device: 1, index: 2 },
        { device: 1, index: 3 },
        { device: 0, index: 3 },
      ],
    });
    // exposed communication per device as mean and max, never a bare sum
    expect([json.exposedCommMean, json.exposedCommMax]).toEqual([0, 0]);
    expect(json.steadyState.window).toBe('alternating');
  });
});
