import { describe, expect, it } from 'vitest';
import { analyzed } from './analysis.test-helper';
import { pairWithParts } from '../export/fixtures.test-helper';
import { uniformConfig } from '../model/config';
import { NO_PAIR, OpKind, opKindName } from '../model/ops';
import type { ChunkParts } from '../model/scenario';
import { ScheduleBuilder } from '../model/schedule';
import { gpipe } from '../schedules/gpipe';
import { oneFOneB } from '../schedules/one-f-one-b';
import { simulate } from '../sim/simulate';
import type { Timeline } from '../sim/timeline';
import { PathSegmentKind, criticalPath } from './critical-path';

/** The path's ops as "kind mb @device". */
function opsOf(t: Timeline): string[] {
  const p = criticalPath(t);
  const s = t.schedule;
  return Array.from(p.ops, (o, k) => `${opKindName(s.kind[o])}${s.microbatch[o]}@${p.opDevice[k]}`);
}

const KIND_NAMES = ['compute', 'comm', 'p2p', 'wait'];

/** The path's stretches as [kind, start, end]. */
function segmentsOf(t: Timeline): [string, number, number][] {
  const g = criticalPath(t).segments;
  return Array.from({ length: g.count }, (_, k) => [KIND_NAMES[g.kind[k]], g.start[k], g.end[k]]);
}

describe('critical path: hand-worked timelines', () => {
  it('1F1B P = 2, m = 2 with P2P 0.5: the first forward, all of device 1, then the last backward', () => {
    // device 0: F0 [0,1] F1 [1,2] BW0 [5,7] BW1 [8,10]; device 1: F0 [1.5,2.5] BW0 [2.5,4.5]
    // F1 [4.5,5.5] BW1 [5.5,7.5]. BW1 on device 0 ends last and waited for device 1's BW1.
    const s = oneFOneB.generate(uniformConfig(2, 2));
    const r = simulate(s, { ...uniformConfig(2, 2), p2p: 0.5 });
    if (!r.ok) throw new Error(r.error.message);
    const p = criticalPath(r.timeline);
    expect(opsOf(r.timeline)).toEqual(['F0@0', 'F0@1', 'BW0@1', 'F1@1', 'BW1@1', 'BW1@0']);
    expect(Array.from(p.opIndex)).toEqual([0, 0, 1, 2, 3, 3]);
    expect(p.length).toBe(10);
    expect(p.compute).toBe(1 + 1 + 2 + 1 + 2 + 2);
    expect(p.p2p).toBe(0.5 + 0.5);
    expect(p.wait).toBe(0);
    expect(p.exposedComm).toBe(0);
    expect(p.stages).toEqual([0, 1]);
    expect(p.devices).toEqual([0, 1]);
    expect(segmentsOf(r.timeline)).toEqual([
      ['compute', 0, 1],
      ['p2p', 1, 1.5],
      ['compute', 1.5, 2.5],
      ['compute', 2.5, 4.5],
      ['compute', 4.5, 5.5],
      ['compute', 5.5, 7.5],
      ['p2p', 7.5, 8],
      ['compute', 8, 10],
    ]);
  });

  it('1F1B without communication: the whole makespan is compute, through every stage', () => {
    const a = analyzed({
      devices: 4,
      microbatches: 8,
      costs: { forward: 1, backwardInput: 1.5, backwardWeight: 0.5 },
    });
    const p = a.metrics.criticalPath;
    expect(p.length).toBe((8 + 3) * 3);
    expect(p.compute).toBe(33);
    expect(p.p2p + p.exposedComm + p.wait).toBe(0);
    expect(p.stages).toEqual([0, 1, 2, 3]);
  });

  it('a transfer queued behind the sender’s communication stream is a wait on the path', () => {
    // GPipe P = 2, m = 2, F = 1, BW = 2, P2P 2 on the comm stream: F1's transfer leaves device 0
    // at 3 (after F0's, [1, 3]), not at 2; device 1 runs F1 [5, 6], BW0 [6, 8], BW1 [8, 10]; BW0's
    // gradient reaches device 0 at 10, BW1's at 12 (queued): device 0 runs BW0 [10,12], BW1 [12,14].
    const s = gpipe.generate(uniformConfig(2, 2));
    const r = simulate(s, { ...uniformConfig(2, 2), p2p: 2, p2pOccupiesComm: true });
    if (!r.ok) throw new Error(r.error.message);
    expect(segmentsOf(r.timeline)).toEqual([
      ['compute', 0, 1],
      ['compute', 1, 2],
      ['wait', 2, 3],
      ['p2p', 3, 5],
      ['compute', 5, 6],
      ['compute', 6, 8],
      ['p2p', 8, 10],
      ['compute', 10, 12],
      ['compute', 12, 14],
    ]);
    const p = criticalPath(r.timeline);
    expect([p.compute, p.p2p, p.wait]).toEqual([9, 4, 1]);
  });

  it('with chunk parts it runs through the parts: communication on it is exposed', () => {
    // One device, F then BW (overlap.test's timeline): every part waits for the one before it in its
    // chunk, and BW's combine(B) for F's combine. Compute 2+2+2+2+1 = 9, communication 4 x 1.
    const parts: ChunkParts = {
      forward: { attention: 2, dispatch: 1, mlp: 2, combine: 1 },
      backward: { combine: 1, mlpInput: 2, mlpWeight: 1, dispatch: 1, attentionInput: 2, attentionWeight: 1 },
    };
    const b = new ScheduleBuilder({
      name: 'custom',
      devices: 1,
      microbatches: 1,
      chunksPerDevice: 1,
      stages: 1,
      chunkShare: 1,
      paramMultiplier: 1,
    });
    b.push(0, OpKind.F, 0, 0, 0, NO_PAIR);
    b.push(0, OpKind.BW, 0, 0, 0, NO_PAIR);
    const r = simulate(b.build(), { ...uniformConfig(1, 1), parts, smSplit: { total: 132, reserved: 0 } });
    if (!r.ok) throw new Error(r.error.message);
    expect(segmentsOf(r.timeline)).toEqual([
      ['compute', 0, 2],
      ['comm', 2, 3],
      ['compute', 3, 5],
      ['comm', 5, 6],
      ['comm', 6, 7],
      ['compute', 7, 9],
      ['comm', 9, 10],
      ['compute', 10, 12],
      ['compute', 12, 13],
    ]);
    const p = criticalPath(r.timeline);
    expect([p.length, p.compute, p.exposedComm]).toEqual([13, 9, 4]);
    const g = p.segments;
    expect(g.kind[1]).toBe(PathSegmentKind.COMM);
    expect(r.timeline.parts!.part[g.ref[1]]).toBe(1); // dispatch
  });
});

describe('critical path: one walk after another', () => {
  it('a later walk, longer or shorter, leaves an earlier walk’s result as it was', () => {
    // The walks share one list of segments; each result must be a copy of its part of it.
    const small = simulate(oneFOneB.generate(uniformConfig(2, 2)), { ...uniformConfig(2, 2), p2p: 0.5 });
    const large = simulate(oneFOneB.generate(uniformConfig(8, 64)), { ...uniformConfig(8, 64), p2p: 0.5 });
    if (!small.ok || !large.ok) throw new Error('simulation failed');
    criticalPath(large.timeline); // the list is now long enough for both
    const first = criticalPath(small.timeline);
    const copy = structuredClone(first);
    const big = criticalPath(large.timeline);
    const again = criticalPath(small.timeline);
    expect(first).toEqual(copy);
    expect(again).toEqual(copy);
    expect(big.length).toBe(large.timeline.makespan);
    expect(big.segments.count).toBeGreaterThan(first.segments.count);
    expect(big.segments.end[big.segments.count - 1]).toBe(large.timeline.makespan);
  });
});

describe('critical path: a long walk', () => {
  it('a path of more than a thousand ops runs each op and each transfer as the timeline has them', () => {
    // 1F1B P = 4, m = 600: the path runs through about 2m ops (more than the walk first makes room
    // for). Each op on it is its run in the timeline, and each transfer on it goes from its
    // producer's end to its consumer's start, the producer being the one the simulator recorded.
    const config = { ...uniformConfig(4, 600), p2p: 0.5 };
    const r = simulate(oneFOneB.generate(config), config);
    if (!r.ok) throw new Error(r.error.message);
    const t = r.timeline;
    const p = criticalPath(t);
    const g = p.segments;
    expect(p.ops.length).toBeGreaterThan(1100);
    expect(g.start[0]).toBe(0);
    expect(g.end[g.count - 1]).toBe(t.makespan);
    let computeSegments = 0;
    for (let k = 0; k < g.count; k++) {
      if (k + 1 < g.count) expect(g.end[k]).toBe(g.start[k + 1]);
      if (g.kind[k] === PathSegmentKind.COMPUTE) {
        expect([g.start[k], g.end[k]]).toEqual([t.start[g.op[k]], t.end[g.op[k]]]);
        expect(g.op[k]).toBe(p.ops[computeSegments++]);
      } else {
        expect(g.kind[k]).toBe(PathSegmentKind.P2P);
        expect(t.waitedFor[g.ref[k]]).toBe(g.op[k]);
        expect([g.start[k], g.end[k]]).toEqual([t.end[g.op[k]], t.start[g.ref[k]]]);
      }
    }
    expect(computeSegments).toBe(p.ops.length);
    const s = t.schedule;
    for (let k = 0; k < p.ops.length; k++) {
      expect(s.deviceStart[p.opDevice[k]] + p.opIndex[k]).toBe(p.ops[k]);
      expect(p.opDevice[k]).toBe(s.stage[p.ops[k]]); // 1F1B: stage d on device d
    }
    expect(p.stages).toEqual([0, 1, 2, 3]);
    expect(p.compute + p.p2p).toBe(t.makespan);
  });
});

describe('critical path: timelines the simulator did not make', () => {
  it('without parts, a start later than everything it waits for is a wait on the path', () => {
    // The hand-worked 1F1B P = 2, m = 2 with P2P 0.5, device 0's last backward moved 1 ms later
    // (from [8, 10] to [9, 11]) and its waitedFor cleared: nothing explains its start, so the path
    // waits from the end of the op before it on its device (BW0, [5, 7]) and goes on from there:
    // BW0 waited for device 1's BW0 ([2.5, 4.5]) and its transfer, which waited for F0.
    const config = { ...uniformConfig(2, 2), p2p: 0.5 };
    const r = simulate(oneFOneB.generate(config), config);
    if (!r.ok) throw new Error(r.error.message);
    const t = r.timeline;
    const last = t.schedule.deviceStart[1] - 1;
    const start = t.start.slice();
    const end = t.end.slice();
    start[last] = 9;
    end[last] = 11;
    const moved: Timeline = { ...t, start, end, makespan: 11, waitedFor: t.waitedFor.slice() };
    moved.waitedFor[last] = -1; // the simulator would have named BW1 on device 1
    const p = criticalPath(moved);
    expect(segmentsOf(moved)).toEqual([
      ['compute', 0, 1],
      ['p2p', 1, 1.5],
      ['compute', 1.5, 2.5],
      ['compute', 2.5, 4.5],
      ['p2p', 4.5, 5],
      ['compute', 5, 7],
      ['wait', 7, 9],
      ['compute', 9, 11],
    ]);
    expect([p.compute, p.p2p, p.wait]).toEqual([8, 1, 2]);
    expect(opsOf(moved)).toEqual(['F0@0', 'F0@1', 'BW0@1', 'BW0@0', 'BW1@0']);
  });

  it('still runs from 0 to the makespan, the gaps nothing explains as waits, and never throws', () => {
    // The export tests' hand-made pair: BW0's dispatch(B) starts at 3 although its MLP input-grad
    // ended at 2 and its stream was free at 2; the simulator would have started it at 2.
    const a = pairWithParts();
    const p = criticalPath(a.timeline);
    const g = p.segments;
    expect(g.start[0]).toBe(0);
    expect(g.end[g.count - 1]).toBe(9);
    for (let k = 0; k + 1 < g.count; k++) expect(g.end[k]).toBe(g.start[k + 1]);
    expect(p.compute + p.exposedComm + p.p2p + p.wait).toBe(9);
    expect(p.wait).toBeGreaterThan(0);
  });
});
