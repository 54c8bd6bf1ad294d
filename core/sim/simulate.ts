import { pairOrderErrors } from '../model/costs';
import { NO_PAIR, OpKind, opKindName } from '../model/ops';
import type { StageCosts } from '../model/config';
import { opDevices, type Schedule } from '../model/schedule';
import type { Ms } from '../model/units';
import { buildDevicePlans, type Plan } from './parts-plan';
import type { SimInput } from './sim-input';
import { type DeadlockWait, describeCycle, describeOthers, waitCycle } from './deadlock-cycle';
import { type SimOptions, scratchBuffer } from './sim-options';
import { costTable, simulatePlain, trimmed } from './simulate-plain';
import { PART_NAMES, Stream, type Timeline } from './timeline';

export type { DeadlockWait } from './deadlock-cycle';
export type { SimInput } from './sim-input';
export { SimScratch, type SimOptions, type WalkStats } from './sim-options';

/** A custom order that cannot run to completion: the ops stuck waiting, and ops that are missing or doubled. */
export interface Deadlock {
  message: string;
  waiting: DeadlockWait[];
  /**
   * The waits that close a cycle (each entry waits for an op the next one's device is stuck
   * before, the last for the first's), or the chain that ends at an op no device runs; empty
   * when nothing waits.
   */
  cycle?: DeadlockWait[];
  /** Ops the iteration needs that the order never runs (or runs twice), in words. */
  missing?: string[];
}

export type SimResult = { ok: true; timeline: Timeline } | { ok: false; error: Deadlock };

/** Slot of an op in the (microbatch, stage) dependency index: F, the input backward (B or BW), W. */
const SLOT_F = 0;
const SLOT_B = 1;
const SLOT_W = 2;

function slotOf(kind: number): number {
  return kind === OpKind.F ? SLOT_F : kind === OpKind.W ? SLOT_W : SLOT_B;
}

/**
 * PAIRABLE[a * 4 + b]: ops of kinds a and b can form an overlapped pair (one F, and one B or BW).
 * A table, not a function: the walk calls few functions so that V8 still inlines runPlan into it.
 */
const PAIRABLE = new Uint8Array(16);
const COMM = Stream.COMM;
for (const backward of [OpKind.B, OpKind.BW]) {
  PAIRABLE[OpKind.F * 4 + backward] = 1;
  PAIRABLE[backward * 4 + OpKind.F] = 1;
}

function describeSlot(kind: number, mb: number, stage: number): string {
  const what = kind === SLOT_F ? 'F' : kind === SLOT_W ? 'W' : 'B/BW';
  return `${what} of micro-batch ${mb} on stage ${stage}`;
}

/**
 * Simulates a schedule. Each device runs its ops in the schedule's order; an op starts when its
 * stream is free and its input has arrived (see docs/simulator-and-metrics.md). O(ops), no event
 * queue: every stream's order is fixed, so the only question is when each op's inputs are ready.
 * Plain timelines (no parts, P2P off the comm stream) take simulatePlain(); everything else, and
 * every order it declines, the general walk below, which also says what is wrong.
 */
export function simulate(schedule: Schedule, input: SimInput, options?: SimOptions): SimResult {
  if (!input.parts && input.p2pOccupiesComm !== true) {
    const timeline = simulatePlain(schedule, input, options);
    if (timeline) return { ok: true, timeline };
  }
  return simulateGeneral(schedule, input, options);
}

/**
 * The general walk: any order, parts, transfers on the comm stream, and the description of what is
 * wrong with an order that cannot run. Each device advances a cursor through its order until it
 * meets an op whose input is not done, records what it waits for, and is woken when that op
 * completes (its producer pushes the input to it).
 */
export function simulateGeneral(schedule: Schedule, input: SimInput, options?: SimOptions): SimResult {
  if (options?.stats) {
    options.stats.walk = 'general';
    options.stats.sweeps = 0;
    options.stats.wakeLists = false;
  }
  const orderErrors = input.parts?.pairOrder ? pairOrderErrors(input.parts.pairOrder) : [];
  if (orderErrors.length > 0)
    return {
      ok: false,
      error: {
        message: `parts.pairOrder cannot be used: ${orderErrors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
        waiting: [],
      },
    };
  return generalWalk(schedule, input, options);
}

/**
 * simulateGeneral's walk, after its checks of the input. (Apart from them because optimised code of
 * a function is compiled for the branches it has seen run: with a part order checked up here, the
 * walk's code, compiled while no configuration had one, was abandoned at every call that had one.)
 */
function generalWalk(schedule: Schedule, input: SimInput, options?: SimOptions): SimResult {
  const { devices: P, microbatches: m, stages: S, count: n } = schedule;
  const { deviceStart, kind, microbatch, stage, pair } = schedule;

  // ---- per-op record; index ops by (micro-batch, stage, slot); validate the order ----------
  // The run visits each device's ops in order, but 2P cursors walk the columns at once (every
  // device's own ops and its consumers'), so each separate per-op column costs a cache line and a
  // TLB entry per cursor. The hot per-op fields therefore share one 16-byte record, read as
  // float64 and int32 views of one buffer:
  //   f64 [2i]     inputAt: when op i's input is available on its own device (its producer's end,
  //                plus the transfer when the producer ran elsewhere); -1 until the producer
  //                completes. The producer writes it, so a device reads only its own records.
  //   i32 [4i + 2] what: cell * 4 + kind, where cell = stage * m + micro-batch; -1 when the op is
  //                outside the iteration
  //   i32 [4i + 3] device * 2 + 1 when op i and i + 1 carry one pair number (maybe an overlapped unit)
  // Producers and consumers are found through `index` when needed instead of being stored per
  // op: index[cell * 3 + slot] is the op that runs slot (F, B/BW, W) of that cell, or -1. It is
  // stage-major, so a device walking its micro-batches reads neighbouring entries.
  // (the caller's scratch when given: every record is written below before it is read, and the
  // index is filled with -1, no op, here)
  const slots = m * S * 3;
  const record = scratchBuffer(options, n * 16 + slots * 4);
  const inputAt = new Float64Array(record, 0, 2 * n);
  const meta = new Int32Array(record, 0, 4 * n);
  const index = new Int32Array(record, n * 16, slots).fill(-1);
  const problems: string[] = [];
  const lastStage = (S - 1) * m; // first cell of the last stage
  let forwards = 0;
  let backwards = 0; // B and BW: the B/BW slots filled
  let splitBackwards = 0; // B alone
  let weights = 0;
  for (let d = 0; d < P; d++) {
    const last = deviceStart[d + 1];
    for (let i = deviceStart[d]; i < last; i++) {
      const mb = microbatch[i];
      const s = stage[i];
      const k = kind[i];
      const p = pair[i];
      meta[4 * i + 3] = 2 * d + (p !== NO_PAIR && i + 1 < last && pair[i + 1] === p ? 1 : 0);
      inputAt[2 * i] = -1;
      if (mb < 0 || mb >= m || s < 0 || s >= S || k > OpKind.BW) {
        meta[4 * i + 2] = -1;
        problems.push(
          `op ${i} on device ${d} (${opKindName(k) ?? k} of micro-batch ${mb} on stage ${s}) is outside micro-batches 0..${m - 1}, stages 0..${S - 1}`,
        );
        continue;
      }
      const cell = s * m + mb;
      meta[4 * i + 2] = cell * 4 + k;
      if (k === OpKind.F && s === 0) inputAt[2 * i] = 0; // the micro-batch enters here: no wait
      const key = cell * 3 + slotOf(k);
      const j = index[key];
      if (j !== -1) {
        problems.push(
          `${opKindName(k)} of micro-batch ${mb} on stage ${s} runs twice (device ${meta[4 * j + 3] >> 1} and device ${d})`,
        );
        continue;
      }
      index[key] = i;
      if (k === OpKind.F) {
        forwards++;
      } else if (k === OpKind.W) weights++;
      else {
        backwards++;
        if (k === OpKind.B) splitBackwards++;
      }
    }
  }
  const deviceOf = (op: number) => meta[4 * op + 3] >> 1;
  /** The op whose result op i needs: -2 when none (F on stage 0), -1 when the order never runs it. */
  const depOf = (i: number): number => {
    const what = meta[4 * i + 2];
    if (what < 0) return -1;
    const cell = what >> 2;
    const k = what & 3;
    if (k === OpKind.F) return cell < m ? -2 : index[(cell - m) * 3 + SLOT_F];
    if (k === OpKind.W) return index[cell * 3 + SLOT_B];
    return cell >= lastStage ? index[cell * 3 + SLOT_F] : index[(cell + m) * 3 + SLOT_B];
  };
  // Op costs by (device, kind): no per-op column; by (stage, kind) when the input has stage costs.
  const share = schedule.chunkShare;
  const cost = costTable(schedule, input);
  const stageCost = input.stageCosts ? stageCostTable(input.stageCosts, S) : null;
  /** Cost of op i (of kind k) on device d. */
  const opCost = (i: number, d: number, k: number) =>
    stageCost === null ? cost[d * 4 + k] : stageCost[stage[i] * 4 + k];

  // ---- dependency-driven run ----------------------------------------------------------------
  const p2p = input.p2p;
  const occupiesComm = input.p2pOccupiesComm === true;
  // the timeline's columns: fresh, or the caller's scratch (SimOptions.reuseOutput); every element
  // the timeline holds is written below (waitedFor here), and the part and transfer columns are cut
  // to their counts
  const lent = options?.reuseOutput === true && options.scratch ? options.scratch : null;
  const column = <T extends Float64Array | Int32Array | Uint8Array>(
    slot: number,
    make: new (length: number) => T,
    length: number,
  ): T => (lent ? lent.column(slot, make, length) : new make(length));
  const start = column(0, Float64Array, n);
  const end = column(1, Float64Array, n);
  const waitedFor = column(2, Int32Array, n).fill(-1);
  const tFrom = column(3, Int32Array, n);
  const tTo = column(4, Int32Array, n);
  const tStart = column(5, Float64Array, n);
  const tEnd = column(6, Float64Array, n);
  let transfers = 0;
  /** Set when a split backward B completes and the order has no W for it. */
  let weightMissing = false;

  const cursor = deviceStart.slice(0, P);
  const computeFree = new Float64Array(P);
  const commFree = new Float64Array(P);
  /** The op a device is stopped at because its input has not arrived, or -1. */
  const waitingOn = new Int32Array(P).fill(-1);
  const queued = new Uint8Array(P);
  const work = new Int32Array(P);
  let workTop = 0;
  for (let d = P - 1; d >= 0; d--) {
    work[workTop++] = d;
    queued[d] = 1;
  }
  let makespan = 0;

  // ---- parts: each unit's parts placed on the device's compute and comm streams ------------
  // (plans per device: a device runs its own parts; one shared set when no part varies by device)
  const plans = input.parts ? buildDevicePlans(input.parts, P, share, input.smSplit) : null;
  let partCap = 0;
  if (plans) {
    for (let d = 0; d < P; d++) {
      const single = plans[d].single;
      for (let i = deviceStart[d]; i < deviceStart[d + 1]; i++)
        partCap += single[kind[i]].len + (occupiesComm ? 1 : 0);
    }
  }
  const pOp = column(7, Int32Array, partCap);
  const pPart = column(8, Uint8Array, partCap);
  const pStream = column(9, Uint8Array, partCap);
  const pStart = column(10, Float64Array, partCap);
  const pEnd = column(11, Float64Array, partCap);
  let partCount = 0;
  const entryEnd = new Float64Array(32);
  const P2P_PART = PART_NAMES.indexOf('p2p');

  /**
   * Places a plan's parts for the unit (opA[, opB]) issued at `issue` on device d: every part
   * starts once its stream is free, its dependency in its chunk has ended, and the unit is issued.
   * Parts go from position `at` on; returns the next free position. An op starts with its
   * earliest part and ends with its latest (at `issue` when no part takes time). The two ops'
   * start and end are kept in locals while the parts are placed and written once. (V8 inlines a
   * function of at most 460 bytes of bytecode; this one has 455, and placing parts costs about a
   * third more when it is not inlined: check with `node --trace-turbo-inlining` after a change.)
   */
  const runPlan = (d: number, plan: Plan, opA: number, opB: number, issue: Ms, at: number): number => {
    const { len, dep, dur, stream, role, part } = plan;
    let startA = Number.POSITIVE_INFINITY; // the earliest part so far
    let startB = startA;
    let endA = issue;
    let endB = issue;
    for (let k = 0; k < len; k++) {
      const before = dep[k];
      let t = before >= 0 ? entryEnd[before] : issue;
      const took = dur[k];
      if (took === 0) {
        entryEnd[k] = t; // an empty part is absent: it neither occupies nor delays its stream
        continue;
      }
      const onStream = stream[k];
      const onComm = onStream === COMM;
      const free = onComm ? commFree[d] : computeFree[d];
      if (free > t) t = free;
      const e = t + took;
      entryEnd[k] = e;
      if (onComm) commFree[d] = e;
      else computeFree[d] = e;
      if (role[k] === 0) {
        if (t < startA) startA = t;
        if (e > endA) endA = e;
        pOp[at] = opA;
      } else {
        if (t < startB) startB = t;
        if (e > endB) endB = e;
        pOp[at] = opB;
      }
      pPart[at] = part[k];
      pStream[at] = onStream;
      pStart[at] = t;
      pEnd[at] = e;
      at++;
    }
    start[opA] = startA > endA ? issue : startA; // (a part's start is at most the op's end)
    end[opA] = endA;
    if (opB >= 0) {
      start[opB] = startB > endB ? issue : startB;
      end[opB] = endB;
    }
    return at;
  };
  /**
   * Pair plans by (device, first kind, second kind), fetched once per device and kind pair instead
   * of once per unit.
   */
  const pairPlans: (Plan | null | undefined)[] = new Array(plans ? 16 * P : 0).fill(undefined);
  const pairPlanOf = (d: number, first: number, second: number): Plan | null => {
    if (!plans) return null;
    if (first > OpKind.BW || second > OpKind.BW) return plans[d].pair(first, second);
    const key = d * 16 + first * 4 + second;
    let plan = pairPlans[key];
    if (plan === undefined) {
      plan = plans[d].pair(first, second);
      pairPlans[key] = plan;
    }
    return plan;
  };

  while (workTop > 0) {
    const d = work[--workTop];
    queued[d] = 0;
    const last = deviceStart[d + 1];
    const single = plans === null ? null : plans[d].single;
    let i = cursor[d];
    while (i < last) {
      const r1 = inputAt[2 * i];
      if (r1 < 0) {
        waitingOn[d] = i;
        break;
      }
      const j = i + 1;
      // An F and a B or BW next to each other with one pair number form an overlapped unit,
      // unless the second needs the first (then they cannot overlap and run as two units).
      const overlapped =
        (meta[4 * i + 3] & 1) === 1 && PAIRABLE[kind[i] * 4 + kind[j]] === 1 && depOf(j) !== i;
      const plan = single === null ? null : overlapped ? pairPlanOf(d, kind[i], kind[j]) : single[kind[i]];
      // With parts: when the unit would have started had its input been there at 0, the earliest
      // time a stream its first parts need was free (0 when no part takes time; Plan.firstStreams).
      // It waited for its input exactly when the input came later. (Written out here, not called:
      // V8 inlines runPlan into this loop only while the loop calls little else.)
      let ready = 0;
      if (plan !== null) {
        const first = plan.firstStreams;
        if (first === 1 << Stream.COMPUTE) ready = computeFree[d];
        else if (first === 1 << Stream.COMM) ready = commFree[d];
        else if (first !== 0) ready = Math.min(computeFree[d], commFree[d]);
      }
      // The op of the unit whose input came last, when that set the unit's start: its waitedFor is
      // written below, by one call for every kind of unit (a call written in each branch was, in
      // optimised code compiled before a branch had run, a deoptimisation each time it ran).
      let waiter = -1;
      if (!overlapped) {
        if (plan !== null) {
          partCount = runPlan(d, plan, i, -1, r1, partCount);
          if (r1 > ready) waiter = i;
        } else {
          let t = computeFree[d];
          if (r1 > t) {
            t = r1;
            waiter = i;
          }
          start[i] = t;
          const e = t + opCost(i, d, meta[4 * i + 2] & 3);
          end[i] = e;
          computeFree[d] = e;
        }
        i = j;
      } else {
        // an overlapped pair is issued once both inputs are ready
        const r2 = inputAt[2 * j];
        if (r2 < 0) {
          waitingOn[d] = j;
          break;
        }
        if (plan !== null) {
          const issue = r1 > r2 ? r1 : r2;
          partCount = runPlan(d, plan, i, j, issue, partCount);
          // the input that came last (the first op's on a tie) is what the pair waited for
          if (issue > ready) waiter = r1 >= r2 ? i : j;
        } else {
          // without parts the pair runs back to back
          let t = computeFree[d];
          if (r1 > t) {
            t = r1;
            waiter = i;
          }
          if (r2 > t) {
            t = r2;
            waiter = j;
          }
          start[i] = t;
          end[i] = t + opCost(i, d, meta[4 * i + 2] & 3);
          start[j] = end[i];
          end[j] = end[i] + opCost(j, d, meta[4 * j + 2] & 3);
          computeFree[d] = end[j];
        }
        i = j + 1;
      }
      if (waiter >= 0) waitedFor[waiter] = depOf(waiter);
      // Complete the unit's ops (i is past them): hand each consumer its input, by a transfer when
      // the consumer is on another device, and wake its device if stopped there. A transfer on the
      // comm stream queues there unless it takes no time (then, like an empty part, it is absent).
      // (Every consumer has one producer, so there are at most n transfers.)
      for (let c = i - (overlapped ? 2 : 1); c < i; c++) {
        const e = end[c];
        if (e > makespan) makespan = e;
        const what = meta[4 * c + 2];
        const cell = what >> 2;
        const k = what & 3;
        let remote = -1; // consumer on the next stage along the micro-batch's path
        let local = -1; // consumer on the same stage
        if (k === OpKind.F) {
          if (cell < lastStage) remote = index[(cell + m) * 3 + SLOT_F];
          else local = index[cell * 3 + SLOT_B];
        } else if (k !== OpKind.W) {
          if (cell >= m) remote = index[(cell - m) * 3 + SLOT_B];
          if (k === OpKind.B) {
            local = index[cell * 3 + SLOT_W];
            if (local === -1) weightMissing = true;
          }
        }
        for (let consumer = remote, hop = 0; hop < 2; consumer = local, hop++) {
          if (consumer < 0) continue;
          const cd = meta[4 * consumer + 3] >> 1;
          let at = e;
          if (cd !== d) {
            let t0 = e;
            if (occupiesComm && p2p > 0) {
              if (commFree[d] > t0) t0 = commFree[d];
              commFree[d] = t0 + p2p;
              if (plans) {
                pOp[partCount] = c;
                pPart[partCount] = P2P_PART;
                pStream[partCount] = Stream.COMM;
                pStart[partCount] = t0;
                pEnd[partCount] = t0 + p2p;
                partCount++;
              }
            }
            tFrom[transfers] = c;
            tTo[transfers] = consumer;
            tStart[transfers] = t0;
            tEnd[transfers] = t0 + p2p;
            transfers++;
            at = t0 + p2p;
          }
          inputAt[2 * consumer] = at;
          if (waitingOn[cd] === consumer && queued[cd] === 0) {
            waitingOn[cd] = -1;
            queued[cd] = 1;
            work[workTop++] = cd;
          }
        }
      }
    }
    cursor[d] = i;
  }

  // ---- the order must be complete --------------------------------------------------------------
  // It is when every cell has its F and its B/BW, and has a W exactly when its backward is a
  // split B: the counts plus "every B found its W" (checked as each B completed) say so once the
  // run finished. Otherwise this scan (run only to describe what is wrong) lists the gaps.
  const complete = forwards === m * S && backwards === m * S && weights === splitBackwards && !weightMissing;
  let stuck = false;
  for (let d = 0; d < P && !stuck; d++) stuck = cursor[d] < deviceStart[d + 1];
  if (stuck || !complete || problems.length > 0) {
    for (let s = 0; s < S && problems.length < 20; s++) {
      for (let mb = 0; mb < m; mb++) {
        const base = (s * m + mb) * 3;
        const f = index[base + SLOT_F];
        const b = index[base + SLOT_B];
        const w = index[base + SLOT_W];
        if (f === -1) problems.push(`${describeSlot(SLOT_F, mb, s)} never runs`);
        if (b === -1) problems.push(`${describeSlot(SLOT_B, mb, s)} never runs`);
        else if (kind[b] === OpKind.B && w === -1)
          problems.push(`W of micro-batch ${mb} on stage ${s} never runs (its B is split from W)`);
        else if (kind[b] === OpKind.BW && w !== -1)
          problems.push(`W of micro-batch ${mb} on stage ${s} runs twice (also inside its full backward BW)`);
        if (w !== -1 && b === -1) problems.push(`W of micro-batch ${mb} on stage ${s} has no B`);
      }
    }
  }
  // ---- every device must have run its whole order -------------------------------------------
  const waiting: DeadlockWait[] = [];
  for (let d = 0; d < P; d++) {
    const i = cursor[d];
    if (i >= deviceStart[d + 1]) continue;
    const op = waitingOn[d] >= 0 ? waitingOn[d] : i; // a pair's second op may be the one stuck
    const dep = depOf(op);
    waiting.push({
      device: d,
      op,
      kind: opKindName(kind[op]),
      microbatch: microbatch[op],
      stage: stage[op],
      needs: needsText(dep, op),
      waitsFor: dep >= 0 ? { op: dep, device: deviceOf(dep) } : null,
    });
  }
  const cycle = waitCycle(waiting);
  if (waiting.length > 0 || problems.length > 0) {
    const parts: string[] = [];
    if (waiting.length > 0)
      parts.push(`deadlock: ${describeCycle(cycle, schedule)}${describeOthers(waiting, cycle, schedule)}`);
    if (problems.length > 0)
      parts.push(
        `the order is incomplete: ${problems.slice(0, 4).join('; ')}${problems.length > 4 ? '; ...' : ''}`,
      );
    return {
      ok: false,
      error: {
        message: parts.join('. '),
        waiting,
        cycle,
        ...(problems.length > 0 ? { missing: problems } : {}),
      },
    };
  }

  /** A column cut to its count: a view of the scratch's, or trimmed (a view or a copy) of its own. */
  const cut = <T extends Int32Array | Uint8Array | Float64Array>(a: T, count: number): T =>
    lent ? (a.subarray(0, count) as T) : trimmed(a, count);
  return {
    ok: true,
    timeline: {
      schedule,
      start,
      end,
      waitedFor,
      makespan,
      parts: plans
        ? {
            count: partCount,
            op: cut(pOp, partCount),
            part: cut(pPart, partCount),
            stream: cut(pStream, partCount),
            start: cut(pStart, partCount),
            end: cut(pEnd, partCount),
          }
        : null,
      transfers: {
        count: transfers,
        fromOp: cut(tFrom, transfers),
        toOp: cut(tTo, transfers),
        start: cut(tStart, transfers),
        end: cut(tEnd, transfers),
      },
    },
  };

  function needsText(dep: number, op: number): string {
    const k = kind[op];
    const mb = microbatch[op];
    const s = stage[op];
    const wantStage = k === OpKind.F ? s - 1 : k === OpKind.W ? s : s === S - 1 ? s : s + 1;
    const wantKind = k === OpKind.F ? SLOT_F : k === OpKind.W ? SLOT_B : s === S - 1 ? SLOT_F : SLOT_B;
    const what = describeSlot(wantKind, mb, wantStage);
    if (dep < 0) return `${what}, which no device runs`;
    return `${what} (${opKindName(kind[dep])} on device ${deviceOf(dep)}, which has not run)`;
  }
}

/** Op costs by (stage, kind), table[stage * 4 + kind], from per-stage costs (BW = B + W). */
function stageCostTable(c: StageCosts, stages: number): Float64Array {
  const table = new Float64Array(stages * 4);
  for (let s = 0; s < stages; s++) {
    table[s * 4 + OpKind.F] = c.forward[s];
    table[s * 4 + OpKind.B] = c.backwardInput[s];
    table[s * 4 + OpKind.W] = c.backwardWeight[s];
    table[s * 4 + OpKind.BW] = c.backwardInput[s] + c.backwardWeight[s];
  }
  return table;
}

/**
 * How ops run alone, for the metrics' per-pair "time saved". Without parts an op alone takes its
 * cost (device cost x chunkShare) and a pair saves nothing (it runs back to back). With parts an
 * op alone runs its chunk's parts in dependency order on free streams; `isolated` is the schedule's
 * first overlapped pair run on free streams with both inputs ready, against its two chunks alone.
 */
export function pairModel(
  schedule: Schedule,
  input: SimInput,
): { aloneDuration(op: number): Ms; isolated: { pair: Ms; alone: Ms } | null } {
  const share = schedule.chunkShare;
  const { kind, pair } = schedule;
  if (input.parts) {
    const plans = buildDevicePlans(input.parts, schedule.devices, share, input.smSplit);
    const opDevice = opDevices(schedule);
    let isolated: { pair: Ms; alone: Ms } | null = null;
    for (let i = 0; i + 1 < schedule.count && isolated === null; i++) {
      if (pair[i] === NO_PAIR || pair[i + 1] !== pair[i]) continue;
      const own = plans[opDevice[i]];
      const t = own.pairAlone(kind[i], kind[i + 1]);
      if (t !== null) isolated = { pair: t, alone: own.alone(kind[i]) + own.alone(kind[i + 1]) };
    }
    return { aloneDuration: (op) => plans[opDevice[op]].alone(kind[op]), isolated };
  }
  const stageCost = input.stageCosts ? stageCostTable(input.stageCosts, schedule.stages) : null;
  if (stageCost)
    return { aloneDuration: (op) => stageCost[schedule.stage[op] * 4 + kind[op]], isolated: null };
  const opDevice = opDevices(schedule);
  const cost = (op: number) => {
    const d = opDevice[op];
    const k = kind[op];
    return (
      share *
      (k === OpKind.F
        ? input.forward[d]
        : k === OpKind.B
          ? input.backwardInput[d]
          : k === OpKind.W
            ? input.backwardWeight[d]
            : input.backwardInput[d] + input.backwardWeight[d])
    );
  };
  return { aloneDuration: cost, isolated: null };
}
