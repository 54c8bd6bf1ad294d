import fc from 'fast-check';
import type { ScheduleConfig } from '../model/config';
import { OpKind } from '../model/ops';
import type { Schedule } from '../model/schedule';
import type { Timeline } from '../sim/timeline';

/**
 * Checks for zero-bubble orders, shared by the zb-*.test.ts files (pure, so it may live in core).
 * Each returns a list of problems in words; empty means the property holds.
 */

/** Every (micro-batch, stage) runs F, B and W exactly once, on the stage's device; W after its B. */
export function orderProblems(s: Schedule, stageDevice: (stage: number) => number): string[] {
  const { microbatches: m, stages: S } = s;
  const seen = new Int32Array(3 * S * m);
  const problems: string[] = [];
  for (let d = 0; d < s.devices; d++) {
    const bDone = new Uint8Array(S * m);
    for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++) {
      const k = s.kind[i];
      const mb = s.microbatch[i];
      const st = s.stage[i];
      if (k === OpKind.BW)
        problems.push(`device ${d}: a full backward BW (zero-bubble splits every backward)`);
      if (mb < 0 || mb >= m || st < 0 || st >= S) {
        problems.push(`device ${d}: op outside the micro-batches or stages`);
        continue;
      }
      if (stageDevice(st) !== d)
        problems.push(`stage ${st} runs on device ${d}, expected ${stageDevice(st)}`);
      if (k <= OpKind.W) seen[(k * S + st) * m + mb]++;
      if (k === OpKind.B) bDone[st * m + mb] = 1;
      if (k === OpKind.W && bDone[st * m + mb] === 0)
        problems.push(`device ${d}: W of micro-batch ${mb} on stage ${st} before its B`);
    }
  }
  for (let k = 0; k < 3; k++)
    for (let st = 0; st < S; st++)
      for (let mb = 0; mb < m; mb++) {
        const n = seen[(k * S + st) * m + mb];
        if (n !== 1) problems.push(`${'FBW'[k]} of micro-batch ${mb} on stage ${st} runs ${n} times`);
      }
  return problems.slice(0, 10);
}

/** Per device: idle time between its first op's start and its last op's end, and those two times. */
export function deviceSpans(t: Timeline): { first: number; last: number; innerIdle: number }[] {
  const s = t.schedule;
  const out = [];
  for (let d = 0; d < s.devices; d++) {
    let first = Number.POSITIVE_INFINITY;
    let last = 0;
    let busy = 0;
    for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++) {
      if (t.start[i] < first) first = t.start[i];
      if (t.end[i] > last) last = t.end[i];
      busy += t.end[i] - t.start[i];
    }
    out.push({ first, last, innerIdle: last - first - busy });
  }
  return out;
}

/**
 * A lower bound on any schedule's makespan for these costs, with stages placed as `stageDevice`
 * says: (1) a device cannot start before micro-batch 0's forward reached its first stage, then
 * must run all its work; (2) micro-batch 0 alone needs every F, every B (each hop between devices
 * costing p2p) and one W on stage 0.
 */
export function makespanLowerBound(
  c: ScheduleConfig,
  stages: number,
  share: number,
  stageDevice: (stage: number) => number,
): number {
  const P = c.devices;
  const m = c.microbatches;
  const earliest = new Float64Array(P).fill(Number.POSITIVE_INFINITY);
  const work = new Float64Array(P);
  let t = 0;
  for (let s = 0; s < stages; s++) {
    const d = stageDevice(s);
    if (s > 0 && stageDevice(s - 1) !== d) t += c.p2p;
    if (t < earliest[d]) earliest[d] = t;
    t += c.forward[d] * share;
    work[d] += m * share * (c.forward[d] + c.backwardInput[d] + c.backwardWeight[d]);
  }
  let chain = t;
  for (let s = stages - 1; s >= 0; s--) {
    const d = stageDevice(s);
    chain += c.backwardInput[d] * share;
    if (s > 0 && stageDevice(s - 1) !== d) chain += c.p2p;
  }
  chain += c.backwardWeight[stageDevice(0)] * share;
  let bound = chain;
  for (let d = 0; d < P; d++) bound = Math.max(bound, earliest[d] + work[d]);
  return bound;
}

/** A config from drawn numbers: costs[d], costs[6 + d], costs[12 + d] are device d's F, B, W. */
export function configFromCosts(
  devices: number,
  microbatches: number,
  p2p: number,
  costs: number[],
): ScheduleConfig {
  const cost = (offset: number) => Float64Array.from({ length: devices }, (_, d) => costs[offset + d]);
  return {
    devices,
    microbatches,
    chunks: 2,
    groupSize: null,
    pairing: 'off',
    forward: cost(0),
    backwardInput: cost(6),
    backwardWeight: cost(12),
    p2p,
    activationBudget: null,
  };
}

/**
 * Random small configs with per-device costs, some of them zero (a layer-less stage, a W folded
 * into B): the orders must still run. Shared by the zero-bubble property tests.
 */
export const costedConfigArb: fc.Arbitrary<ScheduleConfig> = fc
  .record({
    devices: fc.integer({ min: 1, max: 6 }),
    microbatches: fc.integer({ min: 1, max: 14 }),
    p2p: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1.5, noNaN: true })),
    costs: fc.array(
      fc.oneof(
        { arbitrary: fc.constant(0), weight: 1 },
        { arbitrary: fc.double({ min: 0.1, max: 3, noNaN: true }), weight: 6 },
      ),
      { minLength: 18, maxLength: 18 },
    ),
  })
  .map(({ devices, microbatches, p2p, costs }) => configFromCosts(devices, microbatches, p2p, costs));
