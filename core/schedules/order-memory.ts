import { OpKind } from '../model/ops';
import type { Schedule } from '../model/schedule';

/** Activations an order holds, counted from the order alone (no timing). */

/** Peak activations in flight (F done, B not yet) on each device, in chunk activations. */
export function peakInFlight(s: Schedule): Int32Array {
  const peak = new Int32Array(s.devices);
  for (let d = 0; d < s.devices; d++) {
    let cur = 0;
    let max = 0;
    for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++) {
      if (s.kind[i] === OpKind.F) cur++;
      else if (s.kind[i] === OpKind.B || s.kind[i] === OpKind.BW) cur--;
      if (cur > max) max = cur;
    }
    peak[d] = max;
  }
  return peak;
}

/** Peak activations held (F done, W not yet) on any device, in chunk activations. */
export function peakHeld(s: Schedule): number {
  let max = 0;
  for (let d = 0; d < s.devices; d++) {
    let cur = 0;
    for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++) {
      if (s.kind[i] === OpKind.F) cur++;
      else if (s.kind[i] === OpKind.W || s.kind[i] === OpKind.BW) cur--;
      if (cur > max) max = cur;
    }
  }
  return max;
}
