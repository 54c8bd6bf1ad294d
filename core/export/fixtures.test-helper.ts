/**
 * Hand-worked timelines for the export tests. Times are worked out by hand from the schedule rules
 * (an op starts when its stream is free and its input has arrived), so tests can compare exported
 * numbers with values that do not come from our own simulator.
 */
import type { Analysis } from '../analyze';
import { computeMetrics } from '../metrics/metrics';
import { uniformConfig } from '../model/config';
import { defaultScenario } from '../model/scenario';
import { OpKind } from '../model/ops';
import { ScheduleBuilder } from '../model/schedule';
import { PART_NAMES, Stream, type PartName, type Timeline } from '../sim/timeline';

/**
 * 1F1B, P = 2, m = 2, F = 1 ms, full backward BW = 2 ms, no P2P cost. By hand:
 * device 0: F0 [0,1] F1 [1,2] BW0 [4,6] BW1 [7,9]; device 1: F0 [1,2] BW0 [2,4] F1 [4,5] BW1 [5,7].
 * Op indices: device 0 = 0..3, device 1 = 4..7. Makespan 9 ms.
 */
export function oneFOneBTwoByTwo(): Analysis {
  const b = new ScheduleBuilder({
    name: '1f1b',
    devices: 2,
    microbatches: 2,
    chunksPerDevice: 1,
    stages: 2,
    chunkShare: 1,
    paramMultiplier: 1,
  });
  b.push(0, OpKind.F, 0, 0, 0);
  b.push(0, OpKind.F, 1, 0, 0);
  b.push(0, OpKind.BW, 0, 0, 0);
  b.push(0, OpKind.BW, 1, 0, 0);
  b.push(1, OpKind.F, 0, 0, 1);
  b.push(1, OpKind.BW, 0, 0, 1);
  b.push(1, OpKind.F, 1, 0, 1);
  b.push(1, OpKind.BW, 1, 0, 1);
  const schedule = b.build();
  const start = Float64Array.from([0, 1, 4, 7, 1, 2, 4, 5]);
  const end = Float64Array.from([1, 2, 6, 9, 2, 4, 5, 7]);
  // d0 F0 -> d1 F0, d0 F1 -> d1 F1, d1 BW0 -> d0 BW0, d1 BW1 -> d0 BW1 (zero-cost transfers).
  const fromOp = Int32Array.from([0, 1, 5, 7]);
  const toOp = Int32Array.from([4, 6, 2, 3]);
  const timeline: Timeline = {
    schedule,
    start,
    end,
    waitedFor: Int32Array.from([-1, -1, 5, 7, 0, -1, 1, -1]),
    makespan: 9,
    parts: null,
    transfers: {
      count: 4,
      fromOp,
      toOp,
      start: Float64Array.from([1, 2, 4, 7]),
      end: Float64Array.from([1, 2, 4, 7]),
    },
  };
  return fakeAnalysis(timeline, { ...defaultScenario(), name: '1F1B 2x2', devices: 2, microbatches: 2 });
}

/**
 * One device running one overlapped pair (F of micro-batch 1, BW of micro-batch 0, pair 0) built
 * from parts, then a lone W-less forward of micro-batch 2 without pairing. Parts (ms):
 *   BW0: combine-backward comm [0,1], mlp-input-grad compute [1,2], dispatch-backward comm [3,4],
 *        attention-input-grad compute [4,5]
 *   F1:  attention compute [0,1], dispatch comm [1,2], mlp compute [2,3], combine comm [4,5]
 *   F2:  attention compute [5,6], dispatch comm [6,7], mlp compute [7,8], combine comm [8,9]
 * Op order on the device: F1 (index 0), BW0 (index 1), F2 (index 2).
 */
export function pairWithParts(): Analysis {
  const b = new ScheduleBuilder({
    name: 'dualpipe',
    devices: 1,
    microbatches: 3,
    chunksPerDevice: 2,
    stages: 1,
    chunkShare: 1,
    paramMultiplier: 2,
  });
  const pair = b.newPair();
  b.push(0, OpKind.F, 1, 0, 0, pair);
  b.push(0, OpKind.BW, 0, 1, 0, pair);
  b.push(0, OpKind.F, 2, 0, 0);
  const schedule = b.build();
  const rows: [number, PartName, number, number][] = [
    // op, part, start, end (deliberately not in time order within op 0, to test sorting)
    [0, 'dispatch', 1, 2],
    [0, 'attention', 0, 1],
    [0, 'mlp', 2, 3],
    [0, 'combine', 4, 5],
    [1, 'combine-backward', 0, 1],
    [1, 'mlp-input-grad', 1, 2],
    [1, 'dispatch-backward', 3, 4],
    [1, 'attention-input-grad', 4, 5],
    [2, 'attention', 5, 6],
    [2, 'dispatch', 6, 7],
    [2, 'mlp', 7, 8],
    [2, 'combine', 8, 9],
  ];
  const comm = new Set<PartName>(['dispatch', 'combine', 'combine-backward', 'dispatch-backward', 'p2p']);
  const timeline: Timeline = {
    schedule,
    start: Float64Array.from([0, 0, 5]),
    end: Float64Array.from([5, 5, 9]),
    waitedFor: Int32Array.from([-1, -1, -1]),
    makespan: 9,
    parts: {
      count: rows.length,
      op: Int32Array.from(rows.map((r) => r[0])),
      part: Uint8Array.from(rows.map((r) => PART_NAMES.indexOf(r[1]))),
      stream: Uint8Array.from(rows.map((r) => (comm.has(r[1]) ? Stream.COMM : Stream.COMPUTE))),
      start: Float64Array.from(rows.map((r) => r[2])),
      end: Float64Array.from(rows.map((r) => r[3])),
    },
    transfers: {
      count: 0,
      fromOp: new Int32Array(0),
      toOp: new Int32Array(0),
      start: new Float64Array(0),
      end: new Float64Array(0),
    },
  };
  return fakeAnalysis(timeline, { ...defaultScenario(), name: 'pair', devices: 1, microbatches: 3 });
}

/** An Analysis around a hand-made timeline, with core's metrics of it (uniform F = B = W = 1 config). */
export function fakeAnalysis(timeline: Timeline, scenario = defaultScenario()): Analysis {
  const s = timeline.schedule;
  const config = uniformConfig(s.devices, s.microbatches);
  return {
    scenario,
    config,
    schedule: s,
    timeline,
    metrics: computeMetrics(timeline, scenario, config),
    warnings: [],
  };
}
