// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { axisUnit, TimeAxis } from './time-axis';

afterEach(cleanup);

describe('the time axis', () => {
  it('counts in s from a 20 s span, in µs below 0.05 ms, else in ms', () => {
    expect(axisUnit(20_000)).toEqual({ unit: 's', scale: 1000 });
    expect(axisUnit(19_999).unit).toBe('ms');
    expect(axisUnit(0.05).unit).toBe('ms');
    expect(axisUnit(0.049)).toEqual({ unit: 'µs', scale: 0.001 });
  });

  it('labels ticks in its unit, and anchors the first tick at the left edge inward', () => {
    const { container } = render(<TimeAxis viewport={{ t0: 0, t1: 40_000 }} plotWidth={440} />);
    expect(container.textContent).toContain('time (s)');
    const labels = [...container.querySelectorAll('text')];
    // d3 picks 0, 10, 20, 30, 40 (s) for 4 ticks' room on 440 px.
    expect(labels.map((t) => t.textContent)).toEqual(['0', '10', '20', '30', '40']);
    expect(labels[0].getAttribute('text-anchor')).toBe('start');
    expect(labels[2].getAttribute('text-anchor')).toBe('middle');
    expect(labels[4].getAttribute('text-anchor')).toBe('end');
  });
});
