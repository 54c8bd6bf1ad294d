import { type Draft, type Patch, applyPatches, enablePatches, produceWithPatches } from 'immer';

enablePatches();

/** One user command: what it changed, how to take it back, and what the Edit menu calls it. */
export interface HistoryEntry {
  patches: Patch[];
  inversePatches: Patch[];
  label: string;
  /**
   * Commands with the same non-null key that follow each other without an undo in between merge
   * into this one entry (typing into one field, dragging one slider): one undo step per gesture.
   */
  coalesceKey: string | null;
  /** Unique per entry; the saved marker refers to it. */
  id: number;
}

/**
 * An undoable document. `present` is the only state; the stacks hold patches, never copies,
 * so memory grows with the size of the edits, not with the size of the document.
 */
export interface History<T> {
  readonly present: T;
  readonly undoStack: readonly HistoryEntry[];
  readonly redoStack: readonly HistoryEntry[];
  /** Key of the gesture the newest entry belongs to while it may still absorb commands, else null. */
  readonly openKey: string | null;
  /** Entry id that was on top of the undo stack when the document was last saved (0: none). */
  readonly savedId: number;
  readonly nextId: number;
}

export function createHistory<T>(present: T): History<T> {
  return { present, undoStack: [], redoStack: [], openKey: null, savedId: 0, nextId: 1 };
}

function topId(h: History<unknown>): number {
  return h.undoStack.length ? h.undoStack[h.undoStack.length - 1].id : 0;
}

/**
 * Applies one user command as a single produceWithPatches call. A command that changes nothing
 * leaves the history untouched (and keeps redo). Any real change clears the redo stack.
 */
export function commit<T>(
  h: History<T>,
  recipe: (draft: Draft<T>) => void,
  label: string,
  coalesceKey: string | null = null,
): History<T> {
  const [next, patches, inversePatches] = produceWithPatches(h.present, recipe);
  if (patches.length === 0) return h;
  const top = h.undoStack[h.undoStack.length - 1];
  if (coalesceKey !== null && top && h.openKey === coalesceKey && top.coalesceKey === coalesceKey) {
    // Applying A then B equals applying A's patches then B's; undoing runs B's inverse first.
    const merged: HistoryEntry = {
      ...top,
      patches: [...top.patches, ...patches],
      inversePatches: [...inversePatches, ...top.inversePatches],
      id: h.nextId,
    };
    return {
      ...h,
      present: next as T,
      undoStack: [...h.undoStack.slice(0, -1), merged],
      redoStack: [],
      nextId: h.nextId + 1,
    };
  }
  const entry: HistoryEntry = { patches, inversePatches, label, coalesceKey, id: h.nextId };
  return {
    ...h,
    present: next as T,
    undoStack: [...h.undoStack, entry],
    redoStack: [],
    openKey: coalesceKey,
    nextId: h.nextId + 1,
  };
}

/** Ends the current gesture: the next command starts a new entry even with the same key. */
export function seal<T>(h: History<T>): History<T> {
  return h.openKey === null ? h : { ...h, openKey: null };
}

export function canUndo(h: History<unknown>): boolean {
  return h.undoStack.length > 0;
}

export function canRedo(h: History<unknown>): boolean {
  return h.redoStack.length > 0;
}

export function undo<T>(h: History<T>): History<T> {
  const entry = h.undoStack[h.undoStack.length - 1];
  if (!entry) return h;
  return {
    ...h,
    present: applyPatches(h.present as object, entry.inversePatches) as T,
    undoStack: h.undoStack.slice(0, -1),
    redoStack: [...h.redoStack, entry],
    openKey: null,
  };
}

export function redo<T>(h: History<T>): History<T> {
  const entry = h.redoStack[h.redoStack.length - 1];
  if (!entry) return h;
  return {
    ...h,
    present: applyPatches(h.present as object, entry.patches) as T,
    undoStack: [...h.undoStack, entry],
    redoStack: h.redoStack.slice(0, -1),
    openKey: null,
  };
}

/** Label of the command Undo would take back, for menus and tooltips. */
export function undoLabel(h: History<unknown>): string | null {
  return h.undoStack.length ? h.undoStack[h.undoStack.length - 1].label : null;
}

export function redoLabel(h: History<unknown>): string | null {
  return h.redoStack.length ? h.redoStack[h.redoStack.length - 1].label : null;
}

/** Marks the present as what is on disk. */
export function markSaved<T>(h: History<T>): History<T> {
  return { ...h, savedId: topId(h), openKey: null };
}

/** True when the present differs from what was last saved (or loaded), counting undo and redo. */
export function isDirty(h: History<unknown>): boolean {
  return topId(h) !== h.savedId;
}
