import { OpKind } from '../model/ops';
import { scheduleFromColumns } from '../model/schedule';
import { ANALYTIC_BASE_CONDITIONS, type AnalyticInput, fmtTerm } from './analytic-rule';
import { positiveInt } from './config-checks';
import { defineSchedule } from './descriptor';
import { opColumns } from './op-columns';

/**
 * Looped BFS (breadth-first pipeline parallelism; Lamy-Poirier, "Breadth-First Pipeline
 * Parallelism", MLSys 2023), in the order of PyTorch's ScheduleLoopedBFS
 * (torch/distributed/pipelining/schedules.py). Each device holds v = config.chunks model chunks,
 * chunk c of device d being stage c*P + d, as in interleaved 1F1B. Breadth first: device d runs
 * the forwards of all m micro-batches on chunk 0, then on chunk 1, ..., then the backwards chunk
 * v - 1 first, each chunk's micro-batches from the last to the first. Every forward comes before
 * any backward, so a device holds all v m chunk activations at its peak, as GPipe does.
 */
export const loopedBFS = defineSchedule({
  name: 'looped-bfs',
  title: 'Looped BFS',
  summary:
    'Breadth-first looping (PyTorch ScheduleLoopedBFS): all forwards of chunk 0, then chunk 1, ...; backwards in reverse; GPipe-like memory, bubble / v.',
  source:
    'Lamy-Poirier, "Breadth-First Pipeline Parallelism", MLSys 2023 (arXiv 2211.05953); pytorch/pytorch ScheduleLoopedBFS',
  placement: 'interleaved',
  chunks: { from: 'scenario', min: 1, max: null },
  paramMultiplier: 1,
  opsPerStage: 2,
  analyticBubble: {
    formula: '(P-1)(F+B)/v',
    conditions: `${ANALYTIC_BASE_CONDITIONS}; m >= P`,
    source: 'Lamy-Poirier, arXiv 2211.05953 (looping divides the bubble by the loops)',
    evaluate: loopedBubble,
  },
  memory: {
    activationsInFlight: 'v m chunks of 1/v on every device (m full activations, as GPipe)',
    source: 'pytorch/pytorch ScheduleLoopedBFS (every forward before any backward)',
  },
  steadyState: {
    window: 'none',
    why: 'every forward of every chunk runs before any backward, so forwards and backwards never alternate',
  },
  check: (c) => [
    ...positiveInt(c.devices, 'devices', 'devices'),
    ...positiveInt(c.microbatches, 'microbatches', 'micro-batches'),
  ],
  generate(c, shape) {
    const { devices: P, microbatches: m, chunks: v } = c;
    const perDevice = 2 * v * m;
    const n = P * perDevice;
    const deviceStart = new Int32Array(P + 1);
    const columns = opColumns(n);
    const { kind, microbatch, chunk, stage } = columns;
    // Each chunk's run of m forwards (micro-batches 0..m-1) or backwards (m-1..0) is a block.
    const up = Int32Array.from({ length: m }, (_, j) => j);
    const down = up.slice().reverse();
    let i = 0;
    for (let d = 0; d < P; d++) {
      deviceStart[d] = i;
      for (let ch = 0; ch < v; ch++, i += m) {
        microbatch.set(up, i);
        chunk.fill(ch, i, i + m);
        stage.fill(ch * P + d, i, i + m);
      }
      for (let ch = v - 1; ch >= 0; ch--, i += m) {
        kind.fill(OpKind.BW, i, i + m);
        microbatch.set(down, i);
        chunk.fill(ch, i, i + m);
        stage.fill(ch * P + d, i, i + m);
      }
    }
    deviceStart[P] = n;
    return scheduleFromColumns(shape, { deviceStart, ...columns });
  },
});

/** (P-1)(F+B)/v in a device's whole-share costs: the forward and backward sweeps each start P - 1 chunks late. */
function loopedBubble(t: AnalyticInput) {
  const P = t.devices;
  const v = t.chunksPerDevice;
  const Fd = t.deviceF;
  const Bd = t.deviceB + t.deviceW;
  return {
    value: ((P - 1) * (Fd + Bd)) / v,
    terms: `P = ${P}, v = ${v}, F = ${fmtTerm(Fd)}, B = ${fmtTerm(Bd)} (a device's whole share, full backward)`,
    failing: t.microbatches < P ? [`m = ${t.microbatches} is less than P = ${P}`] : [],
  };
}
