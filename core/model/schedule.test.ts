import { describe, expect, it } from 'vitest';
import { NO_PAIR, OpKind } from './ops';
import { deviceOfOp, opDevices, type ScheduleShape, scheduleFromColumns } from './schedule';

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

describe('the device of an op', () => {
  // Four devices; device 1 runs nothing: ops 0-1 on device 0, 2-4 on device 2, 5 on device 3.
  const s = { devices: 4, count: 6, deviceStart: Int32Array.of(0, 2, 2, 5, 6) };

  it('is the device whose range of ops holds it, skipping devices without ops', () => {
    expect([0, 1, 2, 3, 4, 5].map((op) => deviceOfOp(s, op))).toEqual([0, 0, 2, 2, 2, 3]);
  });

  it('comes as a column for every op, the same as one op at a time', () => {
    expect(Array.from(opDevices(s))).toEqual([0, 0, 2, 2, 2, 3]);
  });
});
