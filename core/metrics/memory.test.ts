import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpKind } from '../model/ops';
import { type Scenario, defaultScenario } from '../model/scenario';
import type { Schedule } from '../model/schedule';
import type { Timeline } from '../sim/timeline';
import { MemoryScratch, memoryMetrics } from './memory';

/**
 * A timeline of random ops: what memoryMetrics reads (each device's ops with their kind, start and
 * end), with starts and ends in any order, as overlapped pairs with parts give them at worst.
 */
function timelineOf(devices: { kind: number; start: number; len: number }[][]): Timeline {
  const ops = devices.flat();
  const deviceStart = new Int32Array(devices.length + 1);
  devices.forEach((d, i) => {
    deviceStart[i + 1] = deviceStart[i] + d.length;
  });
  const schedule = {
    name: 'custom',
    devices: devices.length,
    microbatches: 1,
    chunksPerDevice: 1,
    stages: devices.length,
    chunkShare: 0.5,
    paramMultiplier: 2,
    count: ops.length,
    deviceStart,
    kind: Uint8Array.from(ops, (o) => o.kind),
  } as unknown as Schedule;
  return {
    schedule,
    start: Float64Array.from(ops, (o) => o.start),
    end: Float64Array.from(ops, (o) => o.start + o.len),
  } as unknown as Timeline;
}

/** The model written plainly: every device's events stably sorted by time, then summed in turn. */
function reference(t: Timeline, s: Scenario) {
  const act = s.memory.activation * t.schedule.chunkShare;
  const stash = s.memory.weightGradStash * t.schedule.chunkShare;
  const peaks: number[] = [];
  const curve: number[] = [];
  for (let d = 0; d < t.schedule.devices; d++) {
    const events: [number, number][] = [];
    for (let i = t.schedule.deviceStart[d]; i < t.schedule.deviceStart[d + 1]; i++) {
      const k = t.schedule.kind[i];
      if (k === OpKind.F) events.push([t.start[i], act]);
      else events.push([t.end[i], k === OpKind.B ? -(act - stash) : k === OpKind.W ? -stash : -act]);
    }
    events.sort((x, y) => x[0] - y[0]); // stable: ties keep the ops' order
    let cur = 0;
    let peak = 0;
    for (const [, delta] of events) {
      cur += delta;
      if (Math.abs(cur) < 1e-6 * act) cur = 0;
      curve.push(cur);
      peak = Math.max(peak, cur);
    }
    peaks.push(peak);
  }
  return { peaks, curve };
}

const op = fc.record({
  kind: fc.constantFrom(OpKind.F, OpKind.F, OpKind.B, OpKind.W, OpKind.BW),
  start: fc.integer({ min: 0, max: 40 }),
  len: fc.integer({ min: 0, max: 12 }),
});

describe('peak activation memory', () => {
  const scenario: Scenario = {
    ...defaultScenario(),
    memory: { ...defaultScenario().memory, activation: 3, weightGradStash: 1 },
  };

  it('follows every device’s events in time order, with or without a scratch reused across runs (short and long runs)', () => {
    const scratch = new MemoryScratch();
    fc.assert(
      fc.property(
        fc.array(fc.array(op, { maxLength: 12 }), { minLength: 1, maxLength: 3 }),
        fc.array(op, { minLength: 150, maxLength: 260 }),
        (short, long) => {
          // the long run is out of order everywhere: the insertion sort hands over to the general one
          for (const devices of [short, [...short, long]]) {
            const t = timelineOf(devices);
            const want = reference(t, scenario);
            for (const lent of [null, scratch]) {
              const m = memoryMetrics(t, scenario, lent);
              expect(Array.from(m.peakActivationBytes)).toEqual(want.peaks);
              expect(Array.from(m.activationCurve.bytes.subarray(0, t.schedule.count))).toEqual(want.curve);
              expect(Array.from(m.peakMemoryBytes)).toEqual(
                want.peaks.map((p) => 2 * scenario.memory.parameters + p),
              );
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
