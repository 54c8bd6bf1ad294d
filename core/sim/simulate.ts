import { pairOrderErrors } from '../model/costs';
import { NO_PAIR, OpKind, type OpKindName, opKindName } from '../model/ops';
import type { ChunkParts } from '../model/scenario';
import type { Schedule } from '../model/schedule';
import type { Ms } from '../model/units';
import { buildPartPlans, type Plan } from './parts-plan';
import { PART_NAMES, Stream, type Timeline } from './timeline';

/** What the simulator needs besides the order. A ScheduleConfig is assignable to it. */
export interface SimInput {
  /** Per device, per micro-batch, whole device share (ms). */
  forward: Float64Array;
  backwardInput: Float64Array;
  backwardWeight: Float64Array;
  /** One activation/gradient transfer between consecutive stages on different devices. */
  p2p: Ms;
  /** Whether a transfer occupies the sending device's communication stream. */
  p2pOccupiesComm?: boolean;
  /** When set, every op is built from these parts (compute and communication streams). */
  parts?: ChunkParts | null;
  /** SMs reserved for communication; compute parts run slower by total / (total - reserved). */
  smSplit?: { total: number; reserved: number };
}

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

/** The first `count` elements: a view when little would be wasted, else a compact copy. */
function trimmed<T extends Int32Array | Uint8Array | Float64Array>(a: T, count: number): T {
  return (count === a.length ? a : count >= a.length * 0.75 ? a.subarray(0, count) : a.slice(0, count)) as T;
}

/**
 * Simulates a schedule. Each device runs its ops in the schedule's order; an op starts when its
 * stream is free and its input has arrived (see docs/simulator-and-metrics.md). Dependency-driven:
 * each device advances a cursor through its order until it meets an op whose input is not done,
 * records what it waits for, and is woken when that op completes. O(ops), no event queue: every
 * stream's order is fixed, so the only question is when each op's inputs are ready.
 */
export function simulate(schedule: Schedule, input: SimInput): SimResult {
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

  // ---- index ops by (microbatch, stage, slot); validate the order ---------------------------
  const opDevice = new Int32Array(n);
  for (let d = 0; d < P; d++) opDevice.fill(d, deviceStart[d], deviceStart[d + 1]);
  const index = new Int32Array(m * S * 3).fill(-1);
  const problems: string[] = [];
  for (let i = 0; i < n; i++) {
    const mb = microbatch[i];
    const s = stage[i];
    if (mb < 0 || mb >= m || s < 0 || s >= S || kind[i] > OpKind.BW) {
      problems.push(
        `op ${i} on device ${opDevice[i]} (${opKindName(kind[i]) ?? kind[i]} of micro-batch ${mb} on stage ${s}) is outside micro-batches 0..${m - 1}, stages 0..${S - 1}`,
      );
      continue;
    }
    const key = (s * m + mb) * 3 + slotOf(kind[i]);
    if (index[key] !== -1) {
      const j = index[key];
      problems.push(
        `${opKindName(kind[i])} of micro-batch ${mb} on stage ${s} runs twice (device ${opDevice[j]} and device ${opDevice[i]})`,
      );
    } else index[key] = i;
  }
  // Per op, looked up once: the op whose result it needs (-2 when none: F on stage 0; -1 when
  // the order never runs it), the op on another stage that consumes its result (its P2P target),
  // and the op on its own stage that does (-1 when none). The index is keyed stage-major so a
  // device walking its micro-batches reads neighbouring entries. The same pass checks that each
  // op's partners exist; the order is complete when they do and every (micro-batch, stage) has
  // its F, so the per-(micro-batch, stage) scan below runs only to describe what is wrong.
  const share = schedule.chunkShare;
  const duration = new Float64Array(n);
  const depOf = new Int32Array(n);
  const remoteOf = new Int32Array(n);
  const localOf = new Int32Array(n);
  let forwards = 0;
  let partnerMissing = false;
  for (let i = 0; i < n; i++) {
    const mb = microbatch[i];
    const s = stage[i];
    const k = kind[i];
    const d = opDevice[i];
    if (mb < 0 || mb >= m || s < 0 || s >= S || k > OpKind.BW) {
      depOf[i] = -1;
      remoteOf[i] = -1;
      localOf[i] = -1;
      continue;
    }
    const here = (s * m + mb) * 3;
    const up = ((s - 1) * m + mb) * 3;
    const down = ((s + 1) * m + mb) * 3;
    if (k === OpKind.F) {
      forwards++;
      duration[i] = share * input.forward[d];
      depOf[i] = s === 0 ? -2 : index[up + SLOT_F];
      remoteOf[i] = s === S - 1 ? -1 : index[down + SLOT_F];
      localOf[i] = s === S - 1 ? index[here + SLOT_B] : -1;
      if (index[here + SLOT_B] === -1) partnerMissing = true;
    } else if (k === OpKind.W) {
      duration[i] = share * input.backwardWeight[d];
      depOf[i] = index[here + SLOT_B];
      remoteOf[i] = -1;
      localOf[i] = -1;
      if (depOf[i] === -1 || kind[depOf[i]] !== OpKind.B) partnerMissing = true;
    } else {
      const w = index[here + SLOT_W];
      duration[i] =
        share * (k === OpKind.B ? input.backwardInput[d] : input.backwardInput[d] + input.backwardWeight[d]);
      depOf[i] = s === S - 1 ? index[here + SLOT_F] : index[down + SLOT_B];
      remoteOf[i] = s === 0 ? -1 : index[up + SLOT_B];
      localOf[i] = k === OpKind.B ? w : -1;
      if ((k === OpKind.B) === (w === -1) || index[here + SLOT_F] === -1) partnerMissing = true;
    }
  }
  if (partnerMissing || forwards !== m * S || problems.length > 0) {
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
  // ---- dependency-driven run ----------------------------------------------------------------
  const p2p = input.p2p;
  const occupiesComm = input.p2pOccupiesComm === true;
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const waitedFor = new Int32Array(n).fill(-1);
  /**
   * When op i's input is available on its own device (its producer's end, plus the transfer when
   * the producer ran elsewhere); -1 until the producer completes. The producer writes it, so each
   * device reads its own ops' entries in order instead of chasing its producers' columns.
   */
  const inputAt = new Float64Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (depOf[i] === -2) inputAt[i] = 0;
  const tFrom = new Int32Array(n);
  const tTo = new Int32Array(n);
  const tStart = new Float64Array(n);
  const tEnd = new Float64Array(n);
  let transfers = 0;

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

  /** Hands `consumer` its input at time t and wakes its device if it is stopped there. */
  const deliver = (consumer: number, t: Ms) => {
    inputAt[consumer] = t;
    const cd = opDevice[consumer];
    if (waitingOn[cd] === consumer && queued[cd] === 0) {
      waitingOn[cd] = -1;
      queued[cd] = 1;
      work[workTop++] = cd;
    }
  };

  const complete = (i: number, d: number) => {
    const e = end[i];
    if (e > makespan) makespan = e;
    const rc = remoteOf[i];
    if (rc >= 0) {
      if (opDevice[rc] !== d) {
        let t0 = e;
        if (occupiesComm) {
          if (commFree[d] > t0) t0 = commFree[d];
          commFree[d] = t0 + p2p;
          if (plans && p2p > 0) {
            pOp[partCount] = i;
            pPart[partCount] = P2P_PART;
            pStream[partCount] = Stream.COMM;
            pStart[partCount] = t0;
            pEnd[partCount] = t0 + p2p;
            partCount++;
          }
        }
        tFrom[transfers] = i;
        tTo[transfers] = rc;
        tStart[transfers] = t0;
        tEnd[transfers] = t0 + p2p;
        transfers++;
        deliver(rc, t0 + p2p);
      } else deliver(rc, e);
    }
    const lc = localOf[i];
    if (lc >= 0) deliver(lc, e);
  };

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
   */
  const runPlan = (d: number, plan: Plan, opA: number, opB: number, issue: Ms) => {
    start[opA] = -1;
    if (opB >= 0) start[opB] = -1;
    end[opA] = issue;
    if (opB >= 0) end[opB] = issue;
    for (let k = 0; k < plan.len; k++) {
      const dep = plan.dep[k];
      let t = dep >= 0 ? entryEnd[dep] : issue;
      const dur = plan.dur[k];
      if (dur === 0) {
        entryEnd[k] = t; // an empty part is absent: it neither occupies nor delays its stream
        continue;
      }
      const onComm = plan.stream[k] === Stream.COMM;
      const free = onComm ? commFree[d] : computeFree[d];
      if (free > t) t = free;
      const e = t + dur;
      entryEnd[k] = e;
      if (onComm) commFree[d] = e;
      else computeFree[d] = e;
      const op = plan.role[k] === 0 ? opA : opB;
      if (start[op] < 0) start[op] = t;
      if (e > end[op]) end[op] = e;
      pOp[partCount] = op;
      pPart[partCount] = plan.part[k];
      pStream[partCount] = plan.stream[k];
      pStart[partCount] = t;
      pEnd[partCount] = e;
      partCount++;
    }
    if (start[opA] < 0) start[opA] = issue;
    if (opB >= 0 && start[opB] < 0) start[opB] = issue;
  };

  while (workTop > 0) {
    const d = work[--workTop];
    queued[d] = 0;
    const last = deviceStart[d + 1];
    let i = cursor[d];
    while (i < last) {
      const r1 = inputAt[i];
      if (r1 < 0) {
        waitingOn[d] = i;
        break;
      }
      const j = i + 1;
      // Two consecutive ops with one pair number form an overlapped unit, unless the second
      // needs the first (then they cannot overlap and run as two units) or the parts give no plan.
      const overlapped =
        pair[i] !== NO_PAIR &&
        j < last &&
        pair[j] === pair[i] &&
        depOf[j] !== i &&
        (!plans || plans.pair(kind[i], kind[j]) !== null);
      if (!overlapped) {
        if (plans) {
          runPlan(d, plans.single[kind[i]], i, -1, r1);
          if (start[i] === r1 && r1 > 0) waitedFor[i] = depOf[i];
        } else {
          let t = computeFree[d];
          if (r1 > t) {
            t = r1;
            waitedFor[i] = depOf[i];
          }
          start[i] = t;
          const e = t + duration[i];
          end[i] = e;
          computeFree[d] = e;
        }
        i = j;
        complete(i - 1, d);
        continue;
      }
      // an overlapped pair is issued once both inputs are ready
      const r2 = inputAt[j];
      if (r2 < 0) {
        waitingOn[d] = j;
        break;
      }
      if (plans) {
        const issue = r1 > r2 ? r1 : r2;
        runPlan(d, plans.pair(kind[i], kind[j]) as Plan, i, j, issue);
        const first = Math.min(start[i], start[j]);
        if (first === issue && issue > 0) {
          if (r1 >= r2) waitedFor[i] = depOf[i];
          else waitedFor[j] = depOf[j];
        }
      } else {
        // without parts the pair runs back to back
        let t = computeFree[d];
        if (r1 > t) {
          t = r1;
          waitedFor[i] = depOf[i];
        }
        if (r2 > t) {
          t = r2;
          waitedFor[i] = -1;
          waitedFor[j] = depOf[j];
        }
        start[i] = t;
        end[i] = t + duration[i];
        start[j] = end[i];
        end[j] = end[i] + duration[j];
        computeFree[d] = end[j];
      }
      i = j + 1;
      complete(j - 1, d);
      complete(j, d);
    }
    cursor[d] = i;
  }

  // ---- every device must have run its whole order -------------------------------------------
  const waiting: DeadlockWait[] = [];
  for (let d = 0; d < P; d++) {
    const i = cursor[d];
    if (i >= deviceStart[d + 1]) continue;
    const op = waitingOn[d] >= 0 ? waitingOn[d] : i; // a pair's second op may be the one stuck
    const dep = depOf[op];
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
    return `${what} (${opKindName(kind[dep])} on device ${opDevice[dep]}, which has not run)`;
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
