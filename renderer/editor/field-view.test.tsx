// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultScenario } from '../../core/model/scenario';
import { AppStore } from '../state/store';
import { EditorHarness } from './editor-harness.test-helper';

afterEach(cleanup);

describe('fields from the field table', () => {
  it('arrow keys step a number by its step and stop at the lowest valid value', () => {
    const store = new AppStore({ ...defaultScenario(), devices: 2 }, { path: null, name: 'x' });
    render(<EditorHarness store={store} />);
    const devices = screen.getByTestId('field-devices');
    fireEvent.keyDown(devices, { key: 'ArrowDown' });
    expect(store.scenario.devices).toBe(1);
    fireEvent.keyDown(devices, { key: 'ArrowDown' });
    expect(store.scenario.devices).toBe(1);
  });

  it('a time never steps below 0 ms', () => {
    const store = new AppStore(
      { ...defaultScenario(), p2p: { ...defaultScenario().p2p, time: 0.05 } },
      { path: null, name: 'x' },
    );
    render(<EditorHarness store={store} />);
    fireEvent.keyDown(screen.getByTestId('field-p2p.time'), { key: 'ArrowDown' });
    expect(store.scenario.p2p.time).toBe(0);
  });

  it('edits a GiB field in GiB by its step and stores bytes', () => {
    const store = new AppStore(defaultScenario(), { path: null, name: 'x' });
    render(<EditorHarness store={store} />);
    const before = store.scenario.memory.parameters;
    fireEvent.keyDown(screen.getByTestId('field-memory.parameters'), { key: 'ArrowUp' });
    expect(store.scenario.memory.parameters - before).toBeCloseTo(0.5 * 1024 ** 3, 0);
  });

  it('fills the parts fields from the costs when parts are switched on, and the pair order edits as a list', () => {
    const store = new AppStore(defaultScenario(), { path: null, name: 'x' });
    render(<EditorHarness store={store} />);
    fireEvent.click(screen.getByTestId('field-parts'));
    // Default F = 1 ms: attention 40%, MLP 60%, each all-to-all 30%.
    expect((screen.getByTestId('field-parts.forward.attention') as HTMLInputElement).value).toBe('0.4');
    expect((screen.getByTestId('field-parts.forward.dispatch') as HTMLInputElement).value).toBe('0.3');
    fireEvent.change(screen.getByTestId('field-parts.pairOrder'), {
      target: { value: 'attention(F), combine(B) ,' },
    });
    expect(store.scenario.parts?.pairOrder).toEqual(['attention(F)', 'combine(B)']);
  });
});
