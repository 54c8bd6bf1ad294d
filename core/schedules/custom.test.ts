import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { LIMITS } from '../format/limits';
import { validateScenario } from '../format/validate';
import { uniformConfig } from '../model/config';
import { NO_PAIR, OpKind } from '../model/ops';
import { type Scenario, defaultScenario } from '../model/scenario';
import { deviceOps } from '../model/schedule';
import { CUSTOM_SCHEDULE, custom } from './custom';
import { ORDER_MAX_ACTIONS, orderRefusal, parseOrder, scheduleToOrder } from './custom-order';
import { allSchedules, getSchedule } from './registry';

function scenario(over: Partial<Scenario>): Scenario {
  return { ...defaultScenario(), schedule: CUSTOM_SCHEDULE, chunks: 1, ...over };
}

describe('custom order notation', () => {
  it("reads PyTorch's actions: F, I (our B), W, B (our BW, a full backward) and an overlapped pair", () => {
    const r = parseOrder({ devices: ['0F0 1F0', '  2I3\t2W3 ', '(0F4;7B1)OVERLAP_F_B 5B2', ''] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const o = r.order;
    expect(Array.from(o.deviceStart)).toEqual([0, 2, 4, 7, 7]);
    expect(Array.from(o.kind)).toEqual([
      OpKind.F,
      OpKind.F,
      OpKind.B,
      OpKind.W,
      OpKind.F,
      OpKind.BW,
      OpKind.BW,
    ]);
    expect(Array.from(o.stage)).toEqual([0, 1, 2, 2, 0, 7, 5]);
    expect(Array.from(o.microbatch)).toEqual([0, 0, 3, 3, 4, 1, 2]);
    expect(Array.from(o.pairedWithNext)).toEqual([0, 0, 0, 0, 1, 0, 0]);
  });

  it('names the device string, the action and what is wrong with it', () => {
    const r = parseOrder({
      devices: ['0F0 0X1 F2 0F', '0F0 0SEND_F0 (0F1;0W1)OVERLAP_F_B (0F1)OVERLAP_F_B 0F1x'],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { path: 'order.devices[0]', message: 'action 2 ("0X1") needs F, I, W or B after the stage number' },
      { path: 'order.devices[0]', message: 'action 3 ("F2") must start with the stage number' },
      { path: 'order.devices[0]', message: 'action 4 ("0F") needs the micro-batch number after F' },
      {
        path: 'order.devices[1]',
        message:
          'action 2 ("0SEND_F0") is PyTorch\'s SEND_F action, which its lowering adds; an order holds compute actions only (F, I, W, B, OVERLAP_F_B)',
      },
      {
        path: 'order.devices[1]',
        message: 'action 3 ("(0F1;0W1)OVERLAP_F_B") must pair one forward (F) with one backward (I or B)',
      },
      {
        path: 'order.devices[1]',
        message:
          'action 4 ("(0F1)OVERLAP_F_B") is not an overlapped pair "({forward};{backward})OVERLAP_F_B"',
      },
      { path: 'order.devices[1]', message: 'action 5 ("0F1x") has "x" after the micro-batch number' },
    ]);
  });

  it('lists 20 errors and counts the rest instead of listing a million', () => {
    const r = parseOrder({ devices: [Array.from({ length: 50 }, () => 'x').join(' ')] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(21);
    expect(r.errors[20]).toEqual({ path: 'order', message: 'and 30 more actions like these' });
  });

  it('refuses an order with more actions than the op cap before reading them', () => {
    expect(ORDER_MAX_ACTIONS).toBe(LIMITS.ops);
    const r = parseOrder({ devices: [' 0F0'.repeat(ORDER_MAX_ACTIONS + 1)] });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0].message).toBe('has 5,000,001 actions; PipeScope simulates at most 5,000,000 ops');
  });
});

describe('the custom schedule', () => {
  it('runs the order as written: each stage on the device that names it, its chunk by rank there', () => {
    // 2 devices in a V: device 0 holds stages 0 and 3, device 1 stages 1 and 2 (chunks: 2)
    const order = {
      devices: ['0F0 3F0 3B0 0B0', '1F0 2F0 2B0 1B0'],
    };
    const config = { ...uniformConfig(2, 1, 1, 1, 1, { chunks: 2 }), order };
    expect(custom.check(config)).toEqual([]);
    const s = custom.generate(config);
    expect([s.name, s.stages, s.chunksPerDevice, s.chunkShare]).toEqual([CUSTOM_SCHEDULE, 4, 2, 0.5]);
    expect(deviceOps(s, 0).map((o) => [o.kind, o.stage, o.chunk])).toEqual([
      [OpKind.F, 0, 0],
      [OpKind.F, 3, 1],
      [OpKind.BW, 3, 1],
      [OpKind.BW, 0, 0],
    ]);
    expect(deviceOps(s, 1).map((o) => o.chunk)).toEqual([0, 1, 1, 0]);
  });

  it('numbers each overlapped pair and keeps its two ops together', () => {
    const config = {
      ...uniformConfig(1, 2, 1, 1, 1, { chunks: 1 }),
      order: { devices: ['0F0 (0F1;0B0)OVERLAP_F_B 0B1'] },
    };
    const s = custom.generate(config);
    expect(Array.from(s.pair)).toEqual([NO_PAIR, 0, 0, NO_PAIR]);
  });

  it('asks for an order when there is none', () => {
    expect(custom.check(uniformConfig(2, 2))).toEqual([
      {
        path: 'order',
        message:
          "the custom schedule runs the scenario's order, and there is none: import one (a PyTorch CSV or an order JSON) or edit a schedule as a custom order",
      },
    ]);
  });

  it('checks the order against the devices, micro-batches and chunks, at the order path', () => {
    const wrongRows = validateScenario(scenario({ devices: 3, order: { devices: ['0F0', '1F0'] } }));
    expect(wrongRows.errors).toContainEqual({
      path: 'order.devices',
      message: 'has 2 device order(s) but devices is 3: give one string per device',
    });
    const e = (order: string[], over: Partial<Scenario> = {}) =>
      validateScenario(scenario({ devices: 2, microbatches: 2, order: { devices: order }, ...over })).errors;
    expect(e(['0F0 2F0', '1F0'])).toContainEqual({
      path: 'order.devices[0]',
      message:
        '2F0 names stage 2, but 2 devices x 1 chunk(s) have stages 0..1 (set chunks to the stages per device)',
    });
    expect(e(['0F0 0F2', '1F0'])).toContainEqual({
      path: 'order.devices[0]',
      message: '0F2 names micro-batch 2, but microbatches is 2 (0..1)',
    });
    expect(e(['0F0', '1F0 0F1'], { chunks: 2 })).toContainEqual({
      path: 'order.devices[1]',
      message:
        "0F1: stage 0 is also on device 0; each stage runs on one device (a stage on two devices, as DualPipe's two directions have, is not an order PipeScope or PyTorch can hold)",
    });
    expect(e(['0F0 1F0 2F0', '3F0'], { chunks: 2 })).toContainEqual({
      path: 'order.devices[0]',
      message: 'holds 3 stages (0, 1, 2) but chunks is 2: each device holds at most chunks stages',
    });
  });

  it('reports a deadlocked order at the order path, naming the waiting cycle in PyTorch notation', () => {
    // device 0 runs stage 0's backward before its forward: 0B0 waits for 1B0 on device 1, which
    // comes after 1F0 there, which waits for 0F0, which comes after 0B0 on device 0
    const r = analyze(scenario({ devices: 2, microbatches: 1, order: { devices: ['0B0 0F0', '1F0 1B0'] } }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].path).toBe('order');
    expect(r.errors[0].message).toMatch(
      /^deadlock: device 0 waits at 0B0 for 1B0 on device 1, device 1 waits at 1F0 for 0F0 on device 0, which closes the cycle$/,
    );
    // a device waiting for its own later op is a cycle of one
    const self = analyze(
      scenario({ devices: 2, microbatches: 1, order: { devices: ['0F0 0B0', '1B0 1F0'] } }),
    );
    expect(self.ok).toBe(false);
    if (!self.ok)
      expect(self.errors[0].message).toMatch(
        /^deadlock: device 1 waits at 1B0 for 1F0 on device 1, which closes the cycle; also stuck behind it: device 0 at 0B0 \(for 1B0\)$/,
      );
  });

  it('reports the first missing op of an incomplete order', () => {
    const r = analyze(
      scenario({ devices: 2, microbatches: 2, order: { devices: ['0F0 0F1 0B0', '1F0 1B0 1F1 1B1'] } }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0].message).toContain(
        'the order is incomplete: B/BW of micro-batch 1 on stage 0 never runs',
      );
  });

  const roundTrip = allSchedules().filter(
    (d) => d.name !== CUSTOM_SCHEDULE && d.placement !== 'bidirectional',
  );

  it.each(roundTrip.map((d) => d.name))(
    '%s: its order written as a custom order runs the same ops in the same order, to the same makespan',
    (name) => {
      const base: Scenario = {
        ...defaultScenario(),
        schedule: name,
        devices: 4,
        microbatches: 8,
        chunks: 2,
        costs: { forward: [1, 1.5, 1, 2], backwardInput: 1.25, backwardWeight: 0.75 },
        p2p: { time: 0.1, occupiesComm: false },
      };
      const generated = analyze(base);
      expect(generated.ok).toBe(true);
      if (!generated.ok) return;
      const g = generated.analysis;
      expect(orderRefusal(g.schedule)).toBeNull();
      const run = analyze({
        ...base,
        schedule: CUSTOM_SCHEDULE,
        chunks: g.schedule.chunksPerDevice,
        order: scheduleToOrder(g.schedule),
      });
      expect(run.ok).toBe(true);
      if (!run.ok) return;
      const c = run.analysis;
      for (const col of ['deviceStart', 'kind', 'microbatch', 'chunk', 'stage'] as const)
        expect(Array.from(c.schedule[col]), col).toEqual(Array.from(g.schedule[col]));
      expect(Array.from(c.schedule.pair).map((p) => p !== NO_PAIR)).toEqual(
        Array.from(g.schedule.pair).map((p) => p !== NO_PAIR),
      );
      expect(c.timeline.makespan).toBe(g.timeline.makespan);
      expect(c.schedule.chunkShare).toBe(g.schedule.chunkShare);
    },
  );

  it("refuses DualPipe's order: each of its stages runs on two devices", () => {
    const d = getSchedule('dualpipe')!;
    const s = d.generate(uniformConfig(4, 8));
    // device 1 holds stage 1 of the first direction, device 2 stage 1 of the second
    expect(orderRefusal(s)).toBe(
      "stage 1 runs on device 1 and on device 2 (two copies of one stage, as DualPipe's two directions hold); PyTorch's pipelining holds each stage on one rank, so its format cannot express this order",
    );
  });
});
