// @vitest-environment jsdom
// DOMParser comes from jsdom (to read the SVG the painting is compared with); the painter itself
// only sees the recording context below.
import { describe, expect, it } from 'vitest';
import { CATEGORIES, CHART_COLORS } from '../layout/palette';
import { oneFOneBTwoByTwo, pairWithParts } from './fixtures.test-helper';
import { type Canvas2D, paintPicture } from './paint-canvas';
import { planPicture } from './picture';
import { renderSvg, SVG_LAYER_IDS } from './svg';

interface Call {
  op: string;
  args: unknown[];
  fillStyle: unknown;
  font: string;
}

/** A Canvas2D that records every call with the fill colour and font at that moment. */
function recorder(): Canvas2D & { calls: Call[] } {
  const calls: Call[] = [];
  const ctx = {
    calls,
    fillStyle: '' as unknown,
    strokeStyle: '' as unknown,
    lineWidth: 1,
    font: '',
    textAlign: 'start',
    textBaseline: 'alphabetic',
  } as Canvas2D & { calls: Call[] };
  for (const op of [
    'save',
    'restore',
    'scale',
    'beginPath',
    'rect',
    'moveTo',
    'lineTo',
    'clip',
    'fill',
    'stroke',
    'fillRect',
    'strokeRect',
    'fillText',
  ] as const) {
    (ctx as unknown as Record<string, (...a: unknown[]) => void>)[op] = (...args: unknown[]) => {
      calls.push({ op, args, fillStyle: ctx.fillStyle, font: ctx.font });
    };
  }
  return ctx;
}

/** The SVG's op bars as (fill, x, y, width, height), y from the lane group's translate. */
function svgBars(svg: string): string[] {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const out: string[] = [];
  for (const lane of doc.getElementById(SVG_LAYER_IDS.ops)!.children) {
    const y = Number(/translate\(0,([\d.]+)\)/.exec(lane.getAttribute('transform') ?? '')?.[1]);
    for (const group of lane.children)
      for (const r of group.children)
        out.push(
          `${group.getAttribute('fill')} ${r.getAttribute('x')} ${y} ${r.getAttribute('width')} ${r.getAttribute('height')}`,
        );
  }
  return out.sort();
}

const round1 = (v: unknown) => String(Math.round(Number(v) * 10) / 10);

describe('paintPicture', () => {
  it('paints the bars the SVG draws: same colours, places and sizes', () => {
    for (const [analysis, options] of [
      [oneFOneBTwoByTwo(), { width: 1024 }],
      [pairWithParts(), {}],
      [oneFOneBTwoByTwo(), { scope: { range: { t0: 3, t1: 6 } } }],
    ] as const) {
      const ctx = recorder();
      const plan = planPicture([analysis], options);
      paintPicture(ctx, plan);
      const bars = new Set(CATEGORIES.map((c) => c.light.fill));
      const painted = ctx.calls
        .filter((c) => c.op === 'fillRect' && bars.has(String(c.fillStyle)) && c.args[2] !== 12)
        .map((c) => `${c.fillStyle} ${c.args.map(round1).join(' ')}`)
        .sort();
      expect(painted).toEqual(svgBars(renderSvg([analysis], options)));
    }
  });

  it('fills the background in the theme, at the scale asked for', () => {
    const ctx = recorder();
    const plan = planPicture([oneFOneBTwoByTwo()], { theme: 'dark' });
    paintPicture(ctx, plan, 2);
    expect(ctx.calls[1]).toMatchObject({ op: 'scale', args: [2, 2] });
    const background = ctx.calls.find((c) => c.op === 'fillRect');
    expect(background).toMatchObject({ args: [0, 0, plan.width, plan.height] });
    expect(background?.fillStyle).toBe(CHART_COLORS.dark.background);
  });

  it('writes the title, the device labels, the micro-batch numbers and the metrics table', () => {
    const ctx = recorder();
    paintPicture(ctx, planPicture([oneFOneBTwoByTwo()], { title: 'Two by two' }));
    const texts = ctx.calls.filter((c) => c.op === 'fillText').map((c) => c.args[0]);
    expect(texts[0]).toBe('Two by two');
    expect(texts).toContain('Device 0');
    expect(texts).toContain('Device 1');
    expect(texts).toContain('time (ms)');
    expect(texts).toContain('Makespan (ms)');
    expect(texts).toContain('9'); // the makespan, in the table and on the axis
    // Micro-batch numbers: one per op bar wide enough (all 8 at 1200 px over 9 ms).
    expect(texts.filter((t) => t === '0' || t === '1').length).toBeGreaterThanOrEqual(8);
  });
});
