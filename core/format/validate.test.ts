import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { scenarioToConfig } from '../model/costs';
import { type Scenario, defaultScenario } from '../model/scenario';
import { LIMITS } from './limits';
import { validateScenario } from './validate';

function scenario(over: Partial<Scenario> = {}): Scenario {
  return { ...defaultScenario(), ...over };
}

const parts = (over: Partial<NonNullable<Scenario['parts']>> = {}): NonNullable<Scenario['parts']> => ({
  forward: { attention: 1, dispatch: 1, mlp: 1, combine: 1 },
  backward: { combine: 1, mlpInput: 1, mlpWeight: 1, dispatch: 1, attentionInput: 1, attentionWeight: 1 },
  ...over,
});

const pathsOf = (s: unknown) => validateScenario(s).errors.map((e) => e.path);

describe('validateScenario', () => {
  it('accepts the default scenario and gives it back as the schema reads it', () => {
    const v = validateScenario(defaultScenario());
    expect(v).toEqual({ errors: [], opens: true, scheduleErrors: [], scenario: defaultScenario() });
  });

  it('reports a type error, a per-device count and a rule between fields together', () => {
    const s = scenario({
      name: 5 as unknown as string,
      devices: 4,
      costs: { forward: [1, 2, 3], backwardInput: 1, backwardWeight: 1 },
      memory: { ...defaultScenario().memory, activation: 100, weightGradStash: 200 },
    });
    expect(validateScenario(s).errors).toEqual([
      { path: 'name', message: 'expected a string (got 5)' },
      {
        path: 'costs.forward',
        message: 'has 3 value(s) but devices is 4: give one per device, or one number for all',
      },
      {
        path: 'memory.weightGradStash',
        message: 'is part of the activations, so it cannot exceed memory.activation (100 bytes; got 200)',
      },
    ]);
  });

  it("runs the schedule's own check beside errors in fields it does not read", () => {
    // DualPipe needs an even number of devices; the description's type has nothing to do with it.
    const v = validateScenario(
      scenario({ schedule: 'dualpipe', devices: 3, microbatches: 12, description: [] as unknown as string }),
    );
    expect(v.errors.map((e) => e.path)).toEqual(['description', 'devices']);
    expect(v.scheduleErrors).toEqual([v.errors[1]]);
    expect(v.scheduleErrors[0].message).toMatch(/DualPipe needs an even number of devices/);
  });

  it("skips the schedule's check when a field it reads is invalid, rather than report its consequences", () => {
    const s = scenario({ schedule: 'dualpipe', devices: 3, microbatches: Number.NaN });
    expect(validateScenario(s).errors).toEqual([
      { path: 'microbatches', message: 'must be a finite number (got NaN)' },
    ]);
  });

  it('names the value of an in-memory per-device cost the way the file loader does', () => {
    const s = scenario({ costs: { forward: [1, 1, 1, -2], backwardInput: Number.NaN, backwardWeight: 1 } });
    expect(validateScenario(s).errors).toEqual([
      { path: 'costs.forward[3]', message: 'must be at least 0 ms (got -2)' },
      { path: 'costs.backwardInput', message: 'must be a finite number (got NaN)' },
    ]);
  });

  it('says which errors keep a file from opening and which the editor can show at their field', () => {
    expect(validateScenario(scenario({ devices: 0 })).opens).toBe(false);
    expect(validateScenario(scenario({ smSplit: { total: 8, reserved: 8 } })).opens).toBe(false);
    const cannotRun = validateScenario(
      scenario({ schedule: 'interleaved-1f1b', devices: 4, microbatches: 6 }),
    );
    expect(cannotRun.errors.map((e) => e.path)).toEqual(['microbatches']);
    expect(cannotRun.opens).toBe(true);
    const noBandwidth = validateScenario(scenario({ p2p: { time: 0, occupiesComm: false, bytes: 1e6 } }));
    expect(noBandwidth.errors).toEqual([
      { path: 'p2p.bandwidth', message: 'is needed with p2p.bytes (GB/s of the link)' },
    ]);
    expect(noBandwidth.opens).toBe(true);
  });

  it('checks the size cap and the check of the schedule asked for, and can leave the check out', () => {
    // 1024 devices x 2048 micro-batches: 1F1B runs F and BW per (stage, micro-batch), 4,194,304 ops,
    // under the 5,000,000 cap; ZB-H1 runs F, B and W, 6,291,456 ops, over it.
    const big = scenario({ devices: 1024, microbatches: 2048 });
    expect(validateScenario(big).errors).toEqual([]);
    const zb = validateScenario(big, { schedule: 'zb-h1' });
    expect(zb.errors.map((e) => e.path)).toEqual(['microbatches']);
    expect(zb.errors[0].message).toContain('about 6,291,456 ops for zb-h1');
    // The schedule asked for is checked even when the scenario's own schedule field is not valid.
    const unnamed = scenario({ devices: 1024, microbatches: 2048, schedule: 'zb-h3' as 'zb-h1' });
    expect(validateScenario(unnamed, { schedule: 'zb-h1' }).errors.map((e) => e.path)).toEqual([
      'schedule',
      'microbatches',
    ]);
    const odd = scenario({ devices: 3, microbatches: 12 });
    expect(pathsOf(odd)).toEqual([]);
    expect(validateScenario(odd, { schedule: 'dualpipe' }).errors.map((e) => e.path)).toEqual(['devices']);
    expect(validateScenario(odd, { schedule: 'dualpipe', scheduleCheck: false }).errors).toEqual([]);
    expect(validateScenario(odd, { schedule: 'zb-h3' as 'zb-h1' }).errors[0].message).toMatch(
      /^unknown schedule "zb-h3"; use one of gpipe, 1f1b/,
    );
  });

  it('refuses a P2P bandwidth so small that one transfer would take longer than any time PipeScope counts', () => {
    // 1e6 bytes at 1e-12 GB/s = 1e6 / 1e-3 bytes per second = 1e9 s = 1e12 ms, over the 1e9 ms cap.
    const slow = scenario({ p2p: { time: 0, occupiesComm: false, bytes: 1e6, bandwidth: 1e-12 } });
    expect(validateScenario(slow).errors).toEqual([
      {
        path: 'p2p.bandwidth',
        message:
          'is too small for p2p.bytes (1,000,000): one transfer would take 1.00e+12 ms, and any time is at most 1,000,000,000 ms (got 1e-12 GB/s)',
      },
    ]);
    // 1e6 bytes at 1e-3 GB/s (1e6 bytes per second) is 1 s: fine.
    slow.p2p.bandwidth = 1e-3;
    expect(validateScenario(slow).errors).toEqual([]);
    // The smallest positive number makes the time infinite; analysis says so instead of running.
    slow.p2p.bandwidth = Number.MIN_VALUE;
    const r = analyze(slow);
    expect(!r.ok && r.errors[0]).toMatchObject({ path: 'p2p.bandwidth' });
    expect(!r.ok && r.errors[0].message).toContain('longer than any number holds');
  });

  it('refuses an all-to-all bandwidth that makes a part take forever, naming the largest part', () => {
    const commBytes = { forward: { dispatch: 1e6, combine: 4e6 }, backward: { dispatch: 2e6, combine: 1e6 } };
    // 4e6 bytes at 1e-9 GB/s (1 byte per second) is 4e6 s = 4e9 ms.
    const s = scenario({ parts: parts({ commBytes, commBandwidth: 1e-9 }) });
    expect(validateScenario(s).errors).toEqual([
      {
        path: 'parts.commBandwidth',
        message:
          'is too small for parts.commBytes.forward.combine: it would take 4.00e+9 ms, and any time is at most 1,000,000,000 ms (got 1e-9 GB/s)',
      },
    ]);
  });

  it('wants all-to-all sizes and their bandwidth together, and a pair order that can run', () => {
    expect(pathsOf(scenario({ parts: parts({ commBandwidth: 50 }) }))).toEqual(['parts.commBytes']);
    const commBytes = { forward: { dispatch: 1, combine: 1 }, backward: { dispatch: 1, combine: 1 } };
    expect(pathsOf(scenario({ parts: parts({ commBytes }) }))).toEqual(['parts.commBandwidth']);
    expect(
      validateScenario(scenario({ parts: parts({ pairOrder: ['attention(F)', 'mlp(F)'] }) })).errors,
    ).toEqual([
      {
        path: 'parts.pairOrder',
        message:
          'is missing "combine(B)", "mlp-input-grad(B)", "dispatch(F)", "dispatch(B)", "mlp-weight-grad(B)", "attention-input-grad(B)", "attention-weight-grad(B)", "combine(F)" (it must list all ten parts once)',
      },
    ]);
  });

  it('keeps its output bounded: an over-long array is one error, not one per value', () => {
    const huge = new Array(1_000_000).fill(-1);
    const v = validateScenario(scenario({ costs: { forward: huge, backwardInput: 1, backwardWeight: 1 } }));
    expect(v.errors).toEqual([
      { path: 'costs.forward', message: 'has more than 1,024 values (got an array of 1000000)' },
    ]);
  });

  it('reports a value that is not a scenario at all at the root', () => {
    expect(validateScenario(42).errors).toEqual([{ path: '(root)', message: 'expected an object (got 42)' }]);
    expect(validateScenario(null).opens).toBe(false);
  });

  it('leaves only finite numbers to the engine: every scenario it accepts gives a finite config', () => {
    const extreme = fc.constantFrom(0, Number.MIN_VALUE, 1e-300, 1e-12, 1, 1e9, 1e18, 1e300);
    const arb = fc.record({
      devices: fc.integer({ min: 1, max: 16 }),
      f: extreme,
      bytes: fc.option(extreme, { nil: null }),
      bandwidth: fc.option(extreme, { nil: null }),
      comm: extreme,
      commBandwidth: extreme,
      reserved: fc.integer({ min: 0, max: 100_000 }),
      withParts: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, (x) => {
        const commBytes = {
          forward: { dispatch: x.comm, combine: x.comm },
          backward: { dispatch: x.comm, combine: x.comm },
        };
        const s = scenario({
          devices: x.devices,
          costs: { forward: x.f, backwardInput: x.f, backwardWeight: x.f },
          p2p: {
            time: Math.min(x.f, LIMITS.ms),
            occupiesComm: false,
            bytes: x.bytes,
            bandwidth: x.bandwidth,
          },
          smSplit: { total: 100_000, reserved: Math.min(x.reserved, 99_999) },
          parts: x.withParts ? parts({ commBytes, commBandwidth: x.commBandwidth }) : null,
        });
        if (validateScenario(s).errors.length > 0) return;
        const c = scenarioToConfig(s);
        for (const a of [c.forward, c.backwardInput, c.backwardWeight])
          for (const t of a) expect(Number.isFinite(t)).toBe(true);
        expect(Number.isFinite(c.p2p)).toBe(true);
        // An upper bound on any makespan: every op of the largest schedule, one after another.
        expect(
          Number.isFinite(LIMITS.ops * (c.forward[0] + c.backwardInput[0] + c.backwardWeight[0] + c.p2p)),
        ).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
