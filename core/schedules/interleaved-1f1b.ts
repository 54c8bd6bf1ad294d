import type { ConfigError } from '../model/config';
import { OpKind } from '../model/ops';
import { ScheduleBuilder } from '../model/schedule';
import { ANALYTIC_BASE_CONDITIONS, type AnalyticInput, fmtTerm } from './analytic-rule';
import { defineSchedule } from './descriptor';
import { positiveInt } from './config-checks';

/** Fewer than two chunks per device is plain 1F1B; Megatron's interleaving needs at least two. */
const MIN_CHUNKS = 2;

/**
 * Interleaved 1F1B (Megatron-LM virtual pipeline; Narayanan et al., SC21), in the order of
 * Megatron-LM's `forward_backward_pipelining_with_interleaving` (megatron/core/pipeline_parallel/
 * schedules.py, the classic version that requires m to be a multiple of P).
 *
 * Each device holds v = config.chunks model chunks; chunk c on device d is stage c*P + d, so a
 * micro-batch passes the devices v times. Every device runs v*m forwards and v*m full backwards,
 * indexed k = 0..v*m-1 in "virtual micro-batch" order: k walks groups of P*v, and inside a group
 * P consecutive k's per chunk (forward: chunk 0 first; backward: chunk v-1 first). The micro-batch
 * of virtual index k is (k div P*v)*P + (k mod P): each chunk consumes its micro-batches in order.
 *
 * Device d first runs a warm-up of (P - d - 1)*2 + (v - 1)*P forwards (capped at v*m; all v*m
 * when m = P, where Megatron runs every forward before any backward), then alternates forward
 * k + warm-up with backward k, then drains the remaining backwards. Each op is one chunk, 1/v of
 * the device's share (chunkShare 1/v).
 */
export const interleaved1F1B = defineSchedule({
  name: 'interleaved-1f1b',
  title: 'Interleaved 1F1B',
  summary:
    'Megatron virtual pipeline: v model chunks per device, 1F1B over virtual micro-batches; bubble / v.',
  source:
    'Narayanan et al., "Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM", SC21; NVIDIA/Megatron-LM schedules.py',
  placement: 'interleaved',
  chunks: { from: 'scenario', min: MIN_CHUNKS, max: null },
  paramMultiplier: 1,
  opsPerStage: 2,
  analyticBubble: {
    formula: '(P-1)(F+B)/v',
    conditions: `${ANALYTIC_BASE_CONDITIONS}; m a multiple of P`,
    source: 'Narayanan et al., SC21 (Megatron-LM)',
    evaluate: interleavedBubble,
  },
  memory: {
    activationsInFlight:
      "(v + 1)P - 1 - 2s chunks of 1/v on device s (Megatron's warm-up (P - s - 1) x 2 + (v - 1) x P, plus one), when m > P",
    source: 'NVIDIA/Megatron-LM schedules.py (forward_backward_pipelining_with_interleaving)',
  },
  check: checkInterleaved,
  generate(c, shape) {
    const { devices: P, microbatches: m, chunks: v } = c;
    const total = v * m;
    const b = new ScheduleBuilder(shape, 2 * P * total);
    const group = P * v;
    for (let d = 0; d < P; d++) {
      const warmup = m === P ? total : Math.min((P - d - 1) * 2 + (v - 1) * P, total);
      const forward = (k: number) => {
        const inGroup = k % group;
        const chunk = (inGroup / P) | 0;
        b.push(d, OpKind.F, ((k / group) | 0) * P + (k % P), chunk, chunk * P + d);
      };
      const backward = (k: number) => {
        const inGroup = k % group;
        const chunk = v - 1 - ((inGroup / P) | 0);
        b.push(d, OpKind.BW, ((k / group) | 0) * P + (k % P), chunk, chunk * P + d);
      };
      for (let k = 0; k < warmup; k++) forward(k);
      for (let k = 0; k < total - warmup; k++) {
        forward(k + warmup);
        backward(k);
      }
      for (let k = total - warmup; k < total; k++) backward(k);
    }
    return b.build();
  },
});

/** Megatron's (P-1)(F+B)/v, in a device's whole-share costs (each chunk takes 1/v of them). */
function interleavedBubble(t: AnalyticInput) {
  const P = t.devices;
  const v = t.chunksPerDevice;
  const Fd = t.deviceF;
  const Bd = t.deviceB + t.deviceW;
  const failing = t.microbatches % P !== 0 ? [`m = ${t.microbatches} is not a multiple of P = ${P}`] : [];
  return {
    value: ((P - 1) * (Fd + Bd)) / v,
    terms: `P = ${P}, v = ${v}, F = ${fmtTerm(Fd)}, B = ${fmtTerm(Bd)} (a device's whole share, full backward)`,
    failing,
  };
}

function checkInterleaved(c: { devices: number; microbatches: number; chunks: number }): ConfigError[] {
  const errors = [
    ...positiveInt(c.devices, 'devices', 'devices'),
    ...positiveInt(c.microbatches, 'microbatches', 'micro-batches'),
    ...positiveInt(c.chunks, 'chunks', 'chunks per device (v)', MIN_CHUNKS),
  ];
  if (errors.length > 0) return errors;
  if (c.microbatches % c.devices !== 0) {
    errors.push({
      path: 'microbatches',
      message: `Interleaved 1F1B needs micro-batches to be a multiple of devices (${c.devices}); got ${c.microbatches}`,
    });
  }
  return errors;
}
