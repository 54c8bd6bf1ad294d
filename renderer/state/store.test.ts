import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../core/model/scenario';
import { loadScenario } from '../../core/format/scenario-file';
import { documentText, openDocument } from '../analysis/document';
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

  it("edits the known fields only: a file's unknown fields stay beside the document, untouched, until Save", () => {
    const text = JSON.stringify({
      format: 'pipescope-scenario',
      version: 1,
      notes: Array.from({ length: 1000 }, (_, k) => ({ k })),
      costs: { forward: 2, estimate: 'rough' },
    });
    const opened = openDocument(text);
    if (!opened.ok) throw new Error(JSON.stringify(opened.errors));
    const store = new AppStore(defaultScenario(), file);
    store.replaceDocument(opened.scenario, { path: null, name: 'n.json' }, null, opened.kept);
    const kept = store.getState().kept;
    expect(Object.keys(store.scenario)).not.toContain('extra');
    expect(Object.keys(store.scenario.costs)).toEqual(['forward', 'backwardInput', 'backwardWeight']);
    store.edit('Set micro-batches', (d) => void (d.microbatches = 16));
    store.undo();
    store.redo();
    // The very same text: no edit, undo or redo copied or rewrote it.
    expect(store.getState().kept).toBe(kept);
    const saved = loadScenario(documentText(store.scenario, store.getState().kept));
    expect(saved.ok && saved.scenario.microbatches).toBe(16);
    expect(saved.ok && saved.scenario.extra?.notes).toHaveLength(1000);
    expect(saved.ok && (saved.scenario.costs as Record<string, unknown>).estimate).toBe('rough');
    expect(store.document).toEqual(saved.ok && saved.scenario);
  });
});
