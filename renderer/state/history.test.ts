import { describe, expect, it } from 'vitest';
import {
  canRedo,
  canUndo,
  commit,
  createHistory,
  isDirty,
  markSaved,
  redo,
  redoLabel,
  seal,
  undo,
  undoLabel,
} from './history';

interface Doc {
  devices: number;
  microbatches: number;
  costs: { forward: number | number[] };
}

const start = (): Doc => ({ devices: 4, microbatches: 8, costs: { forward: 1 } });

describe('history', () => {
  it('one command is one entry, and undo restores the exact previous document', () => {
    let h = createHistory(start());
    h = commit(h, (d) => void (d.microbatches = 16), 'Set micro-batches');
    expect(h.present.microbatches).toBe(16);
    expect(h.undoStack).toHaveLength(1);
    expect(undoLabel(h)).toBe('Set micro-batches');
    h = undo(h);
    expect(h.present).toEqual(start());
    expect(canUndo(h)).toBe(false);
    expect(redoLabel(h)).toBe('Set micro-batches');
  });

  it('redo reapplies a command, including a change of a value type (uniform to per device)', () => {
    let h = createHistory(start());
    h = commit(h, (d) => void (d.costs.forward = [1, 2, 3, 4]), 'Per-device forward');
    h = undo(h);
    expect(h.present.costs.forward).toBe(1);
    h = redo(h);
    expect(h.present.costs.forward).toEqual([1, 2, 3, 4]);
    expect(canRedo(h)).toBe(false);
  });

  it('a slider drag of many steps becomes one entry when released', () => {
    let h = createHistory(start());
    for (const m of [9, 10, 11, 12, 13])
      h = commit(h, (d) => void (d.microbatches = m), 'Drag', 'slider:m:1');
    h = seal(h);
    expect(h.undoStack).toHaveLength(1);
    expect(h.present.microbatches).toBe(13);
    // After the release, the next drag of the same slider is a separate entry.
    h = commit(h, (d) => void (d.microbatches = 20), 'Drag', 'slider:m:1');
    expect(h.undoStack).toHaveLength(2);
    h = undo(h);
    expect(h.present.microbatches).toBe(13);
    h = undo(h);
    expect(h.present.microbatches).toBe(8);
  });

  it('commands with different keys never merge', () => {
    let h = createHistory(start());
    h = commit(h, (d) => void (d.microbatches = 9), 'a', 'field:m');
    h = commit(h, (d) => void (d.devices = 8), 'b', 'field:devices');
    h = commit(h, (d) => void (d.microbatches = 10), 'c', 'field:m');
    expect(h.undoStack).toHaveLength(3);
    h = undo(undo(undo(h)));
    expect(h.present).toEqual(start());
  });

  it('a new command clears the redo stack, and a command that changes nothing does not', () => {
    let h = createHistory(start());
    h = commit(h, (d) => void (d.microbatches = 9), 'a');
    h = undo(h);
    h = commit(h, (d) => void (d.microbatches = 8), 'no-op');
    expect(canRedo(h)).toBe(true);
    h = commit(h, (d) => void (d.devices = 2), 'b');
    expect(canRedo(h)).toBe(false);
  });

  it('an undo ends a gesture: typing after undo starts a new entry', () => {
    let h = createHistory(start());
    h = commit(h, (d) => void (d.microbatches = 9), 'a', 'k');
    h = commit(h, (d) => void (d.devices = 3), 'b', 'other');
    h = undo(h);
    h = commit(h, (d) => void (d.microbatches = 10), 'a', 'k');
    expect(h.undoStack).toHaveLength(2);
    expect(undo(h).present.microbatches).toBe(9);
  });

  it('dirty follows the saved point through undo and redo', () => {
    let h = createHistory(start());
    expect(isDirty(h)).toBe(false);
    h = commit(h, (d) => void (d.microbatches = 9), 'a');
    expect(isDirty(h)).toBe(true);
    h = markSaved(h);
    expect(isDirty(h)).toBe(false);
    h = undo(h);
    expect(isDirty(h)).toBe(true);
    h = redo(h);
    expect(isDirty(h)).toBe(false);
    // Typing into the field that was just saved does not fold into the saved entry.
    h = commit(h, (d) => void (d.microbatches = 10), 'a', 'k');
    h = markSaved(h);
    h = commit(h, (d) => void (d.microbatches = 11), 'a', 'k');
    expect(isDirty(h)).toBe(true);
    h = undo(h);
    expect(h.present.microbatches).toBe(10);
    expect(isDirty(h)).toBe(false);
  });

  it('keeps unchanged subtrees shared between versions (structural sharing)', () => {
    const s = start();
    let h = createHistory(s);
    h = commit(h, (d) => void (d.microbatches = 9), 'a');
    expect(h.present.costs).toBe(s.costs);
  });
});
