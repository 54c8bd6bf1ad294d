import { describe, expect, it } from 'vitest';
import { analyze } from '../../core/analyze';
import { defaultScenario } from '../../core/model/scenario';
import { memorySummary, splitWarnings } from './memory-warning';

const GiB = 1024 ** 3;

describe('memorySummary', () => {
  it('4 devices of 1F1B with 1 GiB parameters and 1 GiB per micro-batch, capacity 3 GiB: devices 0 and 1 (4 and 3 in flight) exceed it', () => {
    // 1F1B keeps P - d forwards in flight on device d: 4, 3, 2, 1 GiB of activations, + 1 GiB
    // parameters = 5, 4, 3, 2 GiB; over 3 GiB: devices 0 (5) and 1 (4).
    const base = defaultScenario();
    const r = analyze({
      ...base,
      schedule: '1f1b',
      memory: { ...base.memory, activation: GiB, weightGradStash: 0, parameters: GiB, capacity: 3 * GiB },
    });
    if (!r.ok) throw new Error('runs');
    const m = r.analysis.metrics.memory;
    expect(memorySummary(m, 4)).toBe('2 of 4 devices exceed 3 GiB: peak 5 GiB on device 0');
    // Every per-device line core writes is a memory line, and only those.
    const { memory, other } = splitWarnings(r.analysis.warnings);
    expect(memory).toHaveLength(2);
    expect(memory[0]).toMatch(/^device 0 needs 5\.00 GiB/);
    expect(other).toEqual([]);
  });

  it('says nothing when there is no capacity or every device fits', () => {
    const r = analyze(defaultScenario());
    if (!r.ok) throw new Error('runs');
    expect(memorySummary(r.analysis.metrics.memory, 4)).toBeNull();
  });

  it('keeps warnings that are not about memory apart', () => {
    expect(splitWarnings(['DualPipe pairs on its own; pairing "steady-state" changes nothing'])).toEqual({
      memory: [],
      other: ['DualPipe pairs on its own; pairing "steady-state" changes nothing'],
    });
  });
});
