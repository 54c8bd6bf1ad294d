import type { Draft } from 'immer';
import { useSyncExternalStore } from 'react';
import type { Scenario } from '../../core/model/scenario';
import { fullDocument } from '../analysis/document';
import {
  type History,
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
import { withOverrideMarks } from './derive-overrides';
import { type ViewState, initialView } from './view';

/** Where the document lives. `path` is null for a new document and for every file in web mode. */
export interface FileInfo {
  path: string | null;
  name: string;
}

/** A problem to show in the error dialog: a file that did not load, with each JSON path. */
export interface ErrorReport {
  title: string;
  errors: { path: string; message: string }[];
}

export interface AppState {
  /**
   * The document layer: undoable through patches. It holds the scenario's known fields only; a
   * file's unknown fields are `kept`, so an edit never copies or sends them.
   */
  history: History<Scenario>;
  /** The opened file's unknown fields as JSON text (renderer/analysis/document.ts), or null. */
  kept: string | null;
  file: FileInfo;
  /** The view layer: never undoable. */
  view: ViewState;
  error: ErrorReport | null;
  /** Short status line (saved, exported, warnings of a loaded file). */
  notice: string | null;
  /** Increases whenever another document replaces this one (open, new). */
  documentEpoch: number;
}

type Listener = () => void;

/**
 * The app's state container. Document edits go through `edit` (one produceWithPatches call, one
 * history entry); view changes through `setView`, which leaves the undo and redo stacks alone.
 */
export class AppStore {
  private state: AppState;
  private listeners = new Set<Listener>();

  constructor(
    scenario: Scenario,
    file: FileInfo,
    view: ViewState = initialView(),
    kept: string | null = null,
  ) {
    this.state = {
      history: createHistory(scenario),
      kept,
      file,
      view,
      error: null,
      notice: null,
      documentEpoch: 0,
    };
  }

  getState = (): AppState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(next: AppState): void {
    if (next === this.state) return;
    this.state = next;
    for (const l of this.listeners) l();
  }

  get scenario(): Scenario {
    return this.state.history.present;
  }

  /** The whole scenario, unknown fields included: what Save writes (e2e tests read it). */
  get document(): Scenario {
    return fullDocument(this.state.history.present, this.state.kept);
  }

  get dirty(): boolean {
    return isDirty(this.state.history);
  }

  /**
   * One user command. `gesture` names a continuous gesture (typing in one field, dragging one
   * slider): its commands merge into one entry until `endGesture`. In a derived scenario, the
   * derived values it changes are marked as overridden in the same entry (derive-overrides.ts).
   */
  edit(label: string, recipe: (draft: Draft<Scenario>) => void, gesture: string | null = null): void {
    const history = commit(this.state.history, withOverrideMarks(recipe), label, gesture);
    if (history !== this.state.history) this.set({ ...this.state, history });
  }

  endGesture(): void {
    const history = seal(this.state.history);
    if (history !== this.state.history) this.set({ ...this.state, history });
  }

  undo(): void {
    if (canUndo(this.state.history)) this.set({ ...this.state, history: undo(this.state.history) });
  }

  redo(): void {
    if (canRedo(this.state.history)) this.set({ ...this.state, history: redo(this.state.history) });
  }

  get undoLabel(): string | null {
    return undoLabel(this.state.history);
  }

  get redoLabel(): string | null {
    return redoLabel(this.state.history);
  }

  /** Replaces the document (open, new): a fresh history, nothing unsaved. */
  replaceDocument(
    scenario: Scenario,
    file: FileInfo,
    notice: string | null = null,
    kept: string | null = null,
  ): void {
    this.set({
      ...this.state,
      history: createHistory(scenario),
      kept,
      file,
      error: null,
      notice,
      documentEpoch: this.state.documentEpoch + 1,
      view: { ...this.state.view, viewport: null, selectedMicrobatch: null, selectedDevices: null },
    });
  }

  markSaved(file: FileInfo, notice: string | null = null): void {
    this.set({ ...this.state, history: markSaved(this.state.history), file, notice });
  }

  setView(patch: Partial<ViewState> | ((v: ViewState) => Partial<ViewState>)): void {
    const p = typeof patch === 'function' ? patch(this.state.view) : patch;
    this.set({ ...this.state, view: { ...this.state.view, ...p } });
  }

  showError(error: ErrorReport | null): void {
    this.set({ ...this.state, error });
  }

  setNotice(notice: string | null): void {
    this.set({ ...this.state, notice });
  }
}

export function useAppState<T>(store: AppStore, select: (s: AppState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
