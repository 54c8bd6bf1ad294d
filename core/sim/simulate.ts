import { pairOrderErrors } from '../model/costs';
import { NO_PAIR, OpKind, type OpKindName, opKindName } from '../model/ops';
import type { Schedule } from '../model/schedule';
import type { Ms } from '../model/units';
import { buildPartPlans, type Plan } from './parts-plan';
import { costTable, simulatePlain, trimmed } from './simulate-plain';
import type { SimInput } from './sim-input';
import { PART_NAMES, Stream, type Timeline } from './timeline';

export type { SimInput } from './sim-input';

export interface DeadlockWait {
  device: number;
  /** Index of the waiting op in the schedule. */
  op: number;
  kind: OpKindName;
  microbatch: number;
  stage: number;
  /** What it waits for, in words ("F of micro-batch 3 on stage 1 (device 1), which never runs"). */
  needs: string;
}

/** A custom order that cannot run to completion: the ops stuck waiting, and ops that are missing or doubled. */
export interface Deadlock {
  message: string;
  waiting: DeadlockWait[];
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

function describeSlot(kind: number, mb: number, stage: number): string {
  const what = kind === SLOT_F ? 'F' : kind === SLOT_W ? 'W' : 'B/BW';
  return `${what} of micro-batch ${mb} on stage ${stage}`;
}

/**
 * Scratch memory of the last run, reused by the next: the per-op records and the cell index are
 * rewritten before they are read, and reusing them saves the page faults of fresh memory (about
 * a fifth of a million-op run). simulate() never calls out while it uses them, so runs cannot
 * overlap. Holds 16 bytes per op and 4 per slot of the largest schedule simulated so far.
 */
let scratch = { record: new ArrayBuffer(0), index: new Int32Array(0) };

/** Scratch for n ops and `slots` index slots; the index comes filled with -1 (no op). */
function scratchFor(n: number, slots: number): { record: ArrayBuffer; index: Int32Array } {
  if (scratch.record.byteLength < n * 16 || scratch.index.length < slots) {
    scratch = {
      record: scratch.record.byteLength < n * 16 ? new ArrayBuffer(n * 16) : scratch.record,
      index: scratch.index.length < slots ? new Int32Array(slots) : scratch.index,
    };
  }
  return { record: scratch.record, index: scratch.index.subarray(0, slots).fill(-1) };
}

/**
 * Simulates a schedule. Each device runs its ops in the schedule's order; an op starts when its
 * stream is free and its input has arrived (see docs/simulator-and-metrics.md). O(ops), no event
 * queue: every stream's order is fixed, so the only question is when each op's inputs are ready.
 * Plain timelines (no parts, P2P off the comm stream) take simulatePlain(); everything else, and
 * every order it declines, the general walk below, which also says what is wrong.
 */
export function simulate(schedule: Schedule, input: SimInput): SimResult {
  if (!input.parts && input.p2pOccupiesComm !== true) {
    const timeline = simulatePlain(schedule, input);
    if (timeline) return { ok: true, timeline };
  }
  return simulateGeneral(schedule, input);
}

/**
 * The general walk: any order, parts, transfers on the comm stream, and the description of what is
 * wrong with an order that cannot run. Each device advances a cursor through its order until it
 * meets an op whose input is not done, records what it waits for, and is woken when that op
 * completes (its producer pushes the input to it).
 */
export function simulateGeneral(schedule: Schedule, input: SimInput): SimResult {
  const orderErrors = input.parts?.pairOrder ? pairOrderErrors(input.parts.pairOrder) : [];
  if (orderErrors.length > 0)
    return {
      ok: false,
      error: {
        message: `parts.pairOrder cannot be used: ${orderErrors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
        waiting: [],
      },
    };
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
  const { record, index } = scratchFor(n, m * S * 3);
  const inputAt = new Float64Array(record);
  const meta = new Int32Array(record);
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
  // Op costs by (device, kind): no per-op column.
  const share = schedule.chunkShare;
  const cost = costTable(schedule, input);

  // ---- dependency-driven run ----------------------------------------------------------------
  const p2p = input.p2p;
  const occupiesComm = input.p2pOccupiesComm === true;
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const waitedFor = new Int32Array(n).fill(-1);
  const tFrom = new Int32Array(n);
  const tTo = new Int32Array(n);
  const tStart = new Float64Array(n);
  const tEnd = new Float64Array(n);
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
  const plans = input.parts ? buildPartPlans(input.parts, share, input.smSplit) : null;
  let partCap = 0;
  if (plans) {
    for (let i = 0; i < n; i++) partCap += plans.single[kind[i]].len + (occupiesComm ? 1 : 0);
  }
  const pOp = new Int32Array(partCap);
  const pPart = new Uint8Array(partCap);
  const pStream = new Uint8Array(partCap);
  const pStart = new Float64Array(partCap);
  const pEnd = new Float64Array(partCap);
  let partCount = 0;
  const entryEnd = new Float64Array(32);
  const P2P_PART = PART_NAMES.indexOf('p2p');

  /**
   * Places a plan's parts for the unit (opA[, opB]) issued at `issue` on device d: every part
   * starts once its stream is free, its dependency in its chunk has ended, and the unit is issued.
   * Parts go from position `at` on; returns the next free position. The two ops' start and end
   * are kept in locals while the parts are placed and written once.
   */
  const runPlan = (d: number, plan: Plan, opA: number, opB: number, issue: Ms, at: number): number => {
    const { len, dep, dur, stream, role, part } = plan;
    let startA = -1;
    let startB = -1;
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
      const onComm = stream[k] === Stream.COMM;
      const free = onComm ? commFree[d] : computeFree[d];
      if (free > t) t = free;
      const e = t + took;
      entryEnd[k] = e;
      if (onComm) commFree[d] = e;
      else computeFree[d] = e;
      if (role[k] === 0) {
        if (startA < 0) startA = t;
        if (e > endA) endA = e;
        pOp[at] = opA;
      } else {
        if (startB < 0) startB = t;
        if (e > endB) endB = e;
        pOp[at] = opB;
      }
      pPart[at] = part[k];
      pStream[at] = stream[k];
      pStart[at] = t;
      pEnd[at] = e;
      at++;
    }
    start[opA] = startA < 0 ? issue : startA;
    end[opA] = endA;
    if (opB >= 0) {
      start[opB] = startB < 0 ? issue : startB;
      end[opB] = endB;
    }
    return at;
  };
  /** Pair plans by (first kind, second kind), fetched once per kind pair instead of once per unit. */
  const pairPlans: (Plan | null | undefined)[] = new Array(16).fill(undefined);
  const pairPlanOf = (first: number, second: number): Plan | null => {
    if (!plans) return null;
    if (first > OpKind.BW || second > OpKind.BW) return plans.pair(first, second);
    const key = first * 4 + second;
    let plan = pairPlans[key];
    if (plan === undefined) {
      plan = plans.pair(first, second);
      pairPlans[key] = plan;
    }
    return plan;
  };

  while (workTop > 0) {
    const d = work[--workTop];
    queued[d] = 0;
    const last = deviceStart[d + 1];
    let i = cursor[d];
    while (i < last) {
      const r1 = inputAt[2 * i];
      if (r1 < 0) {
        waitingOn[d] = i;
        break;
      }
      const j = i + 1;
      // Two consecutive ops with one pair number form an overlapped unit, unless the second
      // needs the first (then they cannot overlap and run as two units) or the parts give no plan.
      let overlapped = (meta[4 * i + 3] & 1) === 1 && depOf(j) !== i;
      const pairPlan = overlapped && plans ? pairPlanOf(kind[i], kind[j]) : null;
      if (plans && pairPlan === null) overlapped = false;
      if (!overlapped) {
        if (plans) {
          partCount = runPlan(d, plans.single[kind[i]], i, -1, r1, partCount);
          if (start[i] === r1 && r1 > 0) waitedFor[i] = depOf(i);
        } else {
          let t = computeFree[d];
          if (r1 > t) {
            t = r1;
            waitedFor[i] = depOf(i);
          }
          start[i] = t;
          const e = t + cost[d * 4 + (meta[4 * i + 2] & 3)];
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
        if (plans) {
          const issue = r1 > r2 ? r1 : r2;
          partCount = runPlan(d, pairPlan as Plan, i, j, issue, partCount);
          const first = Math.min(start[i], start[j]);
          if (first === issue && issue > 0) {
            if (r1 >= r2) waitedFor[i] = depOf(i);
            else waitedFor[j] = depOf(j);
          }
        } else {
          // without parts the pair runs back to back
          let t = computeFree[d];
          if (r1 > t) {
            t = r1;
            waitedFor[i] = depOf(i);
          }
          if (r2 > t) {
            t = r2;
            waitedFor[i] = -1;
            waitedFor[j] = depOf(j);
          }
          start[i] = t;
          end[i] = t + cost[d * 4 + (meta[4 * i + 2] & 3)];
          start[j] = end[i];
          end[j] = end[i] + cost[d * 4 + (meta[4 * j + 2] & 3)];
          computeFree[d] = end[j];
        }
        i = j + 1;
      }
      // Complete the unit's ops (i is past them): hand each consumer its input, transfer first
      // when the consumer is on another stage and device, and wake its device if stopped there.
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
          if (hop === 0 && cd !== d) {
            let t0 = e;
            if (occupiesComm) {
              if (commFree[d] > t0) t0 = commFree[d];
              commFree[d] = t0 + p2p;
              if (plans && p2p > 0) {
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
    });
  }
  if (waiting.length > 0 || problems.length > 0) {
    const parts: string[] = [];
    if (waiting.length > 0)
      parts.push(
        `deadlock: ${waiting.length} device(s) wait forever: ${waiting
          .slice(0, 4)
          .map(
            (w) =>
              `device ${w.device} at ${w.kind} of micro-batch ${w.microbatch} on stage ${w.stage} needs ${w.needs}`,
          )
          .join('; ')}${waiting.length > 4 ? '; ...' : ''}`,
      );
    if (problems.length > 0)
      parts.push(
        `the order is incomplete: ${problems.slice(0, 4).join('; ')}${problems.length > 4 ? '; ...' : ''}`,
      );
    return {
      ok: false,
      error: { message: parts.join('. '), waiting, ...(problems.length > 0 ? { missing: problems } : {}) },
    };
  }

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
            op: trimmed(pOp, partCount),
            part: trimmed(pPart, partCount),
            stream: trimmed(pStream, partCount),
            start: trimmed(pStart, partCount),
            end: trimmed(pEnd, partCount),
          }
        : null,
      transfers: {
        count: transfers,
        fromOp: trimmed(tFrom, transfers),
        toOp: trimmed(tTo, transfers),
        start: trimmed(tStart, transfers),
        end: trimmed(tEnd, transfers),
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
    const plans = buildPartPlans(input.parts, share, input.smSplit);
    let isolated: { pair: Ms; alone: Ms } | null = null;
    for (let i = 0; i + 1 < schedule.count && isolated === null; i++) {
      if (pair[i] === NO_PAIR || pair[i + 1] !== pair[i]) continue;
      const t = plans.pairAlone(kind[i], kind[i + 1]);
      if (t !== null) isolated = { pair: t, alone: plans.alone(kind[i]) + plans.alone(kind[i + 1]) };
    }
    return { aloneDuration: (op) => plans.alone(kind[op]), isolated };
  }
  const opDevice = new Int32Array(schedule.count);
  for (let d = 0; d < schedule.devices; d++)
    opDevice.fill(d, schedule.deviceStart[d], schedule.deviceStart[d + 1]);
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
