import { actionText } from '../model/order';
import type { OpKindName } from '../model/ops';
import type { Schedule } from '../model/schedule';

/** A device stuck at an op whose input never comes (see Deadlock in simulate.ts). */
export interface DeadlockWait {
  device: number;
  /** Index of the waiting op in the schedule. */
  op: number;
  kind: OpKindName;
  microbatch: number;
  stage: number;
  /** What it waits for, in words ("F of micro-batch 3 on stage 1 (device 1), which never runs"). */
  needs: string;
  /** The op it waits for and that op's device, or null when no device runs that op. */
  waitsFor: { op: number; device: number } | null;
}

/**
 * Why devices wait forever, as one chain of waits. Every stuck device waits for an op that either
 * no device runs, or sits later in the order of a device that is itself stuck (had that device
 * reached it, it would have run). Following the waits from device to device therefore ends at a
 * missing op or comes back to a device already on the path: a cycle. The cycle is returned when
 * there is one (the waits on it, each for an op of the next one's device), otherwise the chain
 * from the first stuck device to its missing op. Linear in the devices.
 */
export function waitCycle(waiting: readonly DeadlockWait[]): DeadlockWait[] {
  const byDevice = new Map<number, DeadlockWait>();
  for (const w of waiting) byDevice.set(w.device, w);
  /** 0 not visited, 1 on the current path, 2 done (leads to no new cycle). */
  const state = new Map<number, number>();
  for (const start of waiting) {
    if (state.get(start.device) === 2) continue;
    const path: DeadlockWait[] = [];
    let w: DeadlockWait | undefined = start;
    while (w && state.get(w.device) === undefined) {
      state.set(w.device, 1);
      path.push(w);
      w = w.waitsFor ? byDevice.get(w.waitsFor.device) : undefined;
    }
    if (w && state.get(w.device) === 1) return path.slice(path.indexOf(w));
    for (const p of path) state.set(p.device, 2);
  }
  if (waiting.length === 0) return [];
  const chain: DeadlockWait[] = [];
  const seen = new Set<number>();
  for (let w: DeadlockWait | undefined = waiting[0]; w && !seen.has(w.device); ) {
    seen.add(w.device);
    chain.push(w);
    w = w.waitsFor ? byDevice.get(w.waitsFor.device) : undefined;
  }
  return chain;
}

/**
 * The chain in words, actions in PyTorch's notation: "device 0 waits at 0I1 for 1I1 on device 1,
 * device 1 waits at 1F2 for 0F2 on device 0, which closes the cycle", or "..., device 2 waits at
 * 2F3 for F of micro-batch 3 on stage 1, which no device runs".
 */
export function describeCycle(chain: readonly DeadlockWait[], s: Schedule): string {
  if (chain.length === 0) return 'no device waits';
  const at = (op: number) => actionText(s.kind[op], s.stage[op], s.microbatch[op]);
  const steps = chain.map((w) =>
    w.waitsFor
      ? `device ${w.device} waits at ${at(w.op)} for ${at(w.waitsFor.op)} on device ${w.waitsFor.device}`
      : `device ${w.device} waits at ${at(w.op)} for ${w.needs}`,
  );
  const last = chain[chain.length - 1];
  const closes = last.waitsFor !== null && last.waitsFor.device === chain[0].device;
  return `${steps.join(', ')}${closes ? ', which closes the cycle' : ''}`;
}

/** Devices stuck outside the chain, briefly ("; also stuck: device 0 at 0B0 (for 1B0), ..."), at most four. */
export function describeOthers(
  waiting: readonly DeadlockWait[],
  chain: readonly DeadlockWait[],
  s: Schedule,
): string {
  const others = waiting.filter((w) => !chain.includes(w));
  if (others.length === 0) return '';
  const at = (op: number) => actionText(s.kind[op], s.stage[op], s.microbatch[op]);
  const listed = others
    .slice(0, 4)
    .map((w) => `device ${w.device} at ${at(w.op)} (for ${w.waitsFor ? at(w.waitsFor.op) : w.needs})`);
  return `; also stuck behind it: ${listed.join(', ')}${others.length > 4 ? `, and ${others.length - 4} more` : ''}`;
}
