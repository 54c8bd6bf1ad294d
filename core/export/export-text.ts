import type { Analysis } from '../analyze';
import { LIMITS, formatMegabytes } from '../format/limits';
import type { PathError } from '../model/path-error';
import { categoryOfPart, P2P_CATEGORY } from '../layout/palette';
import { chromeTraceText, traceSliceCount } from './chrome-trace';
import { toCsv, toPartsCsv } from './csv';
import { simulateJsonText } from './json';
import { toOrderJson } from './order-json';
import { toPytorchCsv } from './pytorch-csv';
import { orderRefusal } from '../schedules/custom-order';
import { type SvgOptions, renderSvg } from './svg';
import { ExportTooLarge } from './text-out';
import { type ExportScope, opsKept, scopeError } from './scope';

/**
 * Every export as text, for the CLI and the app alike, as a value: the text, or why there is none.
 * An export is at most LIMITS.exportChars characters. Before anything is built, the number of
 * rows, slices or bars times the fewest characters one can take says whether it could fit: a
 * trace of five million ops is refused at once instead of allocating gigabytes first. What passes
 * is written piece by piece against the same budget (text-out.ts), so it stops with a message
 * where it would have ended in a RangeError or an out-of-memory abort.
 */

export type ExportTextFormat =
  | 'svg'
  | 'chrome-trace'
  | 'csv'
  | 'parts-csv'
  | 'json'
  | 'pytorch-csv'
  | 'order-json';

export type ExportTextResult = { ok: true; text: string } | { ok: false; error: PathError };

export interface ExportTextOptions {
  /** One label per analysis (SVG blocks, trace processes). */
  labels?: string[];
  /** The SVG's other options. */
  svg?: Omit<SvgOptions, 'labels' | 'maxChars' | 'scope'>;
  /** Only these devices and this time range (core/export/scope.ts); absent: everything. */
  scope?: ExportScope;
  /** Budget in characters (default LIMITS.exportChars; tests pass smaller ones). */
  maxChars?: number;
}

/**
 * The fewest characters one item of each export can take (a row, a slice event, an op object,
 * an op's bar). export-text.test.ts checks each against real output; they only need to be lower
 * bounds, so that refusing early never refuses what would fit.
 */
export const MIN_ITEM_CHARS: Record<ExportTextFormat, number> = {
  // "0,0,F,0,0,0,,0,0,0" and CR LF.
  csv: 20,
  // The op's columns, ",mlp,comm" and the times.
  'parts-csv': 29,
  // {"ph":"X","name":"F mb0","cat":"pipeline","pid":1,"tid":1,"ts":0,"dur":0,"args":{...}}
  'chrome-trace': 120,
  // {"kind":"F","microbatch":0,"chunk":0,"stage":0,"start":0,"end":0}
  json: 60,
  // <rect x="120" width="0.5" height="20"/>: a bar per op, or per part of an op with parts.
  svg: 35,
  // "0F0," and "0F0 ": an action per op (an overlapped pair, two ops, is longer than two).
  'pytorch-csv': 4,
  'order-json': 4,
};

/** The SVG's op bars: the trace's slices less the P2P parts (drawn as merged stretches), within a scope. */
function svgBarCount(list: readonly Analysis[], scope?: ExportScope): number {
  let p2p = 0;
  for (const a of list) {
    const parts = a.timeline.parts;
    if (!parts) continue;
    const kept = opsKept(a, scope);
    for (let k = 0; k < parts.count; k++)
      if (categoryOfPart(parts.part[k]) === P2P_CATEGORY && (!kept || kept[parts.op[k]])) p2p++;
  }
  return traceSliceCount(list, scope) - p2p;
}

const ITEMS: Record<
  ExportTextFormat,
  { noun: string; what: string; count(list: readonly Analysis[], scope?: ExportScope): number }
> = {
  csv: { noun: 'rows', what: 'the CSV', count: opCount },
  'parts-csv': {
    noun: 'rows',
    what: 'the parts CSV',
    count: (list, scope) => list.reduce((n, a) => n + partCount(a, scope), 0),
  },
  'chrome-trace': { noun: 'slices', what: 'the Chrome trace', count: traceSliceCount },
  json: { noun: 'ops', what: 'the JSON', count: (list) => opCount(list) },
  // The bars are the trace's slices (an op, or each part of an op that has parts) but for the P2P
  // parts, which the SVG merges into stretches per lane.
  svg: { noun: 'bars', what: 'the SVG', count: svgBarCount },
  'pytorch-csv': { noun: 'ops', what: "PyTorch's CSV", count: (list) => opCount(list) },
  'order-json': { noun: 'ops', what: 'the order JSON', count: (list) => opCount(list) },
};

function partCount(a: Analysis, scope: ExportScope | undefined): number {
  const parts = a.timeline.parts;
  if (!parts) return 0;
  const kept = opsKept(a, scope);
  if (!kept) return parts.count;
  let n = 0;
  for (let p = 0; p < parts.count; p++) n += kept[parts.op[p]];
  return n;
}

function opCount(list: readonly Analysis[], scope?: ExportScope): number {
  return list.reduce((n, a) => {
    const kept = opsKept(a, scope);
    if (!kept) return n + a.schedule.count;
    let k = 0;
    for (let i = 0; i < kept.length; i++) k += kept[i];
    return n + k;
  }, 0);
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function exportText(
  format: ExportTextFormat,
  analyses: readonly Analysis[],
  options: ExportTextOptions = {},
): ExportTextResult {
  const maxChars = options.maxChars ?? LIMITS.exportChars;
  const badScope = scopeError(options.scope, analyses);
  if (badScope) return { ok: false, error: badScope };
  const items = ITEMS[format];
  const count = items.count(analyses, options.scope);
  const atLeast = count * MIN_ITEM_CHARS[format];
  if (atLeast > maxChars)
    return fail(
      `${items.what} of this scenario would be more than ${formatMegabytes(atLeast)} (${fmt(count)} ${items.noun}), and PipeScope writes at most ${formatMegabytes(maxChars)} in one export: use fewer micro-batches or devices`,
    );
  if (format === 'pytorch-csv' || format === 'order-json') {
    // an order whose stages run on two devices (DualPipe) has none: say why, at schedule
    const s = only(analyses).schedule;
    const refusal = orderRefusal(s);
    if (refusal !== null)
      return { ok: false, error: { path: 'schedule', message: `${s.name} has no ${format}: ${refusal}` } };
  }
  try {
    return { ok: true, text: build(format, analyses, options, maxChars) };
  } catch (e) {
    if (e instanceof ExportTooLarge) return fail(e.message);
    return {
      ok: false,
      error: {
        path: '(root)',
        message: `could not export: ${e instanceof Error ? e.message : String(e)} (a bug in PipeScope; please report it)`,
      },
    };
  }
}

function fail(message: string): ExportTextResult {
  // The count of micro-batches is what makes an export large (and what a user changes first).
  return { ok: false, error: { path: 'microbatches', message } };
}

function build(
  format: ExportTextFormat,
  analyses: readonly Analysis[],
  options: ExportTextOptions,
  maxChars: number,
): string {
  switch (format) {
    case 'svg':
      return renderSvg([...analyses], {
        ...options.svg,
        labels: options.labels,
        maxChars,
        scope: options.scope,
      });
    case 'chrome-trace':
      return `${chromeTraceText(analyses, { labels: options.labels, scope: options.scope }, maxChars - 1)}\n`;
    case 'csv':
      return toCsv(only(analyses), maxChars, options.scope);
    case 'parts-csv':
      return toPartsCsv(only(analyses), maxChars, options.scope);
    case 'json':
      return `${simulateJsonText(only(analyses), maxChars - 1)}\n`;
    case 'pytorch-csv':
    case 'order-json': {
      const s = only(analyses).schedule;
      const out = format === 'pytorch-csv' ? toPytorchCsv(s) : toOrderJson(s);
      if (!out.ok) throw new Error(out.reason); // (refused above)
      if (out.text.length > maxChars) throw new ExportTooLarge(ITEMS[format].what, maxChars);
      return out.text;
    }
  }
}

/** CSV and JSON hold one analysis. */
function only(analyses: readonly Analysis[]): Analysis {
  if (analyses.length !== 1) throw new Error(`this export holds one timeline, not ${analyses.length}`);
  return analyses[0];
}
