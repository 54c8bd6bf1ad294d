import { describe, expect, it } from 'vitest';
import { IDLE_CAUSES } from '../metrics/idle-causes';
import { uniformConfig } from '../model/config';
import { SCHEDULES } from '../schedules';
import { simulate } from '../sim/simulate';
import { layoutGantt } from './gantt-layout';
import { layoutIdle } from './idle-layout';

function oneFOneB(P: number, m: number, p2p = 0) {
  const config = { ...uniformConfig(P, m, 1, 2, 0), p2p };
  const r = simulate(SCHEDULES['1f1b'].generate(config), config);
  if (!r.ok) throw new Error(r.error.message);
  return r.timeline;
}

/** Idle ms per cause on each compute lane of a layout's idle columns. */
function byLane(idle: ReturnType<typeof layoutIdle>, lanes: number): Record<string, number>[] {
  const out = Array.from({ length: lanes }, () => ({}) as Record<string, number>);
  for (let k = 0; k < idle.count; k++) {
    const c = IDLE_CAUSES[idle.cause[k]];
    out[idle.lane[k]][c] = (out[idle.lane[k]][c] ?? 0) + idle.end[k] - idle.start[k];
  }
  return out;
}

describe('layoutIdle', () => {
  it('puts 1F1B’s fill, drain and tail on each device’s compute lane: (P-1)(F+B) in all, by hand', () => {
    // P = 4, F = 1, full backward 2: device d fills dF + (P-1-d)B, drains (P-1-d)F and ends dB before device 0.
    const t = oneFOneB(4, 8);
    const layout = layoutGantt([t]);
    const idle = layoutIdle(layout, [t]);
    expect(byLane(idle, 4)).toEqual([
      { fill: 6, drain: 3 },
      { fill: 5, drain: 2, tail: 2 },
      { fill: 4, drain: 1, tail: 4 },
      { fill: 3, tail: 6 },
    ]);
    // The same gaps as the layout's bubbles, only split by cause: equal totals per lane.
    for (let lane = 0; lane < 4; lane++) {
      let bubbles = 0;
      for (let k = 0; k < layout.bubbles.count; k++)
        if (layout.bubbles.lane[k] === lane) bubbles += layout.bubbles.end[k] - layout.bubbles.start[k];
      expect(Object.values(byLane(idle, 4)[lane]).reduce((a, b) => a + b, 0)).toBeCloseTo(bubbles, 9);
    }
  });

  it('keeps each interval’s index into its timeline’s intervals, and follows the lanes of comm and link rows', () => {
    // P2P 0.5 ms between devices: a P2P link lane under each device, so compute lanes are 0 and 2.
    const t = oneFOneB(2, 2, 0.5);
    const layout = layoutGantt([t]);
    expect(layout.lanes.map((l) => [l.device, l.link === true])).toEqual([
      [0, false],
      [0, true],
      [1, false],
      [1, true],
    ]);
    const idle = layoutIdle(layout, [t]);
    // Device 1 (lane 2) waits [0, 1) for F0 (fill), then [1, 1.5) for its transfer (p2p).
    const lane2 = Array.from({ length: idle.count }, (_, k) => k).filter((k) => idle.lane[k] === 2);
    expect(lane2.slice(0, 2).map((k) => [IDLE_CAUSES[idle.cause[k]], idle.start[k], idle.end[k]])).toEqual([
      ['fill', 0, 1],
      ['p2p', 1, 1.5],
    ]);
    const iv = idle.intervals[0];
    for (let k = 0; k < idle.count; k++) {
      expect(iv.start[idle.ref[k]]).toBe(idle.start[k]);
      expect(iv.cause[idle.ref[k]]).toBe(idle.cause[k]);
    }
  });

  it('skips devices the layout leaves out', () => {
    const t = oneFOneB(4, 8);
    const idle = layoutIdle(layoutGantt([t], { devices: [3] }), [t]);
    expect(byLane(idle, 1)).toEqual([{ fill: 3, tail: 6 }]);
  });
});
