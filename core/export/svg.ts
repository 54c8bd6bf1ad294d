import type { Analysis } from '../analyze';
import { LIMITS } from '../format/limits';
import { CATEGORIES, CHART_COLORS, IDLE_STYLES, P2P_CATEGORY } from '../layout/palette';
import { assert } from '../util/assert';
import { xmlEscape } from '../util/xml';
import {
  FONT,
  FONT_SIZE,
  forEachBarOfLane,
  forEachMicrobatchLabel,
  forEachTransferStretch,
  forEachVisible,
  MIN_BAR_PX,
  MIN_BUBBLE_PX,
  type PictureOptions,
  type PicturePlan,
  type PictureText,
  planPicture,
  TITLE_Y,
} from './picture';
import { TextOut } from './text-out';

export interface SvgOptions extends PictureOptions {
  /** saveScenario() text, embedded as <metadata id="pipescope-scenario"> so PipeScope can reopen the SVG. */
  scenarioText?: string;
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
  scope: 'scope',
} as const;

/**
 * A standalone SVG 1.1 picture of one or more analyses stacked on one time axis: title, legend,
 * time axis in ms, device lanes (compute, and communication when used) with each block's schedule
 * label, bars coloured by op kind or part (the second direction of a bidirectional schedule
 * striped), P2P transfers (on a thin lane under the sender when they do not occupy the comm stream),
 * idle time hatched by cause, overlapped pairs outlined, the micro-batch number on bars wide enough
 * to hold it, and a metrics table. Styles are presentation
 * attributes (no stylesheet, generic font fallback), all user text is XML-escaped, and the scenario
 * is embedded in <metadata>. Linear in the number of bars: one pass per layer, strings joined once.
 * With a scope, only its devices and its time range are drawn (picture.ts); the metrics stay those
 * of the whole run, and a caption under the axis says what is shown.
 */
export function renderSvg(analyses: Analysis[], options: SvgOptions = {}): string {
  const plan = planPicture(analyses, options);
  const { theme, width, height, title, labels, layout, plotLeft, plotWidth, chartTop, chartBottom } = plan;
  const colors = CHART_COLORS[theme];
  const out = new TextOut(options.maxChars ?? LIMITS.exportChars, 'the SVG');

  const legend: string[] = [];
  for (const item of plan.legend) {
    const sw = item.swatch;
    const swatch =
      sw.kind === 'fill'
        ? `fill="${sw.color}"`
        : sw.kind === 'hatch'
          ? `fill="url(#idle-hatch-${sw.cause})"`
          : sw.kind === 'stripes'
            ? 'fill="url(#reverse-stripes)"'
            : `fill="none" stroke="${sw.color}" stroke-width="1.5"`;
    if (sw.kind === 'stripes')
      legend.push(`<rect x="${item.x}" y="${item.y}" width="12" height="12" fill="${sw.under}"/>`);
    legend.push(
      `<rect x="${item.x}" y="${item.y}" width="12" height="12" ${swatch}/>`,
      `<text x="${item.x + 17}" y="${item.y + 10}">${xmlEscape(item.label)}</text>`,
    );
  }

  out.push(
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="${FONT_SIZE}" fill="${colors.text}">\n`,
    `<title>${xmlEscape(title)}</title>\n`,
    `<desc>PipeScope timeline: ${xmlEscape(labels.join(', '))}. Times in ms of simulated device time.</desc>\n`,
  );
  if (options.scenarioText !== undefined) {
    out.push(`<metadata id="${SCENARIO_METADATA_ID}">${xmlEscape(options.scenarioText)}</metadata>\n`);
  }
  const hatches = plan.idleLooks.map((cause) => {
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
  const grid: string[] = [];
  const axis: string[] = [];
  for (const t of plan.ticks) {
    grid.push(`M${t.x} ${chartTop}V${chartBottom}`);
    axis.push(
      `<path d="M${t.x} ${chartBottom}v5" stroke="${colors.text}"/>`,
      `<text x="${t.x}" y="${chartBottom + 18}" text-anchor="middle">${t.label}</text>`,
    );
  }
  out.push(
    `<path d="${grid.join('')}" stroke="${colors.grid}" fill="none"/>\n`,
    `<g id="${SVG_LAYER_IDS.axis}"><path d="M${plotLeft} ${chartBottom}H${plotLeft + plotWidth}" ` +
      `stroke="${colors.text}"/>${axis.join('')}<text x="${plotLeft + plotWidth / 2}" y="${chartBottom + 36}" ` +
      `text-anchor="middle">time (ms)</text></g>\n`,
  );
  if (plan.caption) out.push(`<g id="${SVG_LAYER_IDS.scope}">${svgText(plan.caption)}</g>\n`);

  const separators: string[] = [];
  for (const lane of layout.lanes) {
    separators.push(`M${plotLeft} ${chartTop + lane.y + lane.height}H${plotLeft + plotWidth}`);
  }
  out.push(
    `<g id="${SVG_LAYER_IDS.lanes}">${plan.laneLabels.map(svgText).join('')}</g>\n`,
    `<path d="${separators.join('')}" stroke="${colors.laneSeparator}" stroke-width="0.5" fill="none"/>\n`,
  );

  // Idle time: one hatched path per look (cause).
  const idle = plan.idle;
  const lookOf = new Map(plan.idleLooks.map((cause) => [IDLE_STYLES[cause].legend, [] as string[]]));
  forEachVisible(plan, idle.start, idle.end, 0, idle.count, MIN_BUBBLE_PX, true, (x, w, k) => {
    const lane = layout.lanes[idle.lane[k]];
    lookOf
      .get(IDLE_STYLES[idle.cause[k]].legend)
      ?.push(`M${fmt(x)} ${chartTop + lane.y}h${fmt(w)}v${lane.height}h${fmt(-w)}z`);
  });
  out.push(
    `<g id="${SVG_LAYER_IDS.bubbles}">${plan.idleLooks
      .map((cause) => {
        const d = lookOf.get(IDLE_STYLES[cause].legend) ?? [];
        return `<path d="${d.join('')}" fill="url(#idle-hatch-${cause})"/>`;
      })
      .join('')}</g>\n`,
  );

  // Bars: per lane a translated group, inside it one group per colour; then the second direction's
  // stripes over them, and the P2P transfers as merged stretches.
  out.push(...barLayer(plan));
  if (plan.reverse) out.push(reverseLayer(plan));
  out.push(transferLayer(plan));

  // Overlapped pairs: one outlined path.
  const pairs: string[] = [];
  const pc = layout.pairs;
  forEachVisible(plan, pc.start, pc.end, 0, pc.count, MIN_BAR_PX, false, (x, w, k) => {
    const lane = layout.lanes[pc.lane[k]];
    pairs.push(`M${fmt(x)} ${chartTop + lane.y + 1}h${fmt(w)}v${lane.height - 2}h${fmt(-w)}z`);
  });
  out.push(
    `<g id="${SVG_LAYER_IDS.pairs}"><path d="${pairs.join('')}" fill="none" stroke="${colors.pairOutline}" ` +
      'stroke-width="1.5"/></g>\n',
  );

  out.push(...microbatchLabels(plan));
  out.push(`<g id="${SVG_LAYER_IDS.metrics}">${plan.table.map(svgText).join('')}</g>\n`, '</svg>\n');
  return out.text();
}

/** One text of the plan as an SVG <text> element (its content XML-escaped). */
function svgText(t: PictureText): string {
  const attrs = [`x="${fmt(t.x)}"`, `y="${fmt(t.y)}"`];
  if (t.anchor && t.anchor !== 'start') attrs.push(`text-anchor="${t.anchor}"`);
  if (t.color) attrs.push(`fill="${t.color}"`);
  if (t.size) attrs.push(`font-size="${t.size}"`);
  if (t.bold) attrs.push('font-weight="bold"');
  return `<text ${attrs.join(' ')}>${xmlEscape(t.text)}</text>`;
}

/** The P2P transfers as one path: one short segment per stretch of overlapping transfers. */
function transferLayer(plan: PicturePlan): string {
  const { layout, theme, chartTop } = plan;
  const d: string[] = [];
  layout.lanes.forEach((lane, k) => {
    forEachTransferStretch(plan, k, (x, w) => {
      d.push(`M${fmt(x)} ${fmt(chartTop + lane.y)}h${fmt(w)}v${lane.height}h${fmt(-w)}z`);
    });
  });
  return `<g id="${SVG_LAYER_IDS.transfers}"><path d="${d.join('')}" fill="${CATEGORIES[P2P_CATEGORY][theme].fill}"/></g>\n`;
}

/** Stripes over the bars of chunks that run from the last device to device 0, as one path. */
function reverseLayer(plan: PicturePlan): string {
  const { layout, chartTop } = plan;
  const { bars } = layout;
  const variant = bars.variant as Uint8Array;
  const d: string[] = [];
  layout.lanes.forEach((lane, k) => {
    forEachBarOfLane(plan, k, (x, w, b) => {
      if (!variant[b] || bars.category[b] === P2P_CATEGORY) return;
      d.push(`M${fmt(x)} ${fmt(chartTop + lane.y)}h${fmt(w)}v${lane.height}h${fmt(-w)}z`);
    });
  });
  return `<g id="${SVG_LAYER_IDS.reverse}"><path d="${d.join('')}" fill="url(#reverse-stripes)"/></g>\n`;
}

/** The op bars (ops and their parts; not the P2P transfers) as one layer. */
function barLayer(plan: PicturePlan): string[] {
  const { layout, theme, chartTop } = plan;
  const out: string[] = [`<g id="${SVG_LAYER_IDS.ops}">`];
  const { bars, lanes } = layout;
  const byCategory: string[][] = CATEGORIES.map(() => []);
  for (let k = 0; k < lanes.length; k++) {
    const lane = lanes[k];
    let any = false;
    forEachBarOfLane(plan, k, (x, w, b) => {
      const category = bars.category[b];
      if (category === P2P_CATEGORY) return;
      byCategory[category].push(`<rect x="${fmt(x)}" width="${fmt(w)}" height="${lane.height}"/>`);
      any = true;
    });
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
function microbatchLabels(plan: PicturePlan): string[] {
  const byColor = new Map<string, string[]>();
  forEachMicrobatchLabel(plan, (x, y, mb, color, fontSize) => {
    let list = byColor.get(`${color} ${fontSize}`);
    if (!list) byColor.set(`${color} ${fontSize}`, (list = []));
    list.push(`<text x="${fmt(x)}" y="${fmt(y)}">${mb}</text>`);
  });
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
  // (the message is built only when it fails: a template per call cost more than the formatting)
  if (!Number.isFinite(v)) assert(false, `an SVG coordinate is ${v}`);
  // Integer arithmetic: formatting two small integers is much cheaper than a shortest-round-trip double.
  const tenths = Math.round(v * 10);
  const abs = tenths < 0 ? -tenths : tenths;
  const whole = (abs - (abs % 10)) / 10;
  const digit = abs % 10;
  const sign = tenths < 0 ? '-' : '';
  return digit === 0 ? `${sign}${whole}` : `${sign}${whole}.${digit}`;
}
