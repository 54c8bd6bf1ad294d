// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultScenario } from '../../core/model/scenario';
import { AppStore } from '../state/store';
import { EditorHarness } from './editor-harness.test-helper';
import { Input } from './stable-input';

afterEach(cleanup);

/** Attribute writes to `el` until the returned function is called (React's input update writes `name`). */
function watch(el: Element): () => string[] {
  const seen: string[] = [];
  const mo = new MutationObserver((records) => {
    for (const r of records) seen.push(r.attributeName ?? '?');
  });
  mo.observe(el, { attributes: true });
  return () => {
    for (const r of mo.takeRecords()) seen.push(r.attributeName ?? '?');
    mo.disconnect();
    return seen;
  };
}

/** A field whose change handler is a new closure at every render, saying which render made it. */
function Field({ n, value, calls }: { n: number; value: string; calls: number[] }) {
  return <Input data-testid="x" value={value} onChange={() => calls.push(n)} />;
}

describe('Input', () => {
  it('is left alone when its parent re-renders with the same attributes, and calls the latest handler', () => {
    const calls: number[] = [];
    const { rerender } = render(<Field n={1} value="a" calls={calls} />);
    const input = screen.getByTestId('x');
    const stop = watch(input);
    rerender(<Field n={2} value="a" calls={calls} />);
    expect(stop()).toEqual([]);
    fireEvent.change(input, { target: { value: 'b' } });
    expect(calls).toEqual([2]);
    rerender(<Field n={3} value="c" calls={calls} />);
    expect((input as HTMLInputElement).value).toBe('c');
  });

  it("an edit in the editor leaves the other fields' inputs alone", () => {
    const store = new AppStore({ ...defaultScenario(), devices: 4 }, { path: null, name: 'x' });
    render(<EditorHarness store={store} />);
    const stop = watch(screen.getByTestId('field-costs.forward'));
    fireEvent.change(screen.getByTestId('field-microbatches'), { target: { value: '12' } });
    expect(store.scenario.microbatches).toBe(12);
    expect(stop()).toEqual([]);
  });
});
