import type { Analysis } from '../analyze';
import { type GanttLayout, layoutGantt } from '../layout/gantt-layout';
import { layoutIdle } from '../layout/idle-layout';
import { CATEGORIES, CHART_COLORS, IDLE_STYLES, P2P_CATEGORY, type Theme } from '../layout/palette';
import { timeTicks } from '../layout/time-axis';
import type { Ms } from '../model/units';
import { scheduleTitle } from '../schedules/registry';
import { Stream } from '../sim/timeline';
import { metricsSummary } from './svg-metrics';
import { xmlEscape } from '../util/xml';
import { assert } from '../util/assert';
import { LIMITS } from '../format/limits';
import { TextOut } from './text-out';

export interface SvgOptions {
  /** Title at the top; default: the first analysis's scenario name. */
  title?: string;
  theme?: Theme;
  /** saveScenario() text, embedded as <metadata id="pipescope-scenario"> so PipeScope can reopen the SVG. */
  scenarioText?: string;
  /** Width of the picture in px (default 1200, at least 640). */
  width?: number;
  /** One label per analysis for its block header; default: the schedule's title. */
  labels?: string[];
  /** Height of a compute lane, px (default 20). */
  rowHeight?: number;
  /** Give every device a communication lane even without comm parts (default: only when used). */
  showComm?: boolean;
  /** Characters the SVG may have (default LIMITS.exportChars); past it, ExportTooLarge is thrown. */
  maxChars?: number;
}

/** Id of the <metadata> element that holds the scenario (core/format/svg-metadata.ts reads it back). */
export const SCENARIO_METADATA_ID = 'pipescope-scenario';
/** Ids of the layers, for tools and tests: one rect per bar in #ops (an op, or a part of one). */
export const SVG_LAYER_IDS = {
  ops: 'ops',
  transfers: 'transfers',
  bubbles: 'bubbles',
  reverse: 'reverse-direction',
  pairs: 'pairs',
  labels: 'microbatch-labels',
  legend: 'legend',
  axis: 'time-axis',
  lanes: 'lane-labels',
  metrics: 'metrics',
} as const;

const FONT = 'Helvetica, Arial, sans-serif';
const LEFT = 120;
const RIGHT = 24;
const TITLE_Y = 28;
const LEGEND_TOP = 46;
const LEGEND_ROW = 18;
const BLOCK_HEADER = 22;
/** Bars and bubbles narrower than this many px are still drawn (min width) / dropped (bubbles). */
const MIN_BAR_PX = 0.5;
const MIN_BUBBLE_PX = 0.5;

/**
 * A standalone SVG 1.1 picture of one or more analyses stacked on one time axis: title, legend,
 * time axis in ms, device lanes (compute, and communication when used) with each block's schedule
 * label, bars coloured by op kind or part (the second direction of a bidirectional schedule
 * striped), P2P transfers (on a thin lane under the sender when they do not occupy the comm stream),
 * idle time hatched by cause, overlapped pairs outlined, the
 * micro-batch number on bars wide enough to hold it, and a metrics table. Styles are presentation
 * attributes (no stylesheet, generic font fallback), all user text is XML-escaped, and the scenario
 * is embedded in <metadata>. Linear in the number of bars: one pass per layer, strings joined once.
 */
export function renderSvg(analyses: Analysis[], options: SvgOptions = {}): string {
  const theme: Theme = options.theme ?? 'light';
  const colors = CHART_COLORS[theme];
  const width = Math.max(640, Math.round(options.width ?? 1200));
  const rowHeight = options.rowHeight ?? 20;
  const labels = analyses.map((a, k) => options.labels?.[k] ?? scheduleTitle(a.schedule.name));
  const title = options.title ?? analyses[0]?.scenario.name ?? 'PipeScope timeline';

  const timelines = analyses.map((a) => a.timeline);
  const layout = layoutGantt(timelines, {
    rowHeight,
    showComm: options.showComm,
    p2pOnComm: analyses.map((a) => a.scenario.p2p.occupiesComm),
    blockHeader: BLOCK_HEADER,
    blockGap: 12,
  });
  // Idle time by cause, one look (hatch) per legend entry, as the interactive chart tints it.
  const idle = layoutIdle(layout, timelines);
  const looks = new Map<string, { cause: number; d: string[] }>();
  for (let k = 0; k < idle.count; k++) {
    const style = IDLE_STYLES[idle.cause[k]];
    if (!looks.has(style.legend)) looks.set(style.legend, { cause: idle.cause[k], d: [] });
  }
  const reverse = layout.bars.variant?.includes(1) ?? false;
  const plotLeft = LEFT;
  const plotWidth = width - LEFT - RIGHT;
  const span: Ms = layout.makespan > 0 ? layout.makespan : 1;
  // Time as a fraction of the span, then pixels: plotWidth / span overflows to Infinity for a
  // span as small as 5e-324 ms (a valid, if absurd, scenario), and 0 x Infinity is NaN.
  const widthOf = (dt: Ms): number => (dt / span) * plotWidth;
  const xOf = (t: Ms): number => plotLeft + widthOf(t);

  const out = new TextOut(options.maxChars ?? LIMITS.exportChars, 'the SVG');

  // Legend: the categories that occur, then bubble and pair swatches.
  const seen = new Uint8Array(CATEGORIES.length);
  for (let b = 0; b < layout.bars.count; b++) seen[layout.bars.category[b]] = 1;
  const legendItems: { swatch: string; under?: string; label: string }[] = [];
  let firstFill = '';
  for (const c of CATEGORIES) {
    if (!seen[c.id]) continue;
    firstFill ||= c[theme].fill;
    const link = c.id === P2P_CATEGORY && layout.lanes.some((l) => l.link);
    legendItems.push({
      swatch: `fill="${c[theme].fill}"`,
      label: link ? `${c.label} (lane under the sender)` : c.label,
    });
  }
  if (reverse)
    legendItems.push({
      under: `fill="${firstFill}"`,
      swatch: 'fill="url(#reverse-stripes)"',
      label: 'striped: runs from the last device to device 0 (second direction)',
    });
  for (const [legend, look] of looks)
    legendItems.push({ swatch: `fill="url(#idle-hatch-${look.cause})"`, label: legend });
  if (layout.pairs.count > 0) {
    legendItems.push({
      swatch: `fill="none" stroke="${colors.pairOutline}" stroke-width="1.5"`,
      label: 'overlapped F&B pair',
    });
  }
  const legend: string[] = [];
  let lx = plotLeft;
  let ly = LEGEND_TOP;
  for (const item of legendItems) {
    const w = 20 + Math.ceil(item.label.length * 6.2) + 16;
    if (lx + w > width - RIGHT && lx > plotLeft) {
      lx = plotLeft;
      ly += LEGEND_ROW;
    }
    if (item.under) legend.push(`<rect x="${lx}" y="${ly}" width="12" height="12" ${item.under}/>`);
    legend.push(
      `<rect x="${lx}" y="${ly}" width="12" height="12" ${item.swatch}/>`,
      `<text x="${lx + 17}" y="${ly + 10}">${xmlEscape(item.label)}</text>`,
    );
    lx += w;
  }
  const chartTop = ly + LEGEND_ROW + 10;
  const chartBottom = chartTop + layout.height;

  // Metrics table below the axis.
  const summary = metricsSummary(analyses, labels);
  const tableTop = chartBottom + 52;
  const tableRow = 18;
  const height = tableTop + tableRow * (summary.rows.length + 1) + summary.notes.length * 15 + 18;

  out.push(
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="11" fill="${colors.text}">\n`,
    `<title>${xmlEscape(title)}</title>\n`,
    `<desc>PipeScope timeline: ${xmlEscape(labels.join(', '))}. Times in ms of simulated device time.</desc>\n`,
  );
  if (options.scenarioText !== undefined) {
    out.push(`<metadata id="${SCENARIO_METADATA_ID}">${xmlEscape(options.scenarioText)}</metadata>\n`);
  }
  const hatches = [...looks.values()].map(({ cause }) => {
    const h = IDLE_STYLES[cause][theme];
    return (
      `<pattern id="idle-hatch-${cause}" width="6" height="6" patternUnits="userSpaceOnUse" ` +
      `patternTransform="rotate(45)"><rect width="6" height="6" fill="${h.fill}"/>` +
      `<path d="M0 0V6" stroke="${h.hatch}" stroke-width="2"/></pattern>`
    );
  });
  out.push(
    `<defs>${hatches.join('')}<pattern id="reverse-stripes" width="4" height="4" patternUnits="userSpaceOnUse" ` +
      'patternTransform="rotate(45)"><path d="M0 0V4" stroke="#000000" stroke-opacity="0.3" stroke-width="1.2"/>' +
      '</pattern></defs>\n',
    `<rect width="${width}" height="${height}" fill="${colors.background}"/>\n`,
    `<text x="${plotLeft}" y="${TITLE_Y}" font-size="18" font-weight="bold">${xmlEscape(title)}</text>\n`,
    `<g id="${SVG_LAYER_IDS.legend}">${legend.join('')}</g>\n`,
  );

  // Axis ticks, grid and the lane labels.
  const ticks = timeTicks(0, span, plotWidth);
  const grid: string[] = [];
  const axis: string[] = [];
  for (const t of ticks) {
    const x = fmt(xOf(t));
    grid.push(`M${x} ${chartTop}V${chartBottom}`);
    axis.push(
      `<path d="M${x} ${chartBottom}v5" stroke="${colors.text}"/>`,
      `<text x="${x}" y="${chartBottom + 18}" text-anchor="middle">${formatTick(t)}</text>`,
    );
  }
  out.push(
    `<path d="${grid.join('')}" stroke="${colors.grid}" fill="none"/>\n`,
    `<g id="${SVG_LAYER_IDS.axis}"><path d="M${plotLeft} ${chartBottom}H${plotLeft + plotWidth}" ` +
      `stroke="${colors.text}"/>${axis.join('')}<text x="${plotLeft + plotWidth / 2}" y="${chartBottom + 36}" ` +
      `text-anchor="middle">time (ms)</text></g>\n`,
  );

  const laneText: string[] = [];
  const separators: string[] = [];
  for (const block of layout.blocks) {
    laneText.push(
      `<text x="8" y="${chartTop + block.y + BLOCK_HEADER - 7}" font-size="12" font-weight="bold">` +
        `${xmlEscape(labels[block.timeline])}</text>`,
    );
  }
  for (const lane of layout.lanes) {
    const y = chartTop + lane.y;
    laneText.push(
      `<text x="${LEFT - 8}" y="${fmt(y + lane.height / 2)}" dy="0.35em" text-anchor="end"` +
        `${lane.stream === Stream.COMM ? ` fill="${colors.mutedText}" font-size="${lane.link ? 7 : 9}"` : ''}>` +
        `${xmlEscape(lane.label)}</text>`,
    );
    separators.push(`M${plotLeft} ${y + lane.height}H${plotLeft + plotWidth}`);
  }
  out.push(
    `<g id="${SVG_LAYER_IDS.lanes}">${laneText.join('')}</g>\n`,
    `<path d="${separators.join('')}" stroke="${colors.laneSeparator}" stroke-width="0.5" fill="none"/>\n`,
  );

  // Idle time: one hatched path per look (cause).
  for (let k = 0; k < idle.count; k++) {
    const x0 = xOf(idle.start[k]);
    const w = widthOf(idle.end[k] - idle.start[k]);
    if (w < MIN_BUBBLE_PX) continue;
    const lane = layout.lanes[idle.lane[k]];
    looks
      .get(IDLE_STYLES[idle.cause[k]].legend)
      ?.d.push(`M${fmt(x0)} ${chartTop + lane.y}h${fmt(w)}v${lane.height}h${fmt(-w)}z`);
  }
  out.push(
    `<g id="${SVG_LAYER_IDS.bubbles}">${[...looks.values()]
      .map((look) => `<path d="${look.d.join('')}" fill="url(#idle-hatch-${look.cause})"/>`)
      .join('')}</g>\n`,
  );

  // Bars: per lane a translated group, inside it one group per colour.
  out.push(...barLayer(layout, theme, chartTop, xOf, widthOf));
  if (reverse) out.push(reverseLayer(layout, chartTop, xOf, widthOf));
  out.push(transferLayer(layout, theme, chartTop, xOf, widthOf));

  // Overlapped pairs: one outlined path.
  const pairs: string[] = [];
  const pc = layout.pairs;
  for (let k = 0; k < pc.count; k++) {
    const lane = layout.lanes[pc.lane[k]];
    const x0 = xOf(pc.start[k]);
    const w = Math.max(MIN_BAR_PX, widthOf(pc.end[k] - pc.start[k]));
    pairs.push(`M${fmt(x0)} ${chartTop + lane.y + 1}h${fmt(w)}v${lane.height - 2}h${fmt(-w)}z`);
  }
  out.push(
    `<g id="${SVG_LAYER_IDS.pairs}"><path d="${pairs.join('')}" fill="none" stroke="${colors.pairOutline}" ` +
      'stroke-width="1.5"/></g>\n',
  );

  out.push(...microbatchLabels(layout, theme, chartTop, xOf, widthOf));

  // Metrics table.
  const table: string[] = [];
  const firstColumn = 290;
  const colWidth = Math.min(170, (width - RIGHT - 16 - firstColumn) / Math.max(1, summary.header.length - 1));
  const cell = (row: string[], y: number, bold: boolean): void => {
    row.forEach((text, c) => {
      const x = c === 0 ? 16 : 16 + firstColumn + (c - 1) * colWidth;
      table.push(
        `<text x="${fmt(x)}" y="${y}"${bold || c === 0 ? ' font-weight="bold"' : ''}>${xmlEscape(text)}</text>`,
      );
    });
  };
  cell(summary.header, tableTop, true);
  summary.rows.forEach((row, r) => {
    cell(row, tableTop + tableRow * (r + 1), false);
  });
  const notesTop = tableTop + tableRow * (summary.rows.length + 1) + 4;
  summary.notes.forEach((note, k) => {
    table.push(
      `<text x="16" y="${notesTop + 15 * k}" font-size="10" fill="${colors.mutedText}">${xmlEscape(note)}</text>`,
    );
  });
  out.push(`<g id="${SVG_LAYER_IDS.metrics}">${table.join('')}</g>\n`, '</svg>\n');
  return out.text();
}

/**
 * The P2P transfers as one path: on each lane, overlapping transfers merged into one stretch (a
 * device can send several at once), so the file grows by one short path segment per stretch.
 */
function transferLayer(
  layout: GanttLayout,
  theme: Theme,
  chartTop: number,
  xOf: (t: Ms) => number,
  widthOf: (dt: Ms) => number,
): string {
  const { bars, laneStart, lanes } = layout;
  const d: string[] = [];
  for (let k = 0; k < lanes.length; k++) {
    const lane = lanes[k];
    let from = Number.NaN;
    let to = Number.NaN;
    const flush = () => {
      if (!(to >= from)) return;
      const w = Math.max(MIN_BAR_PX, widthOf(to - from));
      d.push(`M${fmt(xOf(from))} ${fmt(chartTop + lane.y)}h${fmt(w)}v${lane.height}h${fmt(-w)}z`);
    };
    for (let b = laneStart[k]; b < laneStart[k + 1]; b++) {
      if (bars.category[b] !== P2P_CATEGORY) continue;
      if (bars.start[b] <= to) {
        if (bars.end[b] > to) to = bars.end[b];
        continue;
      }
      flush();
      from = bars.start[b];
      to = bars.end[b];
    }
    flush();
  }
  return `<g id="${SVG_LAYER_IDS.transfers}"><path d="${d.join('')}" fill="${CATEGORIES[P2P_CATEGORY][theme].fill}"/></g>\n`;
}

/** Stripes over the bars of chunks that run from the last device to device 0, as one path. */
function reverseLayer(
  layout: GanttLayout,
  chartTop: number,
  xOf: (t: Ms) => number,
  widthOf: (dt: Ms) => number,
): string {
  const { bars, lanes } = layout;
  const variant = bars.variant as Uint8Array;
  const d: string[] = [];
  for (let b = 0; b < bars.count; b++) {
    if (!variant[b] || bars.category[b] === P2P_CATEGORY) continue;
    const lane = lanes[bars.lane[b]];
    const w = Math.max(MIN_BAR_PX, widthOf(bars.end[b] - bars.start[b]));
    d.push(`M${fmt(xOf(bars.start[b]))} ${fmt(chartTop + lane.y)}h${fmt(w)}v${lane.height}h${fmt(-w)}z`);
  }
  return `<g id="${SVG_LAYER_IDS.reverse}"><path d="${d.join('')}" fill="url(#reverse-stripes)"/></g>\n`;
}

/** The op bars (ops and their parts; not the P2P transfers) as one layer. */
function barLayer(
  layout: GanttLayout,
  theme: Theme,
  chartTop: number,
  xOf: (t: Ms) => number,
  widthOf: (dt: Ms) => number,
): string[] {
  const out: string[] = [`<g id="${SVG_LAYER_IDS.ops}">`];
  const { bars, laneStart, lanes } = layout;
  const byCategory: string[][] = CATEGORIES.map(() => []);
  for (let k = 0; k < lanes.length; k++) {
    const lane = lanes[k];
    let any = false;
    for (let b = laneStart[k]; b < laneStart[k + 1]; b++) {
      const category = bars.category[b];
      if (category === P2P_CATEGORY) continue;
      const w = Math.max(MIN_BAR_PX, widthOf(bars.end[b] - bars.start[b]));
      byCategory[category].push(
        `<rect x="${fmt(xOf(bars.start[b]))}" width="${fmt(w)}" height="${lane.height}"/>`,
      );
      any = true;
    }
    if (!any) continue;
    out.push(`<g transform="translate(0,${chartTop + lane.y})">`);
    byCategory.forEach((rects, category) => {
      if (rects.length === 0) return;
      out.push(`<g fill="${CATEGORIES[category][theme].fill}">`, rects.join(''), '</g>');
      rects.length = 0;
    });
    out.push('</g>\n');
  }
  out.push('</g>\n');
  return out;
}

/** Micro-batch numbers, centred on bars at least wide enough for the digits. */
function microbatchLabels(
  layout: GanttLayout,
  theme: Theme,
  chartTop: number,
  xOf: (t: Ms) => number,
  widthOf: (dt: Ms) => number,
): string[] {
  const byColor = new Map<string, string[]>();
  const { bars, lanes } = layout;
  for (let b = 0; b < bars.count; b++) {
    if (bars.category[b] === P2P_CATEGORY) continue;
    const lane = lanes[bars.lane[b]];
    const fontSize = lane.stream === Stream.COMM ? 8 : 10;
    if (lane.height < fontSize + 2) continue;
    const mb = bars.microbatch[b];
    const digits = mb < 10 ? 1 : mb < 100 ? 2 : mb < 1000 ? 3 : mb < 10000 ? 4 : 6;
    const w = widthOf(bars.end[b] - bars.start[b]);
    if (w < digits * fontSize * 0.6 + 4) continue;
    const color = CATEGORIES[bars.category[b]][theme].text;
    let list = byColor.get(`${color} ${fontSize}`);
    if (!list) byColor.set(`${color} ${fontSize}`, (list = []));
    list.push(
      `<text x="${fmt(xOf(bars.start[b]) + w / 2)}" y="${fmt(chartTop + lane.y + lane.height / 2 + fontSize * 0.35)}">${mb}</text>`,
    );
  }
  const out = [`<g id="${SVG_LAYER_IDS.labels}" text-anchor="middle">`];
  for (const [key, list] of byColor) {
    const [color, size] = key.split(' ');
    out.push(`<g fill="${color}" font-size="${size}">`, list.join(''), '</g>');
  }
  out.push('</g>\n');
  return out;
}

/** A coordinate with at most one decimal (the picture's resolution is 0.1 px). */
function fmt(v: number): string {
  // Validated scenarios give finite times (core/format/validate.ts), so no NaN reaches a file.
  assert(Number.isFinite(v), `an SVG coordinate is ${v}`);
  // Integer arithmetic: formatting two small integers is much cheaper than a shortest-round-trip double.
  const tenths = Math.round(v * 10);
  const abs = tenths < 0 ? -tenths : tenths;
  const whole = (abs - (abs % 10)) / 10;
  const digit = abs % 10;
  const sign = tenths < 0 ? '-' : '';
  return digit === 0 ? `${sign}${whole}` : `${sign}${whole}.${digit}`;
}

function formatTick(t: Ms): string {
  return String(Math.round(t * 1e6) / 1e6);
}
