import type { ScheduleConfig } from '../model/config';
import { OpKind } from '../model/ops';
import { type Schedule, ScheduleBuilder } from '../model/schedule';
import { DeviceHeap } from './device-heap';
import type { StageMap } from './stage-map';

/**
 * The cost-aware greedy orders the zero-bubble schedules try beside their published order (list
 * scheduling on the configured per-device F/B/W/P2P costs, in the spirit of the
 * sail-sg/zero-bubble-pipeline-parallelism auto-scheduler: B as soon as its gradient arrives, F
 * while the memory caps allow, W into idle time). zb-choice.ts picks between them.
 */

/** When a device has nothing ready and a W is pending. */
export type WPolicy = 'eager' | 'fit';

export interface GreedyOptions {
  /** Max activations in flight (F done, B not yet) per device, in chunk activations. */
  cap: Int32Array;
  /**
   * Max activations held (F done, W not yet: in flight plus the weight-gradient stashes of
   * deferred W) per device. A forward that would exceed it first runs a pending W.
   */
  heldCap: number;
  /**
   * V only: max (chunk-0 forwards - chunk-1 forwards) per device. Keeps room in memory for the
   * chunk-1 forwards the loss needs (without it, chunk-0 forwards could fill a device and deadlock).
   */
  lead: Int32Array | null;
  /**
   * 'eager': an idle device runs a pending W at once. 'fit': it runs one only where the W ends
   * before the earliest time its next F or B could arrive; otherwise it waits, and fills the gap
   * afterwards when the W fits before the input that actually arrived.
   */
  wPolicy: WPolicy;
}

/** A greedy order and its makespan under the config (the same rules as the simulator). */
export interface GreedyResult {
  schedule: Schedule;
  makespan: number;
}

/**
 * A cost-aware greedy order: each device, at the earliest time it can act, runs
 * 1. a pending W that ends before the input of its next F/B arrived (a gap already known idle),
 * 2. the oldest B whose gradient has arrived (the critical path), 3. the F whose input has arrived
 * (the stage nearest the loss first) while the memory cap allows, 4. else a W per `wPolicy`, or
 * waits. Time is exact for the config's costs (the simulator's rules). Returns null if the order
 * deadlocks (callers then keep the published order).
 */
export function greedyOrder(map: StageMap, c: ScheduleConfig, opt: GreedyOptions): GreedyResult | null {
  const { shape, stageDevice, stageChunk } = map;
  const P = shape.devices;
  const m = shape.microbatches;
  const S = shape.stages;
  const share = shape.chunkShare;
  const p2p = c.p2p;

  // stages hosted by each device, nearest the loss (highest stage) first
  const hostedStart = new Int32Array(P + 1);
  for (let s = 0; s < S; s++) hostedStart[stageDevice[s] + 1]++;
  for (let d = 0; d < P; d++) hostedStart[d + 1] += hostedStart[d];
  const hosted = new Int32Array(S);
  {
    const cur = hostedStart.slice(0, P);
    for (let s = S - 1; s >= 0; s--) hosted[cur[stageDevice[s]]++] = s;
  }
  const fCost = new Float64Array(S);
  const bCost = new Float64Array(S);
  const wCost = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    const d = stageDevice[s];
    fCost[s] = c.forward[d] * share;
    bCost[s] = c.backwardInput[d] * share;
    wCost[s] = c.backwardWeight[d] * share;
  }
  // transfer time between neighbouring stages s and s + 1 (either way): 0 on one device, else p2p
  // (a table, not a function: V8 inlines the closures below only while they call little else)
  const hop = new Float64Array(S);
  for (let s = 0; s + 1 < S; s++) hop[s] = stageDevice[s] === stageDevice[s + 1] ? 0 : p2p;

  const endF = new Float64Array(S * m).fill(-1);
  const endB = new Float64Array(S * m).fill(-1);
  const nextF = new Int32Array(S);
  const nextB = new Int32Array(S);
  const inflight = new Int32Array(P);
  const free = new Float64Array(P);
  const remaining = new Int32Array(P);
  // pending W per device: FIFO ring of (stage, microbatch)
  const wStage = new Int32Array(S * m);
  const wMb = new Int32Array(S * m);
  const wHead = new Int32Array(P);
  const wTail = new Int32Array(P);
  const wBase = new Int32Array(P);
  for (let d = 0; d < P; d++) {
    const stagesHere = hostedStart[d + 1] - hostedStart[d];
    remaining[d] = 3 * m * stagesHere;
    wBase[d] = hostedStart[d] * m;
    wHead[d] = wBase[d];
    wTail[d] = wBase[d];
  }
  const chunk0 = new Int32Array(P).fill(-1);
  const chunk1 = new Int32Array(P).fill(-1);
  for (let s = 0; s < S; s++) {
    if (stageChunk[s] === 0) chunk0[stageDevice[s]] = s;
    else chunk1[stageDevice[s]] = s;
  }

  const b = new ScheduleBuilder(shape, 3 * S * m);
  const heap = new DeviceHeap(P);
  for (let d = 0; d < P; d++) if (remaining[d] > 0) heap.set(d, 0);

  /** Arrival time of the input of F(s, next), or -1 if its producer has not been placed. */
  const fArrival = (s: number): number => {
    const mb = nextF[s];
    if (s === 0) return 0;
    const e = endF[(s - 1) * m + mb];
    return e < 0 ? -1 : e + hop[s - 1];
  };
  const bArrival = (s: number): number => {
    const mb = nextB[s];
    if (s === S - 1) return endF[s * m + mb];
    const e = endB[(s + 1) * m + mb];
    return e < 0 ? -1 : e + hop[s];
  };
  const fAllowed = (d: number, s: number): boolean => {
    if (nextF[s] >= m || inflight[d] >= opt.cap[d]) return false;
    if (opt.lead !== null && stageChunk[s] === 0 && chunk1[d] >= 0) {
      if (nextF[s] - nextF[chunk1[d]] >= opt.lead[d]) return false;
    }
    return true;
  };
  const held = (d: number) => inflight[d] + wTail[d] - wHead[d];
  /** Lower bound on when the producer of a not-yet-placed input can deliver it. */
  const producerBound = (producerStage: number, consumerStage: number, cost: number, now: number) => {
    const e = stageDevice[producerStage];
    return Math.max(free[e], now) + cost + hop[Math.min(producerStage, consumerStage)];
  };

  const placeW = (d: number) => {
    const at = wHead[d]++;
    const s = wStage[at];
    b.push(d, OpKind.W, wMb[at], stageChunk[s], s);
    free[d] += wCost[s];
    remaining[d]--;
  };
  /** Tells the device consuming a just-placed F/B when its input arrives. */
  const notify = (consumerStage: number, arrival: number, isForward: boolean, mb: number) => {
    if (consumerStage < 0 || consumerStage >= S) return;
    if ((isForward ? nextF[consumerStage] : nextB[consumerStage]) !== mb) return;
    const e = stageDevice[consumerStage];
    if (remaining[e] === 0) return;
    if (!heap.has(e) || heap.key[e] > arrival) heap.set(e, Math.max(arrival, free[e]));
  };

  while (heap.size > 0) {
    const d = heap.pop();
    if (remaining[d] === 0) continue;
    const now = Math.max(heap.key[d], free[d]);
    const h0 = hostedStart[d];
    const h1 = hostedStart[d + 1];

    // candidates ready by `now`, and the earliest known future arrival
    let readyB = -1;
    let readyBArrival = 0;
    let readyF = -1;
    let readyFArrival = 0;
    let heldBlocked = false;
    let nextKnown = Number.POSITIVE_INFINITY;
    let lowerBound = Number.POSITIVE_INFINITY;
    let hasWork = false;
    for (let h = h0; h < h1; h++) {
      const s = hosted[h];
      if (nextB[s] < nextF[s]) {
        hasWork = true;
        const a = bArrival(s);
        if (a >= 0 && a <= now) {
          if (readyB < 0 || nextB[s] < nextB[readyB]) {
            readyB = s;
            readyBArrival = a;
          }
        } else if (a >= 0) {
          if (a < nextKnown) nextKnown = a;
          if (a < lowerBound) lowerBound = a;
        } else {
          const lb = producerBound(s + 1, s, bCost[s + 1], now);
          if (lb < lowerBound) lowerBound = lb;
        }
      }
      if (nextF[s] < m) hasWork = true;
      if (fAllowed(d, s)) {
        const a = fArrival(s);
        if (a >= 0 && a <= now) {
          if (held(d) >= opt.heldCap) heldBlocked = true;
          else if (readyF < 0) {
            readyF = s;
            readyFArrival = a;
          }
        } else if (a >= 0) {
          if (a < nextKnown) nextKnown = a;
          if (a < lowerBound) lowerBound = a;
        } else {
          const lb = producerBound(s - 1, s, fCost[s - 1], now);
          if (lb < lowerBound) lowerBound = lb;
        }
      }
    }
    const pendingW = wTail[d] - wHead[d];

    if (readyB >= 0 || readyF >= 0) {
      const s = readyB >= 0 ? readyB : readyF;
      const arrival = readyB >= 0 ? readyBArrival : readyFArrival;
      // a W that fits entirely in the idle time before this input arrived
      if (pendingW > 0 && free[d] + wCost[wStage[wHead[d]]] <= arrival) {
        placeW(d);
        heap.set(d, now);
        continue;
      }
      const start = Math.max(free[d], arrival);
      if (readyB >= 0) {
        const mb = nextB[s]++;
        const end = start + bCost[s];
        endB[s * m + mb] = end;
        b.push(d, OpKind.B, mb, stageChunk[s], s);
        inflight[d]--;
        wStage[wTail[d]] = s;
        wMb[wTail[d]++] = mb;
        free[d] = end;
        remaining[d]--;
        if (s > 0) notify(s - 1, end + hop[s - 1], false, mb);
      } else {
        const mb = nextF[s]++;
        const end = start + fCost[s];
        endF[s * m + mb] = end;
        b.push(d, OpKind.F, mb, stageChunk[s], s);
        inflight[d]++;
        free[d] = end;
        remaining[d]--;
        if (s + 1 < S) notify(s + 1, end + hop[s], true, mb);
      }
      if (remaining[d] > 0) heap.set(d, free[d]);
      continue;
    }

    if (pendingW > 0) {
      if (heldBlocked) {
        placeW(d);
        heap.set(d, free[d]);
        continue;
      }
      const fits = free[d] + wCost[wStage[wHead[d]]] <= lowerBound;
      if (!hasWork || opt.wPolicy === 'eager' || fits) {
        placeW(d);
        if (remaining[d] > 0) heap.set(d, free[d]);
        continue;
      }
    }
    // wait for the next known arrival; a producer placed later wakes this device (notify)
    if (Number.isFinite(nextKnown)) heap.set(d, nextKnown);
  }

  let makespan = 0;
  for (let d = 0; d < P; d++) {
    if (remaining[d] > 0) return null;
    if (free[d] > makespan) makespan = free[d];
  }
  return { schedule: b.build(), makespan };
}
