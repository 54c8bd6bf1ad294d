// @vitest-environment jsdom
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from '@testing-library/react';
import { buildTimeline } from '../../core/layout/test-timelines';
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

  it('lists only the categories present in the legend, with the bubble key', () => {
    setup();
    const legend = screen.getByTestId('gantt-legend');
    expect(legend.textContent).toContain('F (forward)');
    expect(legend.textContent).toContain('B (backward, input)');
    expect(legend.textContent).not.toContain('W (backward, weights)');
    expect(legend.textContent).toContain('idle (bubble');
  });

  it('zooms with + and -, pans with the arrow keys and fits with 0, around the current view', () => {
    const { chart, onViewportChange } = setup({ t0: 0, t1: 4 });
    fireEvent.keyDown(chart, { key: '+' });
    expect(onViewportChange).toHaveBeenLastCalledWith({
      t0: expect.closeTo(2 - 4 / 3, 9),
      t1: expect.closeTo(2 + 4 / 3, 9),
    });
    fireEvent.keyDown(chart, { key: '-' });
    const out = onViewportChange.mock.lastCall![0];
    expect(out.t1 - out.t0).toBeCloseTo(6, 9);
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
