import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { metricsToJSON } from '../metrics/metrics';
import { defaultScenario } from '../model/scenario';
import { oneFOneBTwoByTwo, pairWithParts } from './fixtures.test-helper';
import { toSimulateJson } from './json';

describe('toSimulateJson', () => {
  it('lists each device’s ops in execution order with the hand-worked 1F1B times', () => {
    const json = toSimulateJson(oneFOneBTwoByTwo());
    expect(json).toMatchObject({ schedule: '1f1b', devices: 2, microbatches: 2, makespan: 9 });
    expect(json.timeline).toEqual([
      {
        device: 0,
        ops: [
          { kind: 'F', microbatch: 0, chunk: 0, stage: 0, start: 0, end: 1 },
          { kind: 'F', microbatch: 1, chunk: 0, stage: 0, start: 1, end: 2 },
          { kind: 'BW', microbatch: 0, chunk: 0, stage: 0, start: 4, end: 6 },
          { kind: 'BW', microbatch: 1, chunk: 0, stage: 0, start: 7, end: 9 },
        ],
      },
      {
        device: 1,
        ops: [
          { kind: 'F', microbatch: 0, chunk: 0, stage: 1, start: 1, end: 2 },
          { kind: 'BW', microbatch: 0, chunk: 0, stage: 1, start: 2, end: 4 },
          { kind: 'F', microbatch: 1, chunk: 0, stage: 1, start: 4, end: 5 },
          { kind: 'BW', microbatch: 1, chunk: 0, stage: 1, start: 5, end: 7 },
        ],
      },
    ]);
  });

  it('carries the metrics exactly as metricsToJSON gives them', () => {
    const a = oneFOneBTwoByTwo();
    expect(toSimulateJson(a).metrics).toEqual(metricsToJSON(a.metrics));
  });

  it('has no pair or parts keys on ops without them (absent, not null)', () => {
    const op = toSimulateJson(oneFOneBTwoByTwo()).timeline[0].ops[0];
    expect(Object.keys(op)).toEqual(['kind', 'microbatch', 'chunk', 'stage', 'start', 'end']);
  });

  it('gives both ops of an overlapped pair the same pair number and lists parts by start time', () => {
    const [f1, bw0, f2] = toSimulateJson(pairWithParts()).timeline[0].ops;
    expect([f1.pair, bw0.pair, 'pair' in f2]).toEqual([0, 0, false]);
    expect(f1.parts).toEqual([
      { name: 'attention', stream: 'compute', start: 0, end: 1 },
      { name: 'dispatch', stream: 'comm', start: 1, end: 2 },
      { name: 'mlp', stream: 'compute', start: 2, end: 3 },
      { name: 'combine', stream: 'comm', start: 4, end: 5 },
    ]);
    expect(bw0.parts?.map((p) => p.name)).toEqual([
      'combine-backward',
      'mlp-input-grad',
      'dispatch-backward',
      'attention-input-grad',
    ]);
  });

  it('survives JSON.stringify / parse unchanged (plain numbers, no typed arrays or NaN)', () => {
    for (const a of [oneFOneBTwoByTwo(), pairWithParts()]) {
      const json = toSimulateJson(a);
      expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    }
  });

  it('rounds times to whole nanoseconds', () => {
    const a = oneFOneBTwoByTwo();
    a.timeline.start[1] = 1 + 1e-10;
    a.timeline.end[1] = 0.1 + 0.2 + 1.7;
    const op = toSimulateJson(a).timeline[0].ops[1];
    expect([op.start, op.end]).toEqual([1, 2]);
  });

  it('covers every op of an analyzed DualPipe scenario with parts, each part inside its op', () => {
    const scenario = {
      ...defaultScenario(),
      schedule: 'dualpipe' as const,
      devices: 4,
      microbatches: 8,
      parts: {
        forward: { attention: 0.3, dispatch: 0.2, mlp: 0.3, combine: 0.2 },
        backward: {
          combine: 0.2,
          mlpInput: 0.3,
          mlpWeight: 0.3,
          dispatch: 0.2,
          attentionInput: 0.3,
          attentionWeight: 0.3,
        },
      },
    };
    const result = analyze(scenario);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const json = toSimulateJson(result.analysis);
    const ops = json.timeline.flatMap((d) => d.ops);
    expect(ops).toHaveLength(result.analysis.schedule.count);
    expect(json.schedule).toBe('dualpipe');
    let paired = 0;
    for (const op of ops) {
      expect(op.parts?.length).toBeGreaterThan(0);
      for (const p of op.parts!) {
        expect(p.start).toBeGreaterThanOrEqual(op.start);
        expect(p.end).toBeLessThanOrEqual(op.end);
      }
      if (op.pair !== undefined) paired++;
    }
    expect(paired).toBeGreaterThan(0);
    expect(paired % 2).toBe(0);
  });
});
