// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Analysis, analyze } from '../../core/analyze';
import { layoutGantt } from '../../core/layout/gantt-layout';
import { defaultScenario, type Scenario, type ScheduleName } from '../../core/model/scenario';
import { Stream } from '../../core/sim/timeline';
import { AppStore } from '../state/store';
import { ChartWithBreakdown } from './chart-with-breakdown';

// jsdom has no canvas: the chart renders its DOM regardless.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
afterEach(cleanup);

const scenario: Scenario = { ...defaultScenario(), devices: 4, microbatches: 8 };

function analysis(schedule: ScheduleName): Analysis {
  const r = analyze(scenario, schedule);
  if (!r.ok) throw new Error(`${schedule} should run: ${JSON.stringify(r.errors)}`);
  return r.analysis;
}

const timelines = [
  { label: '1F1B', analysis: analysis('1f1b') },
  { label: 'GPipe', analysis: analysis('gpipe') },
];

/** Each breakdown bar's block, device and vertical extent (px from the top of the first row). */
function bars() {
  return screen.getAllByTestId('breakdown-bar').map((g) => {
    const rect = g.querySelector('rect');
    if (!rect) throw new Error('a breakdown bar without segments');
    const y = Number(rect.getAttribute('y'));
    return {
      block: Number(g.dataset.block),
      device: Number(g.dataset.device),
      top: y,
      bottom: y + Number(rect.getAttribute('height')),
    };
  });
}

describe('ChartWithBreakdown', () => {
  it("puts each device's bar inside its compute lane as core's layoutGantt places it, at both densities", () => {
    const store = new AppStore(scenario, { path: null, name: 'x' });
    render(<ChartWithBreakdown store={store} timelines={timelines} showComm={false} />);
    for (const density of ['compact', 'normal'] as const) {
      act(() => store.setView({ chartDensity: density }));
      const layout = layoutGantt(
        timelines.map((t) => t.analysis.timeline),
        { density },
      );
      const lanes = layout.lanes.filter((l) => l.stream === Stream.COMPUTE);
      const shown = bars();
      expect(shown).toHaveLength(2 * scenario.devices);
      for (const bar of shown) {
        const lane = lanes.find((l) => l.timeline === bar.block && l.device === bar.device);
        expect(lane).toBeDefined();
        expect(bar.top).toBeGreaterThanOrEqual(lane!.y);
        expect(bar.bottom).toBeLessThanOrEqual(lane!.y + lane!.height);
      }
    }
  });

  it('centres each bar on its row when two 4-device blocks stack in compact rows (18 px header, 9 px rows, 6 px gap)', () => {
    const store = new AppStore(scenario, { path: null, name: 'x' });
    render(<ChartWithBreakdown store={store} timelines={timelines} showComm={false} />);
    act(() => store.setView({ chartDensity: 'compact' }));
    const centres = bars().map((b) => (b.top + b.bottom) / 2);
    const second = 18 + 4 * 9 + 6 + 18;
    const rowCentres = [18, 27, 36, 45, second, second + 9, second + 18, second + 27].map((y) => y + 4.5);
    expect(centres).toHaveLength(rowCentres.length);
    // Whole-pixel bars: within a pixel of the row's middle.
    for (const [k, c] of centres.entries()) expect(Math.abs(c - rowCentres[k])).toBeLessThanOrEqual(1);
  });
});
