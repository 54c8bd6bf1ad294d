import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { type Pairing, type Scenario, defaultScenario } from '../model/scenario';
import { applyConfig } from './config';
import { configOf, tuneReportToJSON } from './report';
import { linearScaler } from './scaling';
import { deepSeekScenario, runInline } from './tune.test-helper';

const GiB = 2 ** 30;

/** The small scenario of the brute-force tests: P = 4, m0 = 8, uneven F/B/W, a P2P cost, 7.5 GiB. */
function small(): Scenario {
  const d = defaultScenario();
  return {
    ...d,
    devices: 4,
    microbatches: 8,
    costs: { forward: 1, backwardInput: 1.25, backwardWeight: 0.75 },
    p2p: { time: 0.2, occupiesComm: false },
    memory: { ...d.memory, capacity: 7.5 * GiB },
  };
}

/**
 * The space written out by hand: every schedule with every value of every axis that applies to it.
 * interleaved-1f1b takes v >= 2 and pairs as combined 1F1B; zb-h2 reads an activation budget;
 * dualpipe pairs on its own.
 */
const SCHEDULES = ['gpipe', '1f1b', 'interleaved-1f1b', 'zb-h2', 'dualpipe'];
const MS = [4, 8, 16];
const REQUEST = {
  schedules: SCHEDULES,
  microbatches: MS,
  chunks: [1, 2],
  pairing: ['off', 'on'] as ('off' | 'on')[],
  activationBudget: [4, 6, null],
};

function bruteForceCases(base: Scenario): Scenario[] {
  const out: Scenario[] = [];
  for (const schedule of SCHEDULES)
    for (const m of MS) {
      const pairings: Pairing[] =
        schedule === 'dualpipe'
          ? ['off']
          : schedule === 'interleaved-1f1b'
            ? ['off', 'combined-1f1b']
            : ['off', 'steady-state'];
      const budgets = schedule === 'zb-h2' ? [4, 6, null] : [null];
      const chunks = schedule === 'interleaved-1f1b' ? [2] : [base.chunks];
      for (const pairing of pairings)
        for (const activationBudget of budgets)
          for (const v of chunks) {
            // the global batch is fixed: per-micro-batch costs and activations scale by m0 / m = 8 / m
            const k = 8 / m;
            out.push({
              ...base,
              schedule,
              microbatches: m,
              chunks: v,
              pairing,
              costs: { forward: 1 * k, backwardInput: 1.25 * k, backwardWeight: 0.75 * k },
              p2p: { time: 0.2 * k, occupiesComm: false },
              memory: {
                ...base.memory,
                activation: base.memory.activation * k,
                weightGradStash: base.memory.weightGradStash * k,
                activationBudget,
              },
            });
          }
    }
  return out;
}

describe('tune on a small space', () => {
  const base = small();
  const run = runInline({
    base,
    request: REQUEST,
    constraints: { capacity: 7.5 * GiB, activationLimit: null },
  });

  it('evaluates the space written out by hand: 6 + 6 + 6 + 18 + 3 = 39 configurations', () => {
    expect(run.space.size).toBe(39);
    expect(run.results).toHaveLength(39);
    expect(new Set(run.results.map((r) => r.index)).size).toBe(39);
  });

  it('finds the best that a brute-force loop over analyze() finds', () => {
    let bestTime = Number.POSITIVE_INFINITY;
    const timeOf = new Map<string, number>();
    for (const s of bruteForceCases(base)) {
      const r = analyze(s);
      if (!r.ok) continue;
      const peak = Math.max(...r.analysis.metrics.memory.peakMemoryBytes);
      if (peak > 7.5 * GiB) continue;
      const t = r.analysis.metrics.makespan;
      timeOf.set(
        JSON.stringify([s.schedule, s.microbatches, s.chunks, s.pairing, s.memory.activationBudget]),
        t,
      );
      bestTime = Math.min(bestTime, t);
    }
    const best = run.report.best!;
    expect(best).not.toBeNull();
    expect(best.figures!.makespan).toBe(bestTime);
    const c = best.choice;
    expect(
      timeOf.get(JSON.stringify([c.schedule, c.microbatches, c.chunks, c.pairing, c.activationBudget])),
    ).toBe(bestTime);
  });

  it('counts every configuration once: feasible + infeasible by reason = evaluated = the brute-force tally', () => {
    const rep = run.report;
    const infeasible = Object.values(rep.infeasible).reduce((a, b) => a + b, 0);
    expect(rep.evaluated).toBe(39);
    expect(rep.feasible + infeasible).toBe(39);
    let rules = 0;
    let memory = 0;
    for (const s of bruteForceCases(base)) {
      const r = analyze(s);
      if (!r.ok) rules++;
      else if (Math.max(...r.analysis.metrics.memory.peakMemoryBytes) > 7.5 * GiB) memory++;
    }
    expect(rep.infeasible.rules).toBe(rules);
    expect(rep.infeasible.memory).toBe(memory);
    expect(rep.infeasible.size).toBe(0);
    // DualPipe needs m >= 2P = 8: its m = 4 is refused by its rules
    expect(run.results.filter((r) => r.reason === 'rules' && r.choice.schedule === 'dualpipe')).toHaveLength(
      1,
    );
  });

  it('keeps exactly the non-dominated feasible points on the Pareto front', () => {
    const feasible = run.results.filter((r) => r.reason === null);
    const front = run.report.pareto;
    const dominates = (a: (typeof feasible)[0], b: (typeof feasible)[0]) =>
      a.figures!.makespan <= b.figures!.makespan &&
      a.figures!.peakMemory <= b.figures!.peakMemory &&
      (a.figures!.makespan < b.figures!.makespan || a.figures!.peakMemory < b.figures!.peakMemory);
    expect(front.length).toBeGreaterThan(1);
    for (const p of front) for (const q of feasible) expect(dominates(q, p)).toBe(false);
    const onFront = new Set(front.map((p) => p.index));
    for (const q of feasible)
      if (!onFront.has(q.index))
        expect(
          front.some(
            (p) =>
              dominates(p, q) ||
              (p.figures!.makespan === q.figures!.makespan &&
                p.figures!.peakMemory === q.figures!.peakMemory),
          ),
        ).toBe(true);
    // fastest first, memory falling
    for (let i = 1; i < front.length; i++) {
      expect(front[i].figures!.makespan).toBeGreaterThan(front[i - 1].figures!.makespan);
      expect(front[i].figures!.peakMemory).toBeLessThan(front[i - 1].figures!.peakMemory);
    }
    expect(front[0].index).toBe(run.report.best!.index);
  });

  it('says which constraint bites and by how much when nothing fits', () => {
    const tight = runInline({
      base,
      request: REQUEST,
      constraints: { capacity: 4.5 * GiB, activationLimit: null },
    });
    expect(tight.report.feasible).toBe(0);
    expect(tight.report.best).toBeNull();
    const lowest = Math.min(...tight.results.filter((r) => r.figures).map((r) => r.figures!.peakMemory));
    const [b] = tight.report.binding!;
    expect(b.constraint).toBe('memory');
    expect(b.lowest).toBe(lowest);
    expect(b.over).toBe(lowest - 4.5 * GiB);
  });
});

describe('a configuration applied to the scenario', () => {
  it('reproduces the makespan exactly under simulate, parts and scaling included', () => {
    const base = deepSeekScenario();
    const run = runInline({
      base,
      request: {
        schedules: ['1f1b', 'zb-v', 'interleaved-1f1b', 'dualpipe'],
        microbatches: [32, 48, 64],
        chunks: [2],
        pairing: ['off', 'on'],
        smReserved: [10, 20],
      },
      constraints: { capacity: null, activationLimit: null },
    });
    const feasible = run.results.filter((r) => r.reason === null);
    expect(feasible.length).toBeGreaterThan(20);
    for (const r of feasible) {
      const config = configOf(r, base, run.space, linearScaler);
      // through JSON, as a user would take it from the report
      const applied = applyConfig(base, JSON.parse(JSON.stringify(config)));
      const a = analyze(applied);
      if (!a.ok) throw new Error(JSON.stringify(a.errors));
      expect(a.analysis.metrics.makespan).toBe(r.figures!.makespan);
    }
  });

  it('holds the axes and the fields scaled by m0 / m: at m = 32 of 64 every time and activation doubles', () => {
    const base = deepSeekScenario();
    const run = runInline({
      base,
      request: { schedules: ['dualpipe'], microbatches: [32, 64], smReserved: [20] },
      constraints: { capacity: null, activationLimit: null },
    });
    const r = run.results.find((x) => x.choice.microbatches === 32)!;
    const c = configOf(r, base, run.space, linearScaler) as unknown as Scenario;
    expect(c.schedule).toBe('dualpipe');
    expect(c.microbatches).toBe(32);
    expect(c.parts!.forward.attention).toBe(2.8);
    expect(c.parts!.backward.combine).toBe(3.2);
    expect(c.p2p.time).toBe(0.4);
    expect(c.memory.activation).toBe(4 * GiB);
    expect(c.memory.weightGradStash).toBe(1 * GiB);
    expect(c.memory.parameters).toBeUndefined();
    expect(c.smSplit).toEqual({ reserved: 20 });
  });
});

describe('the report as JSON', () => {
  it('has the fields the CLI contract names', () => {
    const base = small();
    const run = runInline({
      base,
      request: REQUEST,
      constraints: { capacity: 7.5 * GiB, activationLimit: null },
    });
    const json = tuneReportToJSON(run.report, base, linearScaler, { elapsedMs: 1000, jobs: 1 });
    for (const k of ['space', 'evaluated', 'feasible', 'infeasible', 'best', 'pareto', 'configsPerSecond'])
      expect(json).toHaveProperty(k);
    expect(json.configsPerSecond).toBe(39);
    expect(json.best).toMatchObject({
      config: expect.any(Object),
      makespan: expect.any(Number),
      peakMemory: expect.any(Number),
    });
    expect(json.space.size).toBe(39);
    expect(json.space.schedules).toEqual(SCHEDULES);
    expect(json.space.scaling).toMatchObject({ mode: 'linear', baseMicrobatches: 8 });
  });
});
