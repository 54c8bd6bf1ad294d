// @vitest-environment jsdom
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from '@testing-library/react';
import { buildTimeline } from '../../core/layout/test-timelines';
import { uniformConfig } from '../../core/model/config';
import { SCHEDULES } from '../../core/schedules';
import { simulate } from '../../core/sim/simulate';
import { OpKind } from '../../core/model/ops';
import { GanttChart } from './gantt-chart';

const { F, B } = OpKind;

// jsdom has no canvas: getContext logs "not implemented"; the chart must render its DOM regardless.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
afterEach(cleanup);

const timeline = () =>
  buildTimeline([
    [
      { kind: F, mb: 0, start: 0, end: 1 },
      { kind: B, mb: 0, start: 3, end: 5 },
    ],
    [
      { kind: F, mb: 0, start: 1, end: 2 },
      { kind: B, mb: 0, start: 2, end: 3 },
    ],
    [{ kind: F, mb: 1, start: 0, end: 4 }],
  ]);

function setup(viewport: { t0: number; t1: number } | null = null, labels = ['1F1B']) {
  const onViewportChange = vi.fn();
  const onSelectMicrobatch = vi.fn();
  render(
    <GanttChart
      timelines={labels.map((label) => ({ label, analysis: { timeline: timeline() } }))}
      theme="light"
      viewport={viewport}
      onViewportChange={onViewportChange}
      selectedMicrobatch={null}
      onSelectMicrobatch={onSelectMicrobatch}
    />,
  );
  return { chart: screen.getByTestId('gantt'), onViewportChange, onSelectMicrobatch };
}

/** 1F1B on 2 devices without communication: its idle time is fill, drain and tail only. */
function renderOneFOneB() {
  const config = uniformConfig(2, 4, 1, 1, 0);
  const r = simulate(SCHEDULES['1f1b'].generate(config), config);
  if (!r.ok) throw new Error(r.error.message);
  render(
    <GanttChart
      timelines={[{ label: '1F1B', analysis: { timeline: r.timeline } }]}
      theme="light"
      viewport={null}
      onViewportChange={() => {}}
      selectedMicrobatch={null}
      onSelectMicrobatch={() => {}}
    />,
  );
}

describe('GanttChart', () => {
  it('exposes rows, ops and the fitted time range for tests, and labels every device', () => {
    const { chart } = setup();
    expect(chart.dataset.rows).toBe('3');
    expect(chart.dataset.ops).toBe('5');
    // Fit = makespan 5 with a 1% margin each side.
    expect(Number(chart.dataset.t0)).toBeCloseTo(-0.05, 9);
    expect(Number(chart.dataset.t1)).toBeCloseTo(5.05, 9);
    expect(screen.getByText('Device 0')).toBeTruthy();
    expect(screen.getByText('Device 2')).toBeTruthy();
    expect(chart.getAttribute('tabindex')).toBe('0');
    expect(chart.getAttribute('aria-label')).toMatch(/3 device rows, 5 ops/);
  });

  it('lists only the categories present in the legend, and the idle causes present', () => {
    renderOneFOneB();
    const legend = screen.getByTestId('gantt-legend');
    expect(legend.textContent).toContain('F (forward)');
    expect(legend.textContent).toContain('B+W (full backward)');
    expect(legend.textContent).not.toContain('W (backward, weights)');
    // Under one "idle" heading, each cause by its short name with its full text on hover.
    const idle = screen.getAllByTestId('legend-idle');
    expect(idle.map((e) => e.textContent)).toEqual(['fill / drain', 'tail']);
    expect(idle.map((e) => e.title)).toEqual([
      'idle: fill / drain (warm-up, cool-down)',
      'idle: tail (done, others still running)',
    ]);
    expect(screen.queryByTestId('legend-direction')).toBeNull();
  });

  it('unfolds the full legend, every entry in words, from a button that says whether it is open', () => {
    renderOneFOneB();
    const toggle = screen.getByTestId('legend-full-toggle');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByTestId('legend-full')).toBeNull();
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const full = screen.getByTestId('legend-full');
    expect(toggle.getAttribute('aria-controls')).toBe(full.id);
    expect([...full.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'F (forward)',
      'B+W (full backward)',
      'idle: fill / drain (warm-up, cool-down)',
      'idle: tail (done, others still running)',
    ]);
    fireEvent.click(toggle);
    expect(screen.queryByTestId('legend-full')).toBeNull();
  });

  it('leaves the plain wheel to the page, zooms on Ctrl+wheel around the pointer and pans on Shift+wheel', () => {
    const { chart, onViewportChange } = setup({ t0: 1, t1: 3 });
    const plot = chart.querySelector('.gantt-plot') as HTMLElement;
    const wheel = (init: WheelEventInit) => {
      const e = new WheelEvent('wheel', { bubbles: true, cancelable: true, ...init });
      plot.dispatchEvent(e);
      return e.defaultPrevented;
    };
    expect(wheel({ deltaY: 100 })).toBe(false);
    expect(onViewportChange).not.toHaveBeenCalled();
    // Ctrl+wheel at the plot's left edge (jsdom places everything at 0): zooms around t0 = 1.
    expect(wheel({ deltaY: -100, ctrlKey: true })).toBe(true);
    const z = onViewportChange.mock.lastCall![0];
    expect(z.t0).toBeCloseTo(1, 9);
    expect(z.t1 - z.t0).toBeCloseTo(2 * Math.exp(-0.4), 9);
    expect(wheel({ deltaY: 100, shiftKey: true })).toBe(true);
    const p = onViewportChange.mock.lastCall![0];
    expect(p.t1 - p.t0).toBeCloseTo(2, 9);
    expect(p.t0).toBeGreaterThan(1);
  });

  it('picks a device by clicking its label, and passes the rows to an aside column', () => {
    const onSelectDevices = vi.fn();
    const seen: number[][] = [];
    render(
      <GanttChart
        timelines={[{ label: '1F1B', analysis: { timeline: timeline() } }]}
        theme="light"
        viewport={null}
        onViewportChange={() => {}}
        selectedMicrobatch={null}
        onSelectMicrobatch={() => {}}
        selectedDevices={[0]}
        onSelectDevices={onSelectDevices}
        aside={{ width: 60, render: (rows) => seen.push(rows.map((r) => r.y)) && <span>aside</span> }}
      />,
    );
    fireEvent.click(screen.getByText('Device 2'));
    expect(onSelectDevices).toHaveBeenLastCalledWith([2]);
    fireEvent.click(screen.getByText('Device 2'), { ctrlKey: true });
    expect(onSelectDevices).toHaveBeenLastCalledWith([0, 2]);
    expect(screen.getByText('Device 0').dataset.picked).toBe('true');
    // Three devices, 24 px compute lanes, no comm lanes.
    expect(seen[seen.length - 1]).toEqual([0, 24, 48]);
    expect(screen.getByTestId('gantt-aside').textContent).toBe('aside');
  });

  it('zooms with + and -, pans with the arrow keys and fits with 0, around the current view', () => {
    const { chart, onViewportChange } = setup({ t0: 0, t1: 4 });
    fireEvent.keyDown(chart, { key: '+' });
    expect(onViewportChange).toHaveBeenLastCalledWith({
      t0: expect.closeTo(2 - 4 / 3, 9),
      t1: expect.closeTo(2 + 4 / 3, 9),
    });
    fireEvent.keyDown(chart, { key: '-' });
    // 4 x 1.5 = 6 ms is wider than the data: the fitted 5.1 ms (makespan 5 and 1% margins).
    const out = onViewportChange.mock.lastCall![0];
    expect(out.t1 - out.t0).toBeCloseTo(5.1, 9);
    fireEvent.keyDown(chart, { key: 'ArrowRight' });
    expect(onViewportChange).toHaveBeenLastCalledWith({
      t0: expect.closeTo(0.4, 9),
      t1: expect.closeTo(4.4, 9),
    });
    fireEvent.keyDown(chart, { key: '0' });
    expect(onViewportChange).toHaveBeenLastCalledWith({
      t0: expect.closeTo(-0.05, 9),
      t1: expect.closeTo(5.05, 9),
    });
  });

  it('shows the time axis with its unit', () => {
    setup({ t0: 0, t1: 4 });
    expect(screen.getByText('time (ms)')).toBeTruthy();
  });

  it('labels each block when timelines are compared', () => {
    setup(null, ['1F1B', 'ZB-H1']);
    expect(screen.getAllByTestId('gantt-block-label').map((e) => e.textContent)).toEqual(['1F1B', 'ZB-H1']);
    expect(screen.getByTestId('gantt').dataset.rows).toBe('6');
  });

  it('fits from the Fit button', async () => {
    const { onViewportChange } = setup({ t0: 1, t1: 2 });
    await act(async () => screen.getByRole('button', { name: 'Fit' }).click());
    expect(onViewportChange).toHaveBeenCalledWith({
      t0: expect.closeTo(-0.05, 9),
      t1: expect.closeTo(5.05, 9),
    });
  });
});
