import { describe, expect, it } from 'vitest';
import { type ChromeTrace, COMM_TID, COMPUTE_TID, type TraceEvent, toChromeTrace } from './chrome-trace';
import { analyze } from '../analyze';
import { defaultScenario } from '../model/scenario';
import { fakeAnalysis, oneFOneBTwoByTwo, pairWithParts } from './fixtures.test-helper';

type X = Extract<TraceEvent, { ph: 'X' }>;
type Flow = Extract<TraceEvent, { ph: 's' | 'f' }>;
type Meta = Extract<TraceEvent, { ph: 'M' }>;

/**
 * Structural checks from the Trace Event Format document (JSON Object Format): required fields per
 * phase, non-negative durations, flows paired by (cat, name, id) with the finish binding to an
 * enclosing slice, metadata for every pid/tid, and no partial overlap of slices on one thread
 * (a thread's slices must nest).
 */
function checkTraceEventFormat(trace: ChromeTrace): void {
  // Survives a JSON round trip unchanged (no NaN, undefined, typed arrays).
  expect(JSON.parse(JSON.stringify(trace))).toEqual(trace);
  expect(Array.isArray(trace.traceEvents)).toBe(true);
  const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const named = new Set<string>();
  const sortIndexed = new Set<string>();
  const used = new Set<string>();
  const starts = new Map<number, Flow>();
  const finishes = new Map<number, Flow>();
  const slicesByThread = new Map<string, X[]>();
  for (const e of trace.traceEvents) {
    expect(typeof e.name).toBe('string');
    expect(Number.isInteger(e.pid) && Number.isInteger(e.tid)).toBe(true);
    const thread = `${e.pid}/${e.tid}`;
    if (e.ph === 'X') {
      expect(typeof e.cat).toBe('string');
      expect(isNum(e.ts) && isNum(e.dur)).toBe(true);
      expect(e.dur).toBeGreaterThanOrEqual(0);
      expect(e.ts).toBeGreaterThanOrEqual(0);
      expect(typeof e.args).toBe('object');
      used.add(thread);
      used.add(`${e.pid}`);
      slicesByThread.set(thread, [...(slicesByThread.get(thread) ?? []), e]);
    } else if (e.ph === 's' || e.ph === 'f') {
      expect(isNum(e.ts) && Number.isInteger(e.id) && typeof e.cat === 'string').toBe(true);
      used.add(thread);
      used.add(`${e.pid}`);
      const map = e.ph === 's' ? starts : finishes;
      expect(map.has(e.id)).toBe(false);
      map.set(e.id, e);
      if (e.ph === 'f') expect(e.bp).toBe('e');
    } else {
      expect(e.ph).toBe('M');
      const m = e as Meta;
      if (m.name === 'process_name' || m.name === 'thread_name') {
        expect(typeof (m.args as { name: string }).name).toBe('string');
        named.add(m.name === 'process_name' ? `${m.pid}` : thread);
      } else {
        expect(Number.isInteger((m.args as { sort_index: number }).sort_index)).toBe(true);
        sortIndexed.add(m.name === 'process_sort_index' ? `${m.pid}` : thread);
      }
    }
  }
  for (const key of used) {
    expect(named.has(key), `name metadata for ${key}`).toBe(true);
    expect(sortIndexed.has(key), `sort index metadata for ${key}`).toBe(true);
  }
  expect([...starts.keys()].sort()).toEqual([...finishes.keys()].sort());
  for (const [id, s] of starts) {
    const f = finishes.get(id)!;
    expect([f.name, f.cat]).toEqual([s.name, s.cat]);
    expect(f.ts).toBeGreaterThanOrEqual(s.ts);
    // Bound as both viewers bind: a slice on the same thread starting exactly at ts, same cat.
    for (const e of [s, f]) {
      const bound = enclosing(slicesByThread, e);
      expect(bound).toBeDefined();
      expect([bound!.ts, bound!.cat]).toEqual([e.ts, e.cat]);
    }
  }
  for (const slices of slicesByThread.values()) {
    const sorted = [...slices].sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1];
      const cur = sorted[k];
      const nested = cur.ts + cur.dur <= prev.ts + prev.dur;
      expect(cur.ts >= prev.ts + prev.dur || nested, `${prev.name} and ${cur.name} partially overlap`).toBe(
        true,
      );
    }
  }
}

/** The slice a flow event binds to: on its thread, starting at or before ts and ending after it. */
function enclosing(slices: Map<string, X[]>, e: Flow): X | undefined {
  return slices.get(`${e.pid}/${e.tid}`)?.find((x) => x.ts <= e.ts && e.ts < x.ts + x.dur);
}

function ofPhase(t: ChromeTrace, ph: 'X'): X[];
function ofPhase(t: ChromeTrace, ph: 's' | 'f'): Flow[];
function ofPhase(t: ChromeTrace, ph: 'M'): Meta[];
function ofPhase(t: ChromeTrace, ph: TraceEvent['ph']): TraceEvent[] {
  return t.traceEvents.filter((e) => e.ph === ph);
}

describe('toChromeTrace', () => {
  it('follows the trace event format for a hand-worked 1F1B timeline', () => {
    checkTraceEventFormat(toChromeTrace(oneFOneBTwoByTwo()));
  });

  it('gives each device a process and puts ops on the compute thread, in microseconds', () => {
    const trace = toChromeTrace(oneFOneBTwoByTwo());
    const slices = ofPhase(trace, 'X');
    expect(slices).toHaveLength(8);
    // Device 0's BW of micro-batch 0 ran [4, 6] ms: ts 4000 us, dur 2000 us.
    const bw0 = slices.find((e) => e.pid === 1 && e.args.kind === 'BW' && e.args.microbatch === 0)!;
    expect([bw0.ts, bw0.dur, bw0.tid]).toEqual([4000, 2000, COMPUTE_TID]);
    expect(bw0.args).toMatchObject({ op: 2, stage: 0, chunk: 0 });
    expect(new Set(slices.map((e) => e.pid))).toEqual(new Set([1, 2]));
    const names = ofPhase(trace, 'M').filter((m) => m.name === 'process_name');
    expect(names.map((m) => (m.args as { name: string }).name)).toEqual([
      '1F1B · device 0',
      '1F1B · device 1',
    ]);
  });

  it('draws one flow per P2P transfer from the sending op to the receiving op', () => {
    const trace = toChromeTrace(oneFOneBTwoByTwo());
    const slices = new Map<string, X[]>();
    for (const x of ofPhase(trace, 'X'))
      slices.set(`${x.pid}/${x.tid}`, [...(slices.get(`${x.pid}/${x.tid}`) ?? []), x]);
    const starts = ofPhase(trace, 's');
    const finishes = ofPhase(trace, 'f');
    expect(starts).toHaveLength(4);
    const edges = starts.map((s) => {
      const f = finishes.find((g) => g.id === s.id)!;
      const from = enclosing(slices, s)!;
      const to = enclosing(slices, f)!;
      return `${from.pid}:${from.name} -> ${to.pid}:${to.name}`;
    });
    expect(edges.sort()).toEqual(
      ['1:F mb0 -> 2:F mb0', '1:F mb1 -> 2:F mb1', '2:BW mb0 -> 1:BW mb0', '2:BW mb1 -> 1:BW mb1'].sort(),
    );
  });

  it('lists every flow event after every slice, so a slice is open when its flow is read', () => {
    for (const trace of [
      toChromeTrace(oneFOneBTwoByTwo()),
      toChromeTrace([oneFOneBTwoByTwo(), pairWithParts()]),
    ]) {
      const phases = trace.traceEvents.map((e) => e.ph).join('');
      expect(phases).toMatch(/^[MX]+[sf]+$/);
    }
  });

  it('puts parts on a compute and a communication thread, with the part and pair in args', () => {
    const trace = toChromeTrace(pairWithParts());
    checkTraceEventFormat(trace);
    const slices = ofPhase(trace, 'X');
    expect(slices).toHaveLength(12);
    const dispatch = slices.find((e) => e.args.part === 'dispatch' && e.args.microbatch === 1)!;
    expect([dispatch.tid, dispatch.ts, dispatch.dur]).toEqual([COMM_TID, 1000, 1000]);
    expect(dispatch.args.stream).toBe('comm');
    expect(dispatch.args).toMatchObject({ kind: 'F', pair: 0, op: 0 });
    const lone = slices.filter((e) => e.args.microbatch === 2);
    expect(lone.every((e) => !('pair' in e.args))).toBe(true);
    const threads = ofPhase(trace, 'M').filter((m) => m.name === 'thread_name');
    expect(threads.map((m) => [m.tid, (m.args as { name: string }).name])).toEqual([
      [COMPUTE_TID, 'compute'],
      [COMM_TID, 'communication'],
    ]);
  });

  it('stacks several analyses on distinct pid ranges with distinct flow ids', () => {
    const trace = toChromeTrace([oneFOneBTwoByTwo(), oneFOneBTwoByTwo()], { labels: ['A', 'B'] });
    checkTraceEventFormat(trace);
    expect(new Set(ofPhase(trace, 'X').map((e) => e.pid))).toEqual(new Set([1, 2, 3, 4]));
    const names = ofPhase(trace, 'M')
      .filter((m) => m.name === 'process_name')
      .map((m) => (m.args as { name: string }).name);
    expect(names).toEqual(['A · device 0', 'A · device 1', 'B · device 0', 'B · device 1']);
    expect(new Set(ofPhase(trace, 's').map((e) => e.id)).size).toBe(8);
  });

  it('moves slices that would overlap on one stream to a second thread instead of writing an invalid track', () => {
    const a = oneFOneBTwoByTwo();
    // Make device 0's F1 [1, 2] overlap F0 by starting it at 0.5.
    a.timeline.start[1] = 0.5;
    const trace = toChromeTrace(fakeAnalysis(a.timeline, a.scenario));
    checkTraceEventFormat(trace);
    const f1 = ofPhase(trace, 'X').find((e) => e.pid === 1 && e.name === 'F mb1')!;
    expect(f1.tid).toBe(COMPUTE_TID + 2);
  });

  it('writes no flow for a transfer whose op has zero length (nothing to bind to)', () => {
    const a = oneFOneBTwoByTwo();
    a.timeline.end[0] = a.timeline.start[0];
    const trace = toChromeTrace(a);
    checkTraceEventFormat(trace);
    expect(ofPhase(trace, 's')).toHaveLength(3);
  });

  it('exports an analyzed DualPipe with parts and P2P on the comm stream as a valid two-thread trace', () => {
    const result = analyze({
      ...defaultScenario(),
      schedule: 'dualpipe',
      devices: 4,
      microbatches: 10,
      p2p: { time: 0.1, occupiesComm: true },
      parts: {
        forward: { attention: 0.3, dispatch: 0.25, mlp: 0.3, combine: 0.25 },
        backward: {
          combine: 0.25,
          mlpInput: 0.3,
          mlpWeight: 0.3,
          dispatch: 0.25,
          attentionInput: 0.3,
          attentionWeight: 0.3,
        },
      },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { timeline } = result.analysis;
    const trace = toChromeTrace(result.analysis);
    checkTraceEventFormat(trace);
    expect(ofPhase(trace, 'X')).toHaveLength(timeline.parts!.count);
    // The simulator never overlaps two slices on one stream, so no overflow thread appears.
    expect(new Set(ofPhase(trace, 'X').map((e) => e.tid))).toEqual(new Set([COMPUTE_TID, COMM_TID]));
    expect(ofPhase(trace, 's')).toHaveLength(timeline.transfers.count);
  });
});
