import { describe, expect, it } from 'vitest';
import { layoutGantt } from '../../core/layout/gantt-layout';
import { buildTimeline } from '../../core/layout/test-timelines';
import { OpKind } from '../../core/model/ops';
import { collectLaneBars, type Label, labelFits, RectBuckets, xMap } from './draw';
import { buildIndex } from './spatial-index';

const { F, B, W } = OpKind;

function rects(out: RectBuckets): [number, number, number][] {
  const r: [number, number, number][] = [];
  out.count.forEach((n, g) => {
    for (let i = 0; i < n; i++) r.push([g, out.data[g][i * 4], out.data[g][i * 4 + 2]]);
  });
  return r.sort((a, b) => a[1] - b[1]);
}

describe('collectLaneBars', () => {
  it('draws wide bars at their scaled position with a 1-px seam, and labels those wide enough', () => {
    const t = buildTimeline([
      [
        { kind: F, mb: 0, start: 0, end: 10 },
        { kind: B, mb: 12, start: 10, end: 11 },
      ],
    ]);
    const layout = layoutGantt([t]);
    const out = new RectBuckets(16);
    const labels: Label[] = [];
    // 0..20 ms over 200 px: 10 px per ms.
    collectLaneBars(layout, buildIndex(layout), 0, xMap({ t0: 0, t1: 20 }, 200), 2, 20, out, labels);
    expect(rects(out)).toEqual([
      [F, 0, 99],
      [B, 100, 9],
    ]);
    // "0" fits in 100 px; "12" needs about 18 px and the B bar has 10.
    expect(labels.map((l) => [l.text, l.x])).toEqual([['0', 50]]);
  });

  it('labels no bar of micro-batch -1 (a measured kernel drawn under a plan)', () => {
    const layout = layoutGantt([buildTimeline([[{ kind: F, mb: 0, start: 0, end: 10 }]])]);
    layout.bars.microbatch[0] = -1;
    const labels: Label[] = [];
    collectLaneBars(
      layout,
      buildIndex(layout),
      0,
      xMap({ t0: 0, t1: 20 }, 200),
      2,
      20,
      new RectBuckets(16),
      labels,
    );
    expect(labels).toEqual([]);
  });

  it('zoomed out, merges sub-pixel bars into about one rect per pixel column per lane', () => {
    // 10,000 ops of 0.1 ms back to back on one device = 1000 ms; drawn 500 px wide: 20 ops per px.
    const ops = Array.from({ length: 10_000 }, (_, i) => ({
      kind: (i % 20 < 15 ? F : W) as OpKind,
      mb: i,
      start: i * 0.1,
      end: i * 0.1 + 0.1,
    }));
    const layout = layoutGantt([buildTimeline([ops])]);
    const out = new RectBuckets(16);
    const visited = collectLaneBars(
      layout,
      buildIndex(layout),
      0,
      xMap({ t0: 0, t1: 1000 }, 500),
      0,
      10,
      out,
      [],
    );
    expect(visited).toBe(10_000);
    const r = rects(out);
    expect(r.length).toBeGreaterThanOrEqual(490);
    expect(r.length).toBeLessThanOrEqual(510);
    // Every rect is at least one pixel wide and, in each column, F (15 of 20 ops) dominates.
    for (const [g, , w] of r) {
      expect(w).toBeGreaterThanOrEqual(1);
      expect(g).toBe(F);
    }
  });

  it('draws a lone op far narrower than a pixel one pixel wide', () => {
    const t = buildTimeline([[{ kind: W, mb: 0, start: 500, end: 500.001 }]], { makespan: 1000 });
    const layout = layoutGantt([t]);
    const out = new RectBuckets(16);
    collectLaneBars(layout, buildIndex(layout), 0, xMap({ t0: 0, t1: 1000 }, 1000), 0, 10, out, null);
    expect(rects(out)).toEqual([[W, 500, 1]]);
  });

  it('skips bars outside the view entirely', () => {
    const t = buildTimeline([
      [
        { kind: F, mb: 0, start: 0, end: 1 },
        { kind: F, mb: 1, start: 50, end: 51 },
        { kind: F, mb: 2, start: 99, end: 100 },
      ],
    ]);
    const layout = layoutGantt([t]);
    const out = new RectBuckets(16);
    const visited = collectLaneBars(
      layout,
      buildIndex(layout),
      0,
      xMap({ t0: 40, t1: 60 }, 200),
      0,
      10,
      out,
      null,
    );
    expect(visited).toBe(1);
    expect(rects(out)).toEqual([[F, 100, 9]]);
  });

  it('estimates label room from the digits', () => {
    expect(labelFits('7', 13)).toBe(true);
    expect(labelFits('7', 12)).toBe(false);
    expect(labelFits('1234', 31)).toBe(true);
    expect(labelFits('1234', 30)).toBe(false);
  });
});
