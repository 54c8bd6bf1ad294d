import { NO_PAIR, OpKind } from '../model/ops';
import { type Schedule, scheduleObject } from '../model/schedule';

function isBackward(kind: number): boolean {
  return kind === OpKind.B || kind === OpKind.BW;
}

/** Whether the schedule already runs overlapped pairs (DualPipe, DualPipeV). */
export function hasPairs(s: Schedule): boolean {
  for (let i = 0; i < s.count; i++) if (s.pair[i] !== NO_PAIR) return true;
  return false;
}

/**
 * Steady-state pairing (Megatron's combined 1F1B style) for schedules that do not pair on their
 * own. A steady-state forward is an F that directly follows a backward on its device (so warm-up
 * forwards and the first forward of the alternation stay alone). It is paired with the backward
 * right after it when that backward is of another micro-batch. On 1F1B's last stage F and the
 * following B are of one micro-batch (the B needs the F), so that stage runs unpaired; pairing
 * its B with the F after it instead would deadlock against the previous stage, which pairs that
 * same F and B the other way round. Ops keep their order; only `pair` changes.
 */
export function pairSteadyState(s: Schedule): Schedule {
  const pair = new Int32Array(s.count).fill(NO_PAIR);
  const { kind, microbatch, deviceStart } = s;
  let next = 0;
  for (let d = 0; d < s.devices; d++) {
    const first = deviceStart[d];
    const last = deviceStart[d + 1];
    for (let i = first + 1; i + 1 < last; i++) {
      if (kind[i] !== OpKind.F || !isBackward(kind[i - 1])) continue;
      if (isBackward(kind[i + 1]) && microbatch[i + 1] !== microbatch[i]) {
        pair[i] = pair[i + 1] = next++;
        i++;
      }
    }
  }
  const { chunk, stage } = s;
  return scheduleObject(s, s.count, { deviceStart, kind, microbatch, chunk, stage, pair });
}
