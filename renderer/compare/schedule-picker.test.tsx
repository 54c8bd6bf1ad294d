// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConfigError } from '../../core/model/config';
import type { ScheduleName } from '../../core/model/scenario';
import { SchedulePicker } from './schedule-picker';

afterEach(cleanup);

function setup(chosen: ScheduleName[], reason = new Map<ScheduleName, ConfigError[]>()) {
  const onToggle = vi.fn();
  render(<SchedulePicker current="dualpipe" chosen={chosen} reason={reason} onToggle={onToggle} />);
  return { onToggle, toggle: screen.getByTestId('compare-schedules-toggle') };
}

const chips = () =>
  screen.getAllByTestId('compare-chip').map((c) => ({
    schedule: c.dataset.schedule,
    removable: c.querySelector('button') !== null,
  }));

describe('SchedulePicker', () => {
  it('shows the compared schedules as chips in registry order, the document’s without a remove button', () => {
    setup(['dualpipe', 'gpipe', '1f1b']);
    expect(chips()).toEqual([
      { schedule: 'gpipe', removable: true },
      { schedule: '1f1b', removable: true },
      { schedule: 'dualpipe', removable: false },
    ]);
    expect(screen.getAllByTestId('compare-chip')[2].textContent).toContain('(document)');
    // Folded: no checkbox list until asked for.
    expect(screen.queryByTestId('compare-gpipe')).toBeNull();
  });

  it('removes a chip’s schedule and keeps the focus in the picker', () => {
    const { onToggle, toggle } = setup(['dualpipe', 'gpipe']);
    const remove = screen.getByTestId('compare-remove-gpipe');
    expect(remove.getAttribute('aria-label')).toBe('Remove GPipe from the comparison');
    fireEvent.click(remove);
    expect(onToggle).toHaveBeenCalledWith('gpipe', false);
    expect(document.activeElement).toBe(toggle);
  });

  it('unfolds a checkbox per schedule, greys out one that cannot run with the reason, and closes on Escape', () => {
    const reason = new Map<ScheduleName, ConfigError[]>([
      ['zb-v', [{ path: 'devices', message: 'ZB-V needs an even number of devices' }]],
    ]);
    const { onToggle, toggle } = setup(['dualpipe'], reason);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const gpipe = screen.getByTestId('compare-gpipe') as HTMLInputElement;
    expect(gpipe.checked).toBe(false);
    fireEvent.click(gpipe);
    expect(onToggle).toHaveBeenCalledWith('gpipe', true);
    const zbv = screen.getByTestId('compare-zb-v') as HTMLInputElement;
    expect(zbv.disabled).toBe(true);
    expect(zbv.closest('label')?.textContent).toContain('cannot run: ZB-V needs an even number of devices');
    // The document's own schedule is always in.
    const own = screen.getByTestId('compare-dualpipe') as HTMLInputElement;
    expect([own.checked, own.disabled]).toEqual([true, true]);
    gpipe.focus();
    fireEvent.keyDown(gpipe, { key: 'Escape' });
    expect(screen.queryByTestId('compare-gpipe')).toBeNull();
    expect(document.activeElement).toBe(toggle);
  });

  it('closes the list on a click outside it', () => {
    const { toggle } = setup(['dualpipe']);
    fireEvent.click(toggle);
    fireEvent.mouseDown(screen.getByTestId('compare-gpipe'));
    expect(screen.queryByTestId('compare-gpipe')).not.toBeNull();
    fireEvent.mouseDown(document.body);
    expect(screen.queryByTestId('compare-gpipe')).toBeNull();
  });
});
