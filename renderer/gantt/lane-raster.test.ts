import { describe, expect, it } from 'vitest';
import { layoutGantt } from '../../core/layout/gantt-layout';
import { CATEGORIES, shadeOf } from '../../core/layout/palette';
import { buildTimeline } from '../../core/layout/test-timelines';
import { uniformConfig } from '../../core/model/config';
import { OpKind } from '../../core/model/ops';
import { SCHEDULES } from '../../core/schedules';
import { simulate } from '../../core/sim/simulate';
import type { Timeline } from '../../core/sim/timeline';
import { xMap } from './draw';
import { type BarPixels, type Label, LaneRaster, labelFits } from './lane-raster';
import { PixelBuffer, pixelOf } from './pixel-buffer';
import { buildIndex } from './spatial-index';

const { F, B, W, BW } = OpKind;
const BG = pixelOf('#ffffff');
const colors: BarPixels = {
  fill: Uint32Array.from(CATEGORIES, (c) => pixelOf(c.light.fill)),
  shade: Uint32Array.from(CATEGORIES, (c) => pixelOf(shadeOf(c.light.fill))),
};
const fill = (cat: number) => colors.fill[cat];

function buffer(width: number, height: number): PixelBuffer {
  const buf = new PixelBuffer({ width, height, data: new Uint8ClampedArray(width * height * 4) }, 1);
  buf.clear(BG);
  return buf;
}

/** Draws lane `lane` of the timeline's layout, t0..t1 over `width` px, bars in rows [0, height). */
function draw(t: Timeline, t0: number, t1: number, width: number, height = 20, lane = 0) {
  const layout = layoutGantt([t]);
  const buf = buffer(width, height);
  const labels: Label[] = [];
  const raster = new LaneRaster();
  const visited = raster.raster(
    buf,
    layout,
    buildIndex(layout),
    lane,
    xMap({ t0, t1 }, width),
    0,
    height,
    colors,
    labels,
  );
  return { buf, labels, visited, merged: raster.takeMerged() };
}

/** The colours of column x, top to bottom, as runs [pixel, count]. */
function column(buf: PixelBuffer, x: number): [number, number][] {
  const runs: [number, number][] = [];
  for (let y = 0; y < buf.height; y++) {
    const p = buf.at(x, y);
    if (runs.length && runs[runs.length - 1][0] === p) runs[runs.length - 1][1]++;
    else runs.push([p, 1]);
  }
  return runs;
}

describe('LaneRaster', () => {
  it('draws bars wider than a pixel at their scaled position, ending in a 1-px seam of their shade', () => {
    // 0..20 ms over 200 px: 10 px per ms. F [0, 10] is pixels 0..99, B [10, 11] pixels 100..109.
    const t = buildTimeline([
      [
        { kind: F, mb: 0, start: 0, end: 10 },
        { kind: B, mb: 12, start: 10, end: 11 },
      ],
    ]);
    const { buf, labels } = draw(t, 0, 20, 200);
    expect(column(buf, 0)).toEqual([[fill(F), 20]]);
    expect(column(buf, 98)).toEqual([[fill(F), 20]]);
    expect(column(buf, 99)).toEqual([[colors.shade[F], 20]]);
    expect(column(buf, 100)).toEqual([[fill(B), 20]]);
    expect(column(buf, 109)).toEqual([[colors.shade[B], 20]]);
    expect(column(buf, 110)).toEqual([[BG, 20]]);
    // "0" fits in 100 px; "12" needs about 18 px and the B bar has 10.
    expect(labels.map((l) => [l.text, l.x])).toEqual([['0', 50]]);
  });

  it('labels no bar of micro-batch -1 (a measured kernel drawn under a plan), nor one that would touch the label before', () => {
    const lone = layoutGantt([buildTimeline([[{ kind: F, mb: 0, start: 0, end: 10 }]])]);
    lone.bars.microbatch[0] = -1;
    const labels: Label[] = [];
    new LaneRaster().raster(
      buffer(200, 20),
      lone,
      buildIndex(lone),
      0,
      xMap({ t0: 0, t1: 20 }, 200),
      0,
      20,
      colors,
      labels,
    );
    expect(labels).toEqual([]);
    // Two overlapping transfers-like bars: "20" over [0, 3] and "44" over [0.5, 3.5] (30 px each at
    // 10 px/ms) would put their labels 5 px apart: only the first is drawn.
    const t = buildTimeline([
      [
        { kind: F, mb: 20, start: 0, end: 3 },
        { kind: F, mb: 44, start: 0.5, end: 3.5 },
      ],
    ]);
    expect(draw(t, 0, 20, 200).labels.map((l) => l.text)).toEqual(['20']);
  });

  it('zoomed out, each pixel column shows its kinds by share of time and no idle where the lane is busy', () => {
    // 10,000 ops of 0.1 ms back to back, 15 F then 5 W in every 20; 1000 ms over 500 px: every
    // column holds 20 ops, 15 F and 5 W, so of 20 rows 15 are F and 5 are W.
    const ops = Array.from({ length: 10_000 }, (_, i) => ({
      kind: (i % 20 < 15 ? F : W) as OpKind,
      mb: i,
      start: i * 0.1,
      end: i * 0.1 + 0.1,
    }));
    const { buf, visited, merged } = draw(buildTimeline([ops]), 0, 1000, 500);
    expect(visited).toBe(10_000);
    expect(merged).toBe(500);
    for (let x = 0; x < 500; x++)
      expect([x, column(buf, x)]).toEqual([
        x,
        [
          [fill(F), 15],
          [fill(W), 5],
        ],
      ]);
  });

  it('shows a column half busy as half its height of work, the rest left idle', () => {
    // Ops of 0.05 ms every 0.1 ms: 1 ms per px, so each column is 50% busy: 10 of 20 rows.
    const ops = Array.from({ length: 1000 }, (_, i) => ({
      kind: F,
      mb: i,
      start: i * 0.1,
      end: i * 0.1 + 0.05,
    }));
    const { buf } = draw(buildTimeline([ops], { makespan: 100 }), 0, 100, 100);
    for (let x = 0; x < 100; x++)
      expect(column(buf, x)).toEqual([
        [fill(F), 10],
        [BG, 10],
      ]);
  });

  it('marks a lone op far narrower than a pixel with a 1-px wide, 3-px tall mark', () => {
    const t = buildTimeline([[{ kind: W, mb: 0, start: 500, end: 500.001 }]], { makespan: 1000 });
    const { buf } = draw(t, 0, 1000, 1000);
    expect(column(buf, 500)).toEqual([
      [fill(W), 3],
      [BG, 17],
    ]);
    expect(column(buf, 499)).toEqual([[BG, 20]]);
    expect(column(buf, 501)).toEqual([[BG, 20]]);
  });

  it('skips bars outside the view entirely', () => {
    const t = buildTimeline([
      [
        { kind: F, mb: 0, start: 0, end: 1 },
        { kind: F, mb: 1, start: 50, end: 51 },
        { kind: F, mb: 2, start: 99, end: 100 },
      ],
    ]);
    const { buf, visited } = draw(t, 40, 60, 200);
    expect(visited).toBe(1);
    expect(column(buf, 100)).toEqual([[fill(F), 20]]);
    expect(column(buf, 99)).toEqual([[BG, 20]]);
  });

  it('stripes the bars of a chunk running from the last device to device 0 with their shade, one pixel in four', () => {
    const t = buildTimeline([[{ kind: F, mb: 0, start: 0, end: 10 }]]);
    const layout = layoutGantt([t]);
    (layout.bars.variant as Uint8Array)[0] = 1;
    const buf = buffer(20, 8);
    new LaneRaster().raster(
      buf,
      layout,
      buildIndex(layout),
      0,
      xMap({ t0: 0, t1: 20 }, 20),
      0,
      8,
      colors,
      null,
    );
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 9; x++) expect(buf.at(x, y)).toBe((x + y) % 4 === 0 ? colors.shade[F] : fill(F));
  });

  it('estimates label room from the digits', () => {
    expect(labelFits('7', 13)).toBe(true);
    expect(labelFits('7', 12)).toBe(false);
    expect(labelFits('1234', 31)).toBe(true);
    expect(labelFits('1234', 30)).toBe(false);
  });
});

describe('LaneRaster on 1F1B, 64 devices x 512 micro-batches', () => {
  it('draws no idle pixel in any device’s steady state, at any of three zoomed-out widths', () => {
    // F = 1, B+W = 2 (W = 0 makes every backward a full BW): in 1F1B's steady state a device runs
    // F and BW back to back, from its first BW to its last F, with no idle time at all.
    const config = uniformConfig(64, 512, 1, 2, 0);
    const r = simulate(SCHEDULES['1f1b'].generate(config), config);
    if (!r.ok) throw new Error(r.error.message);
    const t = r.timeline;
    const s = t.schedule;
    const layout = layoutGantt([t]);
    const index = buildIndex(layout);
    const raster = new LaneRaster();
    const bars = new Set([fill(F), fill(BW)]);
    for (const width of [640, 1000, 1437]) {
      const x = xMap({ t0: 0, t1: t.makespan }, width);
      for (let d = 0; d < 64; d++) {
        let firstB = Number.POSITIVE_INFINITY;
        let lastF = 0;
        for (let i = s.deviceStart[d]; i < s.deviceStart[d + 1]; i++) {
          if (s.kind[i] === BW) firstB = Math.min(firstB, t.start[i]);
          else lastF = Math.max(lastF, t.end[i]);
        }
        const buf = buffer(width, 20);
        raster.raster(buf, layout, index, d, x, 0, 20, colors, null);
        // Whole pixel columns inside [firstB, lastF].
        const from = Math.ceil(firstB * x.pxPerMs);
        const to = Math.floor(lastF * x.pxPerMs);
        expect(to - from).toBeGreaterThan(width / 3);
        let forward = 0;
        for (let c = from; c < to; c++)
          for (let y = 0; y < 20; y++) {
            const p = buf.at(c, y);
            if (!bars.has(p))
              throw new Error(`width ${width}, device ${d}: pixel (${c}, ${y}) is not F or BW`);
            if (p === fill(F)) forward++;
          }
        // And both kinds show in proportion: a third of the steady state's time is F (1 of 1 + 2 ms).
        expect(forward / ((to - from) * 20)).toBeCloseTo(1 / 3, 1);
      }
    }
  });
});
