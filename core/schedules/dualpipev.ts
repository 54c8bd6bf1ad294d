import type { ConfigError } from '../model/config';
import { DualOrderWriter, dualOrderMaxOps, writeDualOrder } from './dualpipe-order';
import { DUALPIPE_README } from './analytic-rule';
import { defineSchedule } from './descriptor';
import { dualPipeBubbleRule } from './dualpipe';
import { positiveInt } from './config-checks';

/**
 * DualPipeV, the "cut-in-half" DualPipe (deepseek-ai/DualPipe, dualpipe/dualpipev.py `step()`).
 *
 * P devices run a 2P-stage model folded into a V: every micro-batch enters at device 0, goes down
 * through chunk 0 (stage d on device d), turns on device P - 1 (stage P - 1 to stage P, no P2P)
 * and comes back up through chunk 1 (stage 2P - 1 - d on device d); the loss is on device 0.
 * The reference's phase is our `chunk` and its per-phase chunk id is our micro-batch number
 * (all m micro-batches enter at device 0, numbered 0..m-1 in both chunks).
 *
 * Cost and memory shape: a device's 1/P share of the model is cut into its two chunks, so each op
 * costs half a device share (chunkShare 0.5). Parameters: the device holds two stages of a
 * 2P-stage model, i.e. 1/P of the model, the same as 1F1B or ZB-V on the same P devices, so
 * paramMultiplier is 1. The DualPipe README's "2x" for DualPipeV counts against a pipeline of PP
 * stages on PP devices (one stage each), where DualPipeV needs only PP/2 devices; on a fixed
 * device count, which is what PipeScope compares, it holds no extra parameters (unlike DualPipe,
 * whose second direction is a whole second copy of the model).
 *
 * The order is DualPipe's eight steps with DualPipe's half-rank machinery replaced by the rank
 * itself and its middle rank by the last rank; see dualpipe-order.ts.
 */
export const dualpipeV = defineSchedule({
  name: 'dualpipev',
  title: 'DualPipeV',
  summary:
    'DualPipe cut in half: V shape with two chunks per device, overlapped forward-backward pairs; DualPipe bubble on half the devices.',
  source: 'deepseek-ai/DualPipe dualpipe/dualpipev.py (DualPipeV, Sea AI Lab "cut-in-half")',
  placement: 'v',
  chunks: { from: 'schedule', perDevice: 2, share: 0.5 },
  paramMultiplier: 1,
  opsPerStage: 3,
  analyticBubble: dualPipeBubbleRule(),
  memory: {
    activationsInFlight: 'PP + 1 with PP = 2P stages (2P + 1 chunks of half a share)',
    source: DUALPIPE_README,
  },
  steadyState: { window: 'paired' },
  check: checkDualPipeV,
  generate(c, shape) {
    const { devices: P, microbatches: m } = c;
    // 2m forwards and 2m backwards per device, plus one W per zero-bubble backward (fewer than 2P)
    const max = P * dualOrderMaxOps(P, m);
    const w = new DualOrderWriter(P, max, m);
    for (let d = 0; d < P; d++) {
      writeDualOrder(
        w,
        { device: d, chunkOfPhase: [0, 1], microbatchBase: [0, 0], stageOfPhase: [d, 2 * P - 1 - d] },
        P,
        d,
        m,
      );
    }
    return w.schedule(shape);
  },
});

function checkDualPipeV(c: { devices: number; microbatches: number }): ConfigError[] {
  const errors = [
    ...positiveInt(c.devices, 'devices', 'devices'),
    ...positiveInt(c.microbatches, 'microbatches', 'micro-batches'),
  ];
  if (errors.length > 0) return errors;
  if (c.microbatches < 2 * c.devices) {
    errors.push({
      path: 'microbatches',
      message: `DualPipeV needs at least 2 x devices = ${2 * c.devices} micro-batches; got ${c.microbatches}`,
    });
  }
  return errors;
}
