import type { Analysis } from '../analyze';
import { type GanttLayout, layoutGantt } from '../layout/gantt-layout';
import { type IdleLayout, layoutIdle } from '../layout/idle-layout';
import { CATEGORIES, CHART_COLORS, IDLE_STYLES, P2P_CATEGORY, type Theme } from '../layout/palette';
import { timeTicks } from '../layout/time-axis';
import type { Ms } from '../model/units';
import { scheduleTitle } from '../schedules/registry';
import { Stream } from '../sim/timeline';
import { describeScope, type ExportScope } from './scope';
import { metricsSummary } from './svg-metrics';

/**
 * Where everything of the exported picture goes (title, legend, axis, lanes, bars, metrics table),
 * as one plan that both the SVG writer (svg.ts) and the canvas painter (paint-canvas.ts) draw, so
 * the PNG and the SVG are the same picture. Positions are px of the picture; times stay in ms until
 * `xOf` / `widthOf` place them.
 */

export interface PictureOptions {
  /** Title at the top; default: the first analysis's scenario name. */
  title?: string;
  theme?: Theme;
  /** Width of the picture in px (default 1200, at least 640). */
  width?: number;
  /** One label per analysis for its block header; default: the schedule's title. */
  labels?: string[];
  /** Height of a compute lane, px (default 20). */
  rowHeight?: number;
  /** Give every device a communication lane even without comm parts (default: only when used). */
  showComm?: boolean;
  /** Only these devices and this time range (bars cut at its edges); absent: everything. */
  scope?: ExportScope;
}

/**
 * A legend swatch: a colour; an idle cause's hatch (IDLE_STYLES[cause]); the stripes over a bar of
 * the second direction (drawn over `under`, the first op colour); or a pair's outline.
 */
export type Swatch =
  | { kind: 'fill'; color: string }
  | { kind: 'hatch'; cause: number }
  | { kind: 'stripes'; under: string }
  | { kind: 'outline'; color: string };

export interface PictureText {
  x: number;
  y: number;
  text: string;
  bold?: boolean;
  size?: number;
  color?: string;
  anchor?: 'start' | 'middle' | 'end';
}

export interface PicturePlan {
  width: number;
  height: number;
  theme: Theme;
  title: string;
  labels: string[];
  layout: GanttLayout;
  /** Idle time of the compute lanes by cause (the chart's tints): hatched, one look per legend entry. */
  idle: IdleLayout;
  /** The causes drawn, one per look (IDLE_STYLES[cause].legend), in the legend's order. */
  idleLooks: number[];
  /** Whether some bars run in the second direction of a bidirectional schedule (striped). */
  reverse: boolean;
  /** The time the plot shows, ms: [t0, t1]. Bars are cut at its edges. */
  t0: Ms;
  t1: Ms;
  plotLeft: number;
  plotWidth: number;
  chartTop: number;
  chartBottom: number;
  /** x of time t (px). */
  xOf(t: Ms): number;
  /** Width of a duration (px). */
  widthOf(dt: Ms): number;
  legend: { x: number; y: number; swatch: Swatch; label: string }[];
  ticks: { x: number; label: string }[];
  /** Block headers (the schedules) and lane labels (devices), right-aligned at LEFT - 8. */
  laneLabels: PictureText[];
  /** What part of the timeline is shown, under the axis, when the export has a scope. */
  caption: PictureText | null;
  /** The metrics table: header, rows and the definitions below it. */
  table: PictureText[];
}

export const FONT = 'Helvetica, Arial, sans-serif';
export const FONT_SIZE = 11;
export const LEFT = 120;
const RIGHT = 24;
export const TITLE_Y = 28;
const LEGEND_TOP = 46;
const LEGEND_ROW = 18;
export const BLOCK_HEADER = 22;
/** Bars narrower than this many px are still drawn this wide (a zero-length op stays visible). */
export const MIN_BAR_PX = 0.5;
/** Idle gaps narrower than this many px are not hatched. */
export const MIN_BUBBLE_PX = 0.5;

/** The plan of the picture of `analyses` (stacked on one time axis). */
export function planPicture(analyses: Analysis[], options: PictureOptions = {}): PicturePlan {
  const theme: Theme = options.theme ?? 'light';
  const colors = CHART_COLORS[theme];
  const width = Math.max(640, Math.round(options.width ?? 1200));
  const rowHeight = options.rowHeight ?? 20;
  const labels = analyses.map((a, k) => options.labels?.[k] ?? scheduleTitle(a.schedule.name));
  const title = options.title ?? analyses[0]?.scenario.name ?? 'PipeScope timeline';
  const scope = options.scope;

  const timelines = analyses.map((a) => a.timeline);
  const layout = layoutGantt(timelines, {
    rowHeight,
    showComm: options.showComm,
    p2pOnComm: analyses.map((a) => a.scenario.p2p.occupiesComm),
    blockHeader: BLOCK_HEADER,
    blockGap: 12,
    devices: scope?.devices,
  });
  // Idle time by cause, one look (hatch) per legend entry, as the interactive chart tints it.
  const idle = layoutIdle(layout, timelines);
  const idleLooks: number[] = [];
  const lookSeen = new Set<string>();
  for (let k = 0; k < idle.count; k++) {
    const legend = IDLE_STYLES[idle.cause[k]].legend;
    if (lookSeen.has(legend)) continue;
    lookSeen.add(legend);
    idleLooks.push(idle.cause[k]);
  }
  const reverse = layout.bars.variant?.includes(1) ?? false;
  const plotLeft = LEFT;
  const plotWidth = width - LEFT - RIGHT;
  const t0: Ms = scope?.range ? scope.range.t0 : 0;
  const t1: Ms = scope?.range ? scope.range.t1 : layout.makespan > 0 ? layout.makespan : 1;
  const span: Ms = t1 - t0;
  // Time as a fraction of the span, then pixels: plotWidth / span overflows to Infinity for a
  // span as small as 5e-324 ms (a valid, if absurd, scenario), and 0 x Infinity is NaN.
  const widthOf = (dt: Ms): number => (dt / span) * plotWidth;
  const xOf = (t: Ms): number => plotLeft + widthOf(t - t0);

  // Legend: the categories that occur (transfers on link lanes say so), the second direction's
  // stripes, each idle cause's hatch, and the pair outline.
  const seen = new Uint8Array(CATEGORIES.length);
  for (let b = 0; b < layout.bars.count; b++) seen[layout.bars.category[b]] = 1;
  const items: { swatch: Swatch; label: string }[] = [];
  let firstFill = '';
  const onLinkLanes = layout.lanes.some((l) => l.link);
  for (const c of CATEGORIES) {
    if (!seen[c.id]) continue;
    firstFill ||= c[theme].fill;
    const link = c.id === P2P_CATEGORY && onLinkLanes;
    items.push({
      swatch: { kind: 'fill', color: c[theme].fill },
      label: link ? `${c.label} (lane under the sender)` : c.label,
    });
  }
  if (reverse)
    items.push({
      swatch: { kind: 'stripes', under: firstFill },
      label: 'striped: runs from the last device to device 0 (second direction)',
    });
  for (const cause of idleLooks)
    items.push({ swatch: { kind: 'hatch', cause }, label: IDLE_STYLES[cause].legend });
  if (layout.pairs.count > 0)
    items.push({ swatch: { kind: 'outline', color: colors.pairOutline }, label: 'overlapped F&B pair' });
  const legend: PicturePlan['legend'] = [];
  let lx = plotLeft;
  let ly = LEGEND_TOP;
  for (const item of items) {
    const w = 20 + Math.ceil(item.label.length * 6.2) + 16;
    if (lx + w > width - RIGHT && lx > plotLeft) {
      lx = plotLeft;
      ly += LEGEND_ROW;
    }
    legend.push({ x: lx, y: ly, ...item });
    lx += w;
  }
  const chartTop = ly + LEGEND_ROW + 10;
  const chartBottom = chartTop + layout.height;

  const ticks = timeTicks(t0, t1, plotWidth).map((t) => ({ x: fmtNumber(xOf(t)), label: formatTick(t) }));

  const laneLabels: PictureText[] = [];
  for (const block of layout.blocks) {
    laneLabels.push({
      x: 8,
      y: chartTop + block.y + BLOCK_HEADER - 7,
      text: labels[block.timeline],
      bold: true,
      size: 12,
    });
  }
  for (const lane of layout.lanes) {
    const comm = lane.stream === Stream.COMM;
    // Communication lanes 9 px, the thin P2P link lanes 7 px.
    const size = comm ? (lane.link ? 7 : 9) : FONT_SIZE;
    laneLabels.push({
      x: LEFT - 8,
      // The label's middle on the lane's middle (as the SVG's dy="0.35em" places it).
      y: lane.y + chartTop + lane.height / 2 + 0.35 * size,
      text: lane.label,
      anchor: 'end',
      ...(comm ? { color: colors.mutedText, size } : {}),
    });
  }

  // What the picture leaves out, said under the axis: the metrics stay those of the whole run.
  const scopeText = describeScope(scope, formatCaptionMs);
  const caption: PictureText | null = scopeText
    ? {
        x: plotLeft,
        y: chartBottom + 54,
        text: `Shown: ${scopeText} (of ${formatCaptionMs(layout.makespan)} ms, ${analyses[0]?.schedule.devices ?? 0} devices); metrics below: the whole iteration, every device`,
        size: 10,
        color: colors.mutedText,
      }
    : null;

  // Metrics table below the axis.
  const summary = metricsSummary(analyses, labels);
  const tableTop = chartBottom + 52 + (caption ? 22 : 0);
  const tableRow = 18;
  const height = tableTop + tableRow * (summary.rows.length + 1) + summary.notes.length * 15 + 18;
  const table: PictureText[] = [];
  const firstColumn = 290;
  const colWidth = Math.min(170, (width - RIGHT - 16 - firstColumn) / Math.max(1, summary.header.length - 1));
  const cells = (row: string[], y: number, bold: boolean): void => {
    row.forEach((text, c) => {
      const x = c === 0 ? 16 : 16 + firstColumn + (c - 1) * colWidth;
      table.push({ x: fmtNumber(x), y, text, bold: bold || c === 0 });
    });
  };
  cells(summary.header, tableTop, true);
  summary.rows.forEach((row, r) => {
    cells(row, tableTop + tableRow * (r + 1), false);
  });
  const notesTop = tableTop + tableRow * (summary.rows.length + 1) + 4;
  summary.notes.forEach((note, k) => {
    table.push({ x: 16, y: notesTop + 15 * k, text: note, size: 10, color: colors.mutedText });
  });

  return {
    width,
    height,
    theme,
    title,
    labels,
    layout,
    idle,
    idleLooks,
    reverse,
    t0,
    t1,
    plotLeft,
    plotWidth,
    chartTop,
    chartBottom,
    xOf,
    widthOf,
    legend,
    ticks,
    laneLabels,
    caption,
    table,
  };
}

/**
 * Calls `draw` with each interval of [from, to) (columns start / end) cut to the plan's time range,
 * as x and width in px; intervals outside the range are skipped, and a bar is at least `minPx`
 * wide (a bubble under `minPx` is skipped instead when `dropNarrow`).
 */
export function forEachVisible(
  plan: PicturePlan,
  start: Float64Array,
  end: Float64Array,
  from: number,
  to: number,
  minPx: number,
  dropNarrow: boolean,
  draw: (x: number, w: number, index: number) => void,
): void {
  const { t0, t1 } = plan;
  for (let k = from; k < to; k++) {
    const s = start[k];
    const e = end[k];
    if (e > s ? e <= t0 || s >= t1 : s < t0 || s > t1) continue;
    const cs = Math.max(s, t0);
    const ce = Math.min(e, t1);
    let w = plan.widthOf(ce - cs);
    if (w < minPx) {
      if (dropNarrow) continue;
      w = minPx;
    }
    draw(plan.xOf(cs), w, k);
  }
}

/**
 * Calls `draw` with each stretch of P2P transfers of lane `k` (overlapping transfers merged: a device
 * can send several at once), cut to the plan's time range, as x and width in px (at least
 * MIN_BAR_PX).
 */
export function forEachTransferStretch(
  plan: PicturePlan,
  k: number,
  draw: (x: number, w: number) => void,
): void {
  const { bars, laneStart } = plan.layout;
  const { t0, t1 } = plan;
  let from = Number.NaN;
  let to = Number.NaN;
  const flush = () => {
    if (!(to >= from)) return;
    if (to > from ? to <= t0 || from >= t1 : from < t0 || from > t1) return;
    const cs = Math.max(from, t0);
    draw(plan.xOf(cs), Math.max(MIN_BAR_PX, plan.widthOf(Math.min(to, t1) - cs)));
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

/**
 * Calls `draw` with each bar of lane `k` (ops, parts and transfers) cut to the plan's time range,
 * as x and width in px, at least `minPx` wide.
 */
export function forEachBarOfLane(
  plan: PicturePlan,
  k: number,
  draw: (x: number, w: number, bar: number) => void,
  minPx: number = MIN_BAR_PX,
): void {
  const { bars, laneStart } = plan.layout;
  forEachVisible(plan, bars.start, bars.end, laneStart[k], laneStart[k + 1], minPx, false, draw);
}

/**
 * Calls `draw` for each micro-batch number the picture shows: centred on the visible part of an op
 * bar (not a transfer) wide enough for its digits, in the bar's text colour; 10 px on compute
 * lanes, 8 px on communication lanes, none on lanes too low for the digits.
 */
export function forEachMicrobatchLabel(
  plan: PicturePlan,
  draw: (x: number, y: number, microbatch: number, color: string, fontSize: number) => void,
): void {
  const { layout, theme, chartTop } = plan;
  const { bars, lanes } = layout;
  for (let k = 0; k < lanes.length; k++) {
    const lane = lanes[k];
    const fontSize = lane.stream === Stream.COMM ? 8 : 10;
    if (lane.height < fontSize + 2) continue;
    const y = chartTop + lane.y + lane.height / 2 + fontSize * 0.35;
    forEachBarOfLane(
      plan,
      k,
      (x, w, b) => {
        if (bars.category[b] === P2P_CATEGORY) return;
        const mb = bars.microbatch[b];
        const digits = mb < 10 ? 1 : mb < 100 ? 2 : mb < 1000 ? 3 : mb < 10000 ? 4 : 6;
        if (w < digits * fontSize * 0.6 + 4) return;
        draw(x + w / 2, y, mb, CATEGORIES[bars.category[b]][theme].text, fontSize);
      },
      0,
    );
  }
}

/** A number with at most one decimal, as the SVG writes coordinates. */
function fmtNumber(v: number): number {
  return Math.round(v * 10) / 10;
}

/** A time for the caption: six significant digits (4419.08, 11863.3), enough to name a zoomed range. */
export function formatCaptionMs(t: Ms): string {
  return String(Number(t.toPrecision(6)));
}

export function formatTick(t: Ms): string {
  return String(Math.round(t * 1e6) / 1e6);
}
