import { describe, expect, it } from 'vitest';
import { layoutGantt } from '../../core/layout/gantt-layout';
import { CATEGORIES, P2P_CATEGORY } from '../../core/layout/palette';
import { criticalPath, PathSegmentKind } from '../../core/metrics/critical-path';
import { uniformConfig } from '../../core/model/config';
import { SCHEDULES } from '../../core/schedules';
import { simulate } from '../../core/sim/simulate';
import { criticalPathLayer } from './critical-path-layer';

describe('criticalPathLayer', () => {
  it('puts 1F1B P = 2, m = 2, P2P 0.5’s path on the lanes: compute on device lanes, transfers between them', () => {
    // By hand (F = 1, BW = 2): F0 on device 0 [0, 1], its transfer [1, 1.5], all of device 1
    // [1.5, 7.5], the gradient's transfer back [7.5, 8], BW1 on device 0 [8, 10].
    const config = { ...uniformConfig(2, 2, 1, 1, 1), p2p: 0.5 };
    const r = simulate(SCHEDULES['1f1b'].generate(config), config);
    if (!r.ok) throw new Error(r.error.message);
    const t = r.timeline;
    const layout = layoutGantt([t]);
    // Lanes: device 0 compute 0, its link lane 1; device 1 compute 2, link 3.
    const layer = criticalPathLayer(layout, [t], [criticalPath(t)]);
    const rows = Array.from({ length: layer.count }, (_, k) => [
      layer.kind[k] === PathSegmentKind.P2P ? 'p2p' : CATEGORIES[layer.category[k]].key,
      layer.start[k],
      layer.end[k],
      layer.lane[k],
      layer.toLane[k],
    ]);
    expect(rows).toEqual([
      ['F', 0, 1, 0, 0],
      ['p2p', 1, 1.5, 0, 2],
      ['F', 1.5, 2.5, 2, 2],
      ['BW', 2.5, 4.5, 2, 2],
      ['F', 4.5, 5.5, 2, 2],
      ['BW', 5.5, 7.5, 2, 2],
      ['p2p', 7.5, 8, 2, 0],
      ['BW', 8, 10, 0, 0],
    ]);
    expect(layer.category[1]).toBe(P2P_CATEGORY);
    expect(Array.from(layer.timelineStart)).toEqual([0, 8]);
  });

  it('has no segments for a timeline whose path is not known', () => {
    const config = uniformConfig(2, 2);
    const r = simulate(SCHEDULES['1f1b'].generate(config), config);
    if (!r.ok) throw new Error(r.error.message);
    const layer = criticalPathLayer(
      layoutGantt([r.timeline, r.timeline]),
      [r.timeline, r.timeline],
      [null, criticalPath(r.timeline)],
    );
    expect(layer.timelineStart[1]).toBe(0);
    expect(layer.count).toBe(layer.timelineStart[2]);
    expect(Math.min(...layer.lane)).toBeGreaterThanOrEqual(2); // all in the second block
  });
});
