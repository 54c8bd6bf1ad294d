import { OpKind } from '../model/ops';
import { type Schedule, ScheduleBuilder } from '../model/schedule';
import { pusher, stageMap } from './stage-map';
import { defineZeroBubbleSchedule } from './zero-bubble';

/**
 * ZB-V's published order (sail-sg/zero-bubble-pipeline-parallelism, the handcrafted V schedule).
 * Device d holds chunk 0 = stage d and chunk 1 = stage 2P - 1 - d, so device 0 runs both the first
 * stage and the loss. Device d: 2(P - d) - 1 chunk-0 forwards; d pairs (chunk-1 F, chunk-0 F);
 * P - d triples (chunk-1 F, B, W); then the steady state (chunk-0 F, B, W, chunk-1 F, B, W) until
 * every forward ran; then d pairs of B (chunk 0, chunk 1) with their W deferred, P - d pairs
 * (chunk-0 B, a deferred chunk-0 W), and the remaining W. The construction needs 2P - 1
 * micro-batches; with fewer it is built for 2P - 1 and the ops of the missing micro-batches are
 * dropped (still a valid order: dependencies only link ops of one micro-batch).
 * Peak: 2P chunk activations of half a share each, P full ones: 1F1B's memory.
 */
export function zbVPublished(P: number, m: number): Schedule {
  const map = stageMap('v', zbV.shape(P, m, 2));
  const b = new ScheduleBuilder(map.shape, 6 * P * m);
  const push = pusher(b, map);
  const n = Math.max(2 * P - 1, m);
  const S = 2 * P;
  for (let d = 0; d < P; d++) {
    const s0 = d;
    const s1 = S - 1 - d;
    let f0 = 0;
    let f1 = 0;
    let b0 = 0;
    let b1 = 0;
    const op = (kind: OpKind, mb: number, stage: number) => {
      if (mb < m) push(kind, mb, stage);
    };
    for (let i = 0; i < 2 * (P - d) - 1; i++) op(OpKind.F, f0++, s0);
    for (let i = 0; i < d; i++) {
      op(OpKind.F, f1++, s1);
      op(OpKind.F, f0++, s0);
    }
    for (let i = 0; i < P - d; i++) {
      op(OpKind.F, f1++, s1);
      op(OpKind.B, b1, s1);
      op(OpKind.W, b1++, s1);
    }
    while (f1 < f0 || f0 < n) {
      if (f0 < n) op(OpKind.F, f0++, s0);
      op(OpKind.B, b0, s0);
      op(OpKind.W, b0++, s0);
      op(OpKind.F, f1++, s1);
      op(OpKind.B, b1, s1);
      op(OpKind.W, b1++, s1);
    }
    let w0 = b0;
    let w1 = b1;
    for (let i = 0; i < d; i++) {
      op(OpKind.B, b0++, s0);
      op(OpKind.B, b1++, s1);
    }
    for (let i = 0; i < P - d; i++) {
      op(OpKind.B, b0++, s0);
      op(OpKind.W, w0++, s0);
    }
    while (w1 < b1) op(OpKind.W, w1++, s1);
    while (w0 < b0) op(OpKind.W, w0++, s0);
  }
  return b.build();
}

/** 2P chunk activations (of half a share) on every device: P full ones, 1F1B's first stage. */
function vCap(P: number): Int32Array {
  return new Int32Array(P).fill(2 * P);
}

export const zbV = defineZeroBubbleSchedule({
  name: 'zb-v',
  title: 'ZB-V',
  summary:
    "Zero-bubble V: two half-size chunks per device in a V (device 0 holds the first stage and the loss); 1F1B's activation memory, near-zero bubble when F = B = W.",
  source:
    'Qi et al., "Pipeline Parallelism with Controllable Memory", NeurIPS 2024; sail-sg/zero-bubble-pipeline-parallelism (ZB-V)',
  placement: 'v',
  chunks: { from: 'schedule', perDevice: 2, share: 0.5 },
  analyticBubble: {
    formula: 'none',
    conditions:
      'PipeScope compares no closed form for ZB-V: it is designed for a near-zero bubble when F = B = W (its makespans are in docs/schedules-zero-bubble.md)',
    source: 'Qi et al., ICLR 2024',
  },
  memory: {
    activationsInFlight: "2P chunks of half a share on every device = P full activations, 1F1B's peak",
    source: 'Qi et al., NeurIPS 2024 (ZB-V)',
  },
  steadyState: { window: 'alternating' },
  published: (c) => zbVPublished(c.devices, c.microbatches),
  inFlightCap: (c) => vCap(c.devices),
  variants(c) {
    const P = c.devices;
    const publishedLead = new Int32Array(P);
    for (let d = 0; d < P; d++) publishedLead[d] = 2 * (P - d) - 1;
    const loose = new Int32Array(P).fill(2 * P - 1);
    return [
      { cap: vCap(P), lead: publishedLead },
      { cap: vCap(P), lead: loose },
    ];
  },
});
