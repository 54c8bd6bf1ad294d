import { describe, expect, it } from 'vitest';
import { NO_PAIR, OpKind } from './ops';
import { type ScheduleShape, scheduleFromColumns } from './schedule';

const shape: ScheduleShape = {
  name: 'custom',
  devices: 2,
  microbatches: 1,
  chunksPerDevice: 1,
  stages: 2,
  chunkShare: 1,
  paramMultiplier: 1,
};

/** One micro-batch on two stages, F then BW on each device, in columns sized for `capacity` ops. */
function columns(capacity: number) {
  const kind = new Uint8Array(capacity);
  const microbatch = new Int32Array(capacity);
  const stage = new Int32Array(capacity);
  kind.set([OpKind.F, OpKind.BW, OpKind.F, OpKind.BW]);
  stage.set([0, 0, 1, 1]);
  return {
    deviceStart: Int32Array.of(0, 2, 4),
    kind,
    microbatch,
    chunk: new Uint8Array(capacity),
    stage,
    pair: new Int32Array(capacity).fill(NO_PAIR),
  };
}

describe('scheduleFromColumns', () => {
  it('takes columns of exactly the op count as they are', () => {
    const c = columns(4);
    const s = scheduleFromColumns(shape, c);
    expect(s.count).toBe(4);
    expect(s.kind).toBe(c.kind);
    expect(s.stage).toBe(c.stage);
  });

  it('cuts columns sized for more ops to the count written', () => {
    // 4 ops in room for 5 (a view) and in room for 40 (a compact copy): either way 4 entries
    for (const capacity of [5, 40]) {
      const s = scheduleFromColumns(shape, columns(capacity), 4);
      expect(s.count).toBe(4);
      for (const c of [s.kind, s.microbatch, s.chunk, s.stage, s.pair]) expect(c.length).toBe(4);
      expect([...s.kind]).toEqual([OpKind.F, OpKind.BW, OpKind.F, OpKind.BW]);
      expect([...s.stage]).toEqual([0, 0, 1, 1]);
      expect([...s.pair]).toEqual([NO_PAIR, NO_PAIR, NO_PAIR, NO_PAIR]);
    }
  });

  it('rejects a column shorter than the count, and a deviceStart that does not end at it', () => {
    const short = { ...columns(4), stage: Int32Array.of(0, 0, 1) };
    expect(() => scheduleFromColumns(shape, short)).toThrow(/one entry per op/);
    expect(() => scheduleFromColumns(shape, columns(8), 3)).toThrow(/from 0 to the op count/);
    const decreasing = { ...columns(4), deviceStart: Int32Array.of(0, 5, 4) };
    expect(() => scheduleFromColumns(shape, decreasing)).toThrow(/must not decrease/);
  });
});
