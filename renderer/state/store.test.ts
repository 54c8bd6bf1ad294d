import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../core/model/scenario';
import { AppStore } from './store';

const file = { path: null, name: 'Untitled' };

describe('AppStore', () => {
  it('view changes neither record history nor clear the redo stack', () => {
    const store = new AppStore(defaultScenario(), file);
    store.edit('Set micro-batches', (d) => void (d.microbatches = 16));
    store.undo();
    store.setView({ theme: 'dark', viewport: { t0: 1, t1: 2 }, selectedMicrobatch: 3 });
    expect(store.redoLabel).toBe('Set micro-batches');
    store.redo();
    expect(store.scenario.microbatches).toBe(16);
    expect(store.getState().view.theme).toBe('dark');
  });

  it('opening another document starts a fresh history with nothing unsaved and keeps the theme', () => {
    const store = new AppStore(defaultScenario(), file);
    store.setView({ theme: 'dark', viewport: { t0: 1, t1: 2 } });
    store.edit('Set devices', (d) => void (d.devices = 8));
    expect(store.dirty).toBe(true);
    store.replaceDocument({ ...defaultScenario(), name: 'other' }, { path: '/x.json', name: 'x.json' });
    expect(store.dirty).toBe(false);
    expect(store.undoLabel).toBeNull();
    expect(store.scenario.name).toBe('other');
    expect(store.getState().view.theme).toBe('dark');
    expect(store.getState().view.viewport).toBeNull();
  });

  it('saving marks the document clean until the next edit', () => {
    const store = new AppStore(defaultScenario(), file);
    store.edit('Set devices', (d) => void (d.devices = 8));
    store.markSaved({ path: null, name: 'a.json' });
    expect(store.dirty).toBe(false);
    expect(store.getState().file.name).toBe('a.json');
    store.edit('Set devices', (d) => void (d.devices = 6));
    expect(store.dirty).toBe(true);
  });

  it('notifies subscribers once per change and not for commands that change nothing', () => {
    const store = new AppStore(defaultScenario(), file);
    let calls = 0;
    store.subscribe(() => calls++);
    store.edit('Same value', (d) => void (d.devices = 4));
    expect(calls).toBe(0);
    store.edit('Set devices', (d) => void (d.devices = 5));
    expect(calls).toBe(1);
  });
});
