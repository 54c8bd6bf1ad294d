import { describe, expect, it } from 'vitest';
import { type Analysis, analyze } from '../analyze';
import { LIMITS } from '../format/limits';
import { categoryOfPart, P2P_CATEGORY } from '../layout/palette';
import { defaultScenario } from '../model/scenario';
import { chromeTraceText, toChromeTrace, traceSliceCount } from './chrome-trace';
import { toCsv, toPartsCsv } from './csv';
import { MIN_ITEM_CHARS, exportText } from './export-text';
import { oneFOneBTwoByTwo, pairWithParts } from './fixtures.test-helper';
import { simulateJsonText, toSimulateJson } from './json';
import { renderSvg } from './svg';

function analysisOf(over: Partial<ReturnType<typeof defaultScenario>>, schedule?: 'dualpipe'): Analysis {
  const r = analyze({ ...defaultScenario(), ...over }, schedule);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.analysis;
}

/** A DualPipe timeline with chunk parts and P2P: slices per part, flows, pairs. */
function dualPipeWithParts(): Analysis {
  return analysisOf(
    {
      schedule: 'dualpipe',
      devices: 4,
      microbatches: 8,
      p2p: { time: 0.5, occupiesComm: true },
      parts: {
        forward: { attention: 1, dispatch: 0.5, mlp: 1.5, combine: 0.5 },
        backward: {
          combine: 0.5,
          mlpInput: 1.5,
          mlpWeight: 1.5,
          dispatch: 0.5,
          attentionInput: 1,
          attentionWeight: 1,
        },
      },
    },
    'dualpipe',
  );
}

const FIXTURES: () => Analysis[] = () => [
  oneFOneBTwoByTwo(),
  pairWithParts(),
  dualPipeWithParts(),
  analysisOf({ devices: 3, microbatches: 5 }),
];

describe('the budgeted text writers', () => {
  it('write exactly what JSON.stringify writes for the trace and the simulate JSON', () => {
    const list = FIXTURES();
    expect(chromeTraceText(list, { labels: list.map((_, k) => `run ${k}`) })).toBe(
      JSON.stringify(toChromeTrace(list, { labels: list.map((_, k) => `run ${k}`) })),
    );
    for (const a of list) {
      expect(chromeTraceText([a])).toBe(JSON.stringify(toChromeTrace(a)));
      expect(simulateJsonText(a)).toBe(JSON.stringify(toSimulateJson(a)));
    }
  });

  it('exportText gives the same text as the exporters, with a final line break for JSON', () => {
    const a = dualPipeWithParts();
    expect(exportText('csv', [a])).toEqual({ ok: true, text: toCsv(a) });
    expect(exportText('parts-csv', [a])).toEqual({ ok: true, text: toPartsCsv(a) });
    expect(exportText('json', [a])).toEqual({ ok: true, text: `${JSON.stringify(toSimulateJson(a))}\n` });
    expect(exportText('chrome-trace', [a])).toEqual({
      ok: true,
      text: `${JSON.stringify(toChromeTrace(a))}\n`,
    });
    expect(exportText('svg', [a], { svg: { title: 't' } })).toEqual({
      ok: true,
      text: renderSvg([a], { title: 't' }),
    });
  });
});

describe('the fewest characters per item are lower bounds of real output', () => {
  it('per CSV row, parts-CSV row, trace slice, JSON op and SVG bar', () => {
    for (const a of FIXTURES()) {
      for (const row of toCsv(a).split('\r\n').slice(1, -1))
        expect(row.length + 2).toBeGreaterThanOrEqual(MIN_ITEM_CHARS.csv);
      for (const row of toPartsCsv(a).split('\r\n').slice(1, -1))
        expect(row.length + 2).toBeGreaterThanOrEqual(MIN_ITEM_CHARS['parts-csv']);
      const slices = toChromeTrace(a).traceEvents.filter((e) => e.ph === 'X');
      expect(slices).toHaveLength(traceSliceCount([a]));
      for (const e of slices)
        expect(JSON.stringify(e).length).toBeGreaterThanOrEqual(MIN_ITEM_CHARS['chrome-trace']);
      for (const device of toSimulateJson(a).timeline)
        for (const op of device.ops)
          expect(JSON.stringify(op).length).toBeGreaterThanOrEqual(MIN_ITEM_CHARS.json);
      const svg = renderSvg([a]);
      // The op bars: every slice but the P2P parts (the transfers' layer merges those).
      const ops = svg.slice(svg.indexOf('<g id="ops">'), svg.indexOf('<g id="pairs">'));
      const rects = ops.match(/<rect [^>]*\/>/g) ?? [];
      const p2pParts = a.timeline.parts
        ? a.timeline.parts.part.filter((k) => categoryOfPart(k) === P2P_CATEGORY).length
        : 0;
      expect(rects.length).toBeGreaterThanOrEqual(traceSliceCount([a]) - p2pParts);
      for (const r of rects) expect(r.length).toBeGreaterThanOrEqual(MIN_ITEM_CHARS.svg);
    }
  });
});

describe('exports past the budget are messages, not RangeErrors', () => {
  it('refuses before building when even the fewest characters per item are too many', () => {
    // A timeline of five million ops: the trace would take at least 5e6 x 120 characters.
    const huge = { schedule: { count: 5_000_000 }, timeline: { parts: null } } as unknown as Analysis;
    expect(exportText('chrome-trace', [huge])).toEqual({
      ok: false,
      error: {
        path: 'microbatches',
        message: `the Chrome trace of this scenario would be more than 572.2 MB (5,000,000 slices), and PipeScope writes at most ${(LIMITS.exportChars / 1048576).toFixed(1)} MB in one export: use fewer micro-batches or devices`,
      },
    });
  });

  it('stops while writing when the text outgrows the budget, whatever the format', () => {
    const a = dualPipeWithParts();
    for (const format of ['csv', 'parts-csv', 'chrome-trace', 'json', 'svg'] as const) {
      const full = exportText(format, [a]);
      expect(full.ok).toBe(true);
      if (!full.ok) continue;
      // Room for the items at their fewest characters, not for the real text.
      const r = exportText(format, [a], { maxChars: full.text.length - 1 });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.path).toBe('microbatches');
        expect(r.error.message).toMatch(
          / of this scenario (is|would be) more than .* use fewer micro-batches or devices$/,
        );
      }
      expect(exportText(format, [a], { maxChars: full.text.length })).toEqual(full);
    }
  });
});
