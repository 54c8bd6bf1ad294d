import { describe, expect, it } from 'vitest';
import { analyzed } from './analysis.test-helper';
import { uniformConfig } from '../model/config';
import { NO_PAIR, OpKind } from '../model/ops';
import type { ChunkParts } from '../model/scenario';
import { ScheduleBuilder } from '../model/schedule';
import { oneFOneB } from '../schedules/one-f-one-b';
import { simulate } from '../sim/simulate';
import type { Timeline } from '../sim/timeline';
import {
  IDLE_CAUSES,
  type IdleCause,
  attributeIdle,
  causesOf,
  idleIntervalText,
  idleIntervals,
} from './idle-causes';

/** Every device's causes, only the non-zero ones. */
function nonZero(t: Timeline): Partial<Record<IdleCause, number>>[] {
  const { byCause } = attributeIdle(t);
  return Array.from({ length: t.schedule.devices }, (_, d) => {
    const all = causesOf(byCause, d);
    const out: Partial<Record<IdleCause, number>> = {};
    for (const c of IDLE_CAUSES) if (all[c] !== 0) out[c] = all[c];
    return out;
  });
}

/** [cause, start, end] of device d's idle intervals. */
function intervalsOf(t: Timeline, d: number): [IdleCause, number, number][] {
  const iv = idleIntervals(t);
  const out: [IdleCause, number, number][] = [];
  for (let k = iv.deviceStart[d]; k < iv.deviceStart[d + 1]; k++)
    out.push([IDLE_CAUSES[iv.cause[k]], iv.start[k], iv.end[k]]);
  return out;
}

/** A P-device, one-stage-per-device custom order: per device [kind, micro-batch, pair?]. */
function customOrder(P: number, m: number, orders: [number, number, number?][][]) {
  const b = new ScheduleBuilder({
    name: 'custom',
    devices: P,
    microbatches: m,
    chunksPerDevice: 1,
    stages: P,
    chunkShare: 1,
    paramMultiplier: 1,
  });
  orders.forEach((ops, d) => {
    for (const [kind, mb, pair] of ops) b.push(d, kind as OpKind, mb, 0, d, pair ?? NO_PAIR);
  });
  return b.build();
}

function perDevice(P: number, f: number[], b: number[], w: number[], p2p = 0) {
  return {
    ...uniformConfig(P, 1),
    forward: Float64Array.from(f),
    backwardInput: Float64Array.from(b),
    backwardWeight: Float64Array.from(w),
    p2p,
  };
}

describe('idle time by cause: hand-worked timelines', () => {
  it('1F1B without communication idles only in fill, drain and tail, (P-1)(F+B) per device', () => {
    // P = 4, F = 1, full backward B = 2. Device d waits d F for its first forward and (P-1-d) B for
    // its first backward (fill), (P-1-d) F between backwards after its last forward (drain), and
    // ends d B before device 0 (tail): dF + (P-1-d)B + (P-1-d)F + dB = (P-1)(F+B) = 9.
    const a = analyzed({
      devices: 4,
      microbatches: 8,
      costs: { forward: 1, backwardInput: 1.5, backwardWeight: 0.5 },
    });
    expect(nonZero(a.timeline)).toEqual([
      { fill: 6, drain: 3 },
      { fill: 5, drain: 2, tail: 2 },
      { fill: 4, drain: 1, tail: 4 },
      { fill: 3, tail: 6 },
    ]);
    expect(Array.from(a.metrics.idle)).toEqual([9, 9, 9, 9]);
  });

  it("GPipe's wait between its forwards and its backwards is fill: it ends at the first backward", () => {
    // P = 3, F = 2, BW = 4: device d starts at dF and turns after (P-1-d)(F+B); it ends dB early
    const a = analyzed({
      schedule: 'gpipe',
      devices: 3,
      microbatches: 5,
      costs: { forward: 2, backwardInput: 3, backwardWeight: 1 },
    });
    expect(nonZero(a.timeline)).toEqual([{ fill: 12 }, { fill: 2 + 6, tail: 4 }, { fill: 4, tail: 8 }]);
  });

  it('splits a wait for another device at the producer end: before it the phase, after it P2P', () => {
    // 1F1B P = 2, m = 2, F = 1, BW = 2, P2P 0.5 (simulate.test's timeline: makespan 10).
    // device 1: F0 arrives at 1.5 (F0 on device 0 ends at 1); ends at 7.5.
    // device 0: BW0 arrives at 5 (device 1's BW0 ends at 4.5); BW1 at 8 (ends 7.5), after its last forward.
    const s = oneFOneB.generate(uniformConfig(2, 2));
    const r = simulate(s, { ...uniformConfig(2, 2), p2p: 0.5 });
    if (!r.ok) throw new Error(r.error.message);
    expect(intervalsOf(r.timeline, 1)).toEqual([
      ['fill', 0, 1],
      ['p2p', 1, 1.5],
      ['tail', 7.5, 10],
    ]);
    expect(intervalsOf(r.timeline, 0)).toEqual([
      ['fill', 2, 4.5],
      ['p2p', 4.5, 5],
      ['drain', 7, 7.5],
      ['p2p', 7.5, 8],
    ]);
  });

  it('a steady-state wait for a forward from a slower device is a dependency', () => {
    // 1F1B, P = 2, m = 3, device 0 forwards take 2, the rest 1 (W = 0).
    // device 1: F0 [2,3] B0 [3,4] F1 [4,5] B1 [5,6], then F2 arrives at 7: [6,7) waits in its steady state.
    const s = oneFOneB.generate(uniformConfig(2, 3));
    const r = simulate(s, perDevice(2, [2, 1], [1, 1], [0, 0]));
    if (!r.ok) throw new Error(r.error.message);
    expect(intervalsOf(r.timeline, 1)).toEqual([
      ['fill', 0, 2],
      ['dependency', 6, 7],
      ['tail', 9, 10],
    ]);
    // device 0 waits for B2 after its last forward (F2 ends at 7): drain
    expect(intervalsOf(r.timeline, 0)).toEqual([['drain', 8, 9]]);
  });

  it('a steady-state wait for a backward while the next forward could run is memory', () => {
    // 1F1B, P = 2, m = 4, backward 1 on device 0 and 3 on device 1 (F = 1, W = 0).
    // device 0: F0 [0,1] F1 [1,2] B0 [5,6] F2 [6,7] B1 [9,10] F3 [10,11] B2 [13,14] B3 [17,18].
    // In [7, 9) it waits for B1 while F3 (stage 0: its input is there from the start) waits behind
    // it in the order: 1F1B's limit of P activations in flight holds it back.
    const s = oneFOneB.generate(uniformConfig(2, 4));
    const r = simulate(s, perDevice(2, [1, 1], [1, 3], [0, 0]));
    if (!r.ok) throw new Error(r.error.message);
    expect(intervalsOf(r.timeline, 0)).toEqual([
      ['fill', 2, 5],
      ['memory', 7, 9],
      ['drain', 11, 13],
      ['drain', 14, 17],
    ]);
    const iv = idleIntervals(r.timeline);
    const k = iv.deviceStart[0] + 1;
    expect(s.kind[iv.heldForward[k]]).toBe(OpKind.F);
    expect(s.microbatch[iv.heldForward[k]]).toBe(3);
    expect(idleIntervalText(r.timeline, iv, k)).toBe(
      'Memory (activation limit), 2 ms: waits for BW of micro-batch 1 on stage 1 (device 1), while F of micro-batch 3 on stage 0 (device 0) could run: the order holds it back to bound activations',
    );
  });

  it("with chunk parts, waiting for the chunk's own dispatch and combine is exposed communication", () => {
    // One device, F then BW (overlap.test's timeline): F's compute idles during its dispatch [2, 3];
    // BW needs F's result, which ends with F's combine at 6, then starts with its own combine(B)
    // [6, 7]: compute idles [5, 7]. 3 ms in all, all of it exposed communication.
    const parts: ChunkParts = {
      forward: { attention: 2, dispatch: 1, mlp: 2, combine: 1 },
      backward: { combine: 1, mlpInput: 2, mlpWeight: 1, dispatch: 1, attentionInput: 2, attentionWeight: 1 },
    };
    const s = customOrder(1, 1, [
      [
        [OpKind.F, 0],
        [OpKind.BW, 0],
      ],
    ]);
    const r = simulate(s, { ...uniformConfig(1, 1), parts, smSplit: { total: 132, reserved: 0 } });
    if (!r.ok) throw new Error(r.error.message);
    // The metrics' sums (as analyze takes them) and the chart's intervals say the same.
    expect(nonZero(r.timeline)).toEqual([{ exposedComm: 3 }]);
    expect(intervalsOf(r.timeline, 0)).toEqual([
      ['exposedComm', 2, 3],
      ['exposedComm', 5, 7],
    ]);
    const iv = idleIntervals(r.timeline);
    expect(idleIntervalText(r.timeline, iv, 0)).toBe(
      'Exposed communication, 1 ms: waits for its own dispatch of F of micro-batch 0 on stage 0 (device 0)',
    );
    expect(idleIntervalText(r.timeline, iv, 1)).toBe(
      'Exposed communication, 2 ms: waits for its own combine-backward of BW of micro-batch 0 on stage 0 (device 0)',
    );
  });

  it("a wait for another device comes before the device's own communication running meanwhile", () => {
    const parts: ChunkParts = {
      forward: { attention: 1, dispatch: 0, mlp: 1, combine: 2 },
      backward: { combine: 0, mlpInput: 1, mlpWeight: 0, dispatch: 0, attentionInput: 1, attentionWeight: 0 },
    };
    const s = customOrder(2, 1, [
      [
        [OpKind.F, 0],
        [OpKind.BW, 0],
      ],
      [
        [OpKind.F, 0],
        [OpKind.BW, 0],
      ],
    ]);
    const r = simulate(s, { ...uniformConfig(2, 1), parts, smSplit: { total: 132, reserved: 0 } });
    if (!r.ok) throw new Error(r.error.message);
    // device 0: F0 attention [0,1] mlp [1,2] combine [2,4]; device 1 gets F0 at 4: attention [4,5]
    // mlp [5,6] combine [6,8]; its BW0 needs its own F0 (8): mlp-input [8,9] attention-input [9,10];
    // device 0's BW0 arrives at 10: [10,12].
    expect(intervalsOf(r.timeline, 1)).toEqual([
      ['fill', 0, 4],
      ['exposedComm', 6, 8],
      ['tail', 10, 12],
    ]);
    // device 0 waits [2, 10) for device 1's BW0; its own combine runs in [2, 4), but BW0 could not
    // start before 10 anyway
    expect(intervalsOf(r.timeline, 0)).toEqual([['fill', 2, 10]]);
  });
});
