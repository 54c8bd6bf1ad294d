// Test helpers shared by the DualPipe, DualPipeV and interleaved 1F1B tests (not imported by the app).
import { NO_PAIR, OpKind, opKindName } from '../model/ops';
import { type Schedule, deviceOps } from '../model/schedule';
import { pairPartner } from '../metrics/timeline-links';
import { type SimInput, simulate } from '../sim/simulate';

/**
 * One device's order as tokens: kind + micro-batch, a prime for chunk 1 when `primeChunk1`, and
 * the two ops of an overlapped pair joined by '&' (e.g. "F3&BW5"). Checks that paired ops are
 * adjacent, F first.
 */
export function orderTokens(s: Schedule, device: number, primeChunk1 = false): string[] {
  const ops = deviceOps(s, device);
  const name = (o: (typeof ops)[number]) =>
    `${opKindName(o.kind)}${o.microbatch}${primeChunk1 && o.chunk === 1 ? "'" : ''}`;
  const out: string[] = [];
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i];
    if (o.pair === NO_PAIR) {
      out.push(name(o));
      continue;
    }
    const next = ops[i + 1];
    if (!next || next.pair !== o.pair || o.kind !== OpKind.F || next.kind !== OpKind.BW) {
      throw new Error(`device ${device}: pair ${o.pair} is not an adjacent F then BW at op ${i}`);
    }
    out.push(`${name(o)}&${name(next)}`);
    i++;
  }
  return out;
}

/** Parses "F0 F1 F3&BW5" style text into tokens. */
export function tokens(text: string): string[] {
  return text.trim().split(/\s+/);
}

/**
 * Completeness: every (micro-batch, stage) has exactly one F and either one BW or one B and one
 * W, each on the device that holds the stage; returns a list of problems (empty when complete).
 */
export function completenessProblems(
  s: Schedule,
  deviceOf: (microbatch: number, stage: number) => number,
): string[] {
  const problems: string[] = [];
  const S = s.stages;
  const counts = new Int32Array(s.microbatches * S * 4);
  for (let d = 0; d < s.devices; d++) {
    for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++) {
      const mb = s.microbatch[i];
      const st = s.stage[i];
      if (mb < 0 || mb >= s.microbatches || st < 0 || st >= S) {
        problems.push(`device ${d} op ${i}: micro-batch ${mb} stage ${st} out of range`);
        continue;
      }
      if (deviceOf(mb, st) !== d) problems.push(`micro-batch ${mb} stage ${st} ran on device ${d}`);
      counts[(mb * S + st) * 4 + s.kind[i]]++;
    }
  }
  for (let mb = 0; mb < s.microbatches; mb++) {
    for (let st = 0; st < S; st++) {
      const o = (mb * S + st) * 4;
      const [f, b, w, bw] = [counts[o], counts[o + 1], counts[o + 2], counts[o + 3]];
      const ok = f === 1 && ((bw === 1 && b === 0 && w === 0) || (bw === 0 && b === 1 && w === 1));
      if (!ok) problems.push(`micro-batch ${mb} stage ${st}: F ${f}, B ${b}, W ${w}, BW ${bw}`);
    }
  }
  return problems;
}

/**
 * Simulates the schedule and returns each device's idle time within the makespan
 * (makespan - the device's busy time). Throws on a deadlock.
 */
export function idlePerDevice(s: Schedule, input: SimInput): number[] {
  const r = simulate(s, input);
  if (!r.ok) throw new Error(`deadlock: ${r.error.message}`);
  const t = r.timeline;
  const idle: number[] = [];
  for (let d = 0; d < s.devices; d++) {
    let busy = 0;
    for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++) busy += t.end[i] - t.start[i];
    idle.push(t.makespan - busy);
  }
  return idle;
}

/** Schedule.unpairedForwardEnd by its definition: one past each device's last forward in no pair. */
export function unpairedForwardEndOf(s: Schedule): number[] {
  const out: number[] = [];
  for (let d = 0; d < s.devices; d++) {
    const [first, last] = [s.deviceStart[d], s.deviceStart[d + 1]];
    let end = first;
    for (let i = first; i < last; i++)
      if (s.kind[i] === OpKind.F && pairPartner(s, i, first, last) < 0) end = i + 1;
    out.push(end);
  }
  return out;
}

/**
 * Schedule.unpairedForwardEnd as the steps of writeDualOrder give it, worked by hand: steps 1-3 of
 * a rank h of H halves write 2(H - h - 1), 2(h + 1) and H - h - 1 forwards without a pair, the last
 * of them the last op of step 3 (each of its rounds is B, W, F); the turn rank (h = H - 1) has no
 * step 3 and runs the first F of step 4 alone. So one past it is 5(H - h - 1) + 2(h + 1) ops into
 * the rank's order, or 2H + 1 at the turn (which has a step 4 when there are at least 2P
 * micro-batches). `halfRank(d)` is device d's h.
 */
export function unpairedForwardEndBySteps(s: Schedule, H: number, halfRank: (d: number) => number): number[] {
  return Array.from({ length: s.devices }, (_, d) => {
    const h = halfRank(d);
    return s.deviceStart[d] + (h === H - 1 ? 2 * H + 1 : 5 * (H - h - 1) + 2 * (h + 1));
  });
}
