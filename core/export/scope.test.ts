// @vitest-environment jsdom
// DOMParser comes from jsdom (the test environment); the exporters themselves never touch a DOM.
import { describe, expect, it } from 'vitest';
import { type TraceEvent, toChromeTrace } from './chrome-trace';
import { toCsv, toPartsCsv } from './csv';
import { exportText } from './export-text';
import { oneFOneBTwoByTwo, pairWithParts } from './fixtures.test-helper';
import {
  describeScope,
  deviceRuns,
  devicesKept,
  type ExportScope,
  opsKept,
  overlapsRange,
  scopeError,
} from './scope';
import { renderSvg, SVG_LAYER_IDS } from './svg';

// The hand-worked 1F1B run of fixtures.test-helper.ts (P = 2, m = 2, F = 1, BW = 2, makespan 9):
//   device 0: F0 [0,1] F1 [1,2] BW0 [4,6] BW1 [7,9]    (ops 0..3)
//   device 1: F0 [1,2] BW0 [2,4] F1 [4,5] BW1 [5,7]    (ops 4..7)
// The range [3, 6] holds device 0's BW0 and device 1's BW0 (from 3), F1 and BW1 (until 6).
const RANGE: ExportScope = { range: { t0: 3, t1: 6 } };

const rowsOf = (csv: string) =>
  csv
    .trimEnd()
    .split('\r\n')
    .slice(1)
    .map((r) => r.split(','));

describe('export scopes', () => {
  it('an interval is in a range when it overlaps it by more than a point; a zero-length one when inside it', () => {
    const r = { t0: 3, t1: 6 };
    expect(overlapsRange(2, 4, r)).toBe(true);
    expect(overlapsRange(5, 7, r)).toBe(true);
    expect(overlapsRange(1, 3, r)).toBe(false); // ends where the range starts
    expect(overlapsRange(6, 8, r)).toBe(false); // starts where it ends
    expect(overlapsRange(3, 3, r)).toBe(true);
    expect(overlapsRange(6.5, 6.5, r)).toBe(false);
    expect(overlapsRange(100, 200, undefined)).toBe(true);
  });

  it('keeps the ops of the kept devices that overlap the range', () => {
    const a = oneFOneBTwoByTwo();
    expect(opsKept(a, undefined)).toBeNull();
    expect([...(opsKept(a, RANGE) ?? [])]).toEqual([0, 0, 1, 0, 0, 1, 1, 1]);
    expect([...(opsKept(a, { devices: [1] }) ?? [])]).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect([...(opsKept(a, { ...RANGE, devices: [0] }) ?? [])]).toEqual([0, 0, 1, 0, 0, 0, 0, 0]);
    expect([...devicesKept({ devices: [1, 5] }, 2)]).toEqual([0, 1]);
  });

  it('refuses an empty range, no device and a device the scenario does not have', () => {
    const list = [oneFOneBTwoByTwo()];
    expect(scopeError(undefined, list)).toBeNull();
    expect(scopeError({ range: { t0: 4, t1: 4 } }, list)?.message).toMatch(/empty/);
    expect(scopeError({ range: { t0: Number.NaN, t1: 4 } }, list)?.message).toMatch(/empty/);
    expect(scopeError({ devices: [] }, list)?.message).toBe('no device is selected');
    expect(scopeError({ devices: [0, 2] }, list)?.message).toBe(
      'device 2 is not in this scenario (devices 0 to 1)',
    );
    const r = exportText('csv', list, { scope: { devices: [7] } });
    expect(r.ok).toBe(false);
  });

  it('names a scope in words, with runs of devices shortened', () => {
    expect(deviceRuns([0, 1, 2, 3, 7])).toBe('0–3, 7');
    expect(deviceRuns([2, 3, 5])).toBe('2, 3, 5');
    expect(describeScope({ range: { t0: 0.5, t1: 12 }, devices: [4] }, String)).toBe('0.5–12 ms · device 4');
    expect(describeScope({}, String)).toBeNull();
  });
});

describe('scoped CSV', () => {
  it('lists only the ops overlapping the range, with their real times and their index in the device order', () => {
    const rows = rowsOf(toCsv(oneFOneBTwoByTwo(), undefined, RANGE));
    // device, index, kind, microbatch, ..., start_ms, end_ms
    expect(rows.map((r) => [r[0], r[1], r[2], r[3], r[7], r[8]])).toEqual([
      ['0', '2', 'BW', '0', '4', '6'],
      ['1', '1', 'BW', '0', '2', '4'],
      ['1', '2', 'F', '1', '4', '5'],
      ['1', '3', 'BW', '1', '5', '7'],
    ]);
  });

  it('lists only the selected devices', () => {
    expect(rowsOf(toCsv(oneFOneBTwoByTwo(), undefined, { devices: [1] })).map((r) => r[0])).toEqual([
      '1',
      '1',
      '1',
      '1',
    ]);
  });

  it('keeps every part of a kept op, even the parts outside the range', () => {
    // The pair (ops 0, 1) spans [0, 5]; F2 spans [5, 9]. The range [5.5, 9] keeps F2 only, with
    // its four parts, including attention [5, 6] which starts before the range.
    const rows = rowsOf(toPartsCsv(pairWithParts(), undefined, { range: { t0: 5.5, t1: 9 } }));
    expect(rows.map((r) => [r[1], r[7], r[9]])).toEqual([
      ['2', 'attention', '5'],
      ['2', 'dispatch', '6'],
      ['2', 'mlp', '7'],
      ['2', 'combine', '8'],
    ]);
  });
});

describe('scoped Chrome trace', () => {
  it('has a process for each selected device only, keeping its pid', () => {
    const trace = toChromeTrace(oneFOneBTwoByTwo(), { scope: { devices: [1] } });
    const pids = new Set(trace.traceEvents.map((e) => e.pid));
    expect([...pids]).toEqual([2]);
    // Every transfer crosses devices: none has both ends kept.
    expect(trace.traceEvents.filter((e) => e.ph === 's' || e.ph === 'f')).toEqual([]);
  });

  it('has slices for the ops overlapping the range, and flows only between two kept ops', () => {
    const trace = toChromeTrace(oneFOneBTwoByTwo(), { scope: RANGE });
    const slices = trace.traceEvents.filter((e) => e.ph === 'X') as Extract<TraceEvent, { ph: 'X' }>[];
    expect(slices.map((e) => `${e.pid} ${e.name} ${e.ts}`)).toEqual([
      '1 BW mb0 4000',
      '2 BW mb0 2000',
      '2 F mb1 4000',
      '2 BW mb1 5000',
    ]);
    // Device 1's BW0 (op 5) sends to device 0's BW0 (op 2): both in the range. The other three
    // transfers have an end outside it.
    const flows = trace.traceEvents.filter((e) => e.ph === 's' || e.ph === 'f') as Extract<
      TraceEvent,
      { ph: 's' | 'f' }
    >[];
    expect(flows.map((e) => `${e.ph} ${e.pid} ${e.ts}`)).toEqual(['s 2 2000', 'f 1 4000']);
  });
});

describe('scoped SVG', () => {
  const parse = (svg: string) => new DOMParser().parseFromString(svg, 'image/svg+xml');
  const rects = (doc: Document) =>
    [...doc.getElementById(SVG_LAYER_IDS.ops)!.getElementsByTagName('rect')].map((r) => ({
      x: Number(r.getAttribute('x')),
      w: Number(r.getAttribute('width')),
    }));

  it('draws the range across the whole plot, bars cut at its edges', () => {
    const doc = parse(renderSvg([oneFOneBTwoByTwo()], { width: 1200, scope: RANGE }));
    // Plot 1200 - 120 - 24 = 1056 px over 3 ms: 352 px a ms, from x = 120 at t = 3.
    // Device 0: BW0 [4, 6] at 472, 704 wide. Device 1: BW0 cut to [3, 4] at 120, 352 wide; F1
    // [4, 5] at 472; BW1 cut to [5, 6] at 824.
    expect(rects(doc).sort((a, b) => a.x - b.x || a.w - b.w)).toEqual([
      { x: 120, w: 352 },
      { x: 472, w: 352 },
      { x: 472, w: 704 },
      { x: 824, w: 352 },
    ]);
    const ticks = [...doc.getElementById(SVG_LAYER_IDS.axis)!.getElementsByTagName('text')]
      .map((t) => t.textContent)
      .filter((t) => t !== 'time (ms)')
      .map(Number);
    expect(Math.min(...ticks)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(6);
    expect(doc.getElementById(SVG_LAYER_IDS.scope)?.textContent).toMatch(
      /^Shown: 3–6 ms \(of 9 ms, 2 devices\)/,
    );
  });

  it('draws the selected devices only, and says so', () => {
    const doc = parse(renderSvg([oneFOneBTwoByTwo()], { scope: { devices: [1] } }));
    const lanes = [...doc.getElementById(SVG_LAYER_IDS.lanes)!.getElementsByTagName('text')].map(
      (t) => t.textContent,
    );
    expect(lanes).toEqual(['1F1B', 'Device 1']);
    expect(rects(doc)).toHaveLength(4);
    expect(doc.getElementById(SVG_LAYER_IDS.scope)?.textContent).toMatch(/^Shown: device 1 /);
  });

  it('names a zoomed range to six significant digits, not to the nanosecond', () => {
    const doc = parse(
      renderSvg([oneFOneBTwoByTwo()], { scope: { range: { t0: 1.23456789, t1: 7.000001 } } }),
    );
    expect(doc.getElementById(SVG_LAYER_IDS.scope)?.textContent).toMatch(
      /^Shown: 1\.23457–7 ms \(of 9 ms, 2 devices\)/,
    );
  });

  it('has no caption without a scope', () => {
    expect(parse(renderSvg([oneFOneBTwoByTwo()])).getElementById(SVG_LAYER_IDS.scope)).toBeNull();
  });
});
