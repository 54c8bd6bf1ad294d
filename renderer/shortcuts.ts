import type { MenuCommand } from './platform';
import { CHART_SHORTCUTS } from './gantt/use-chart-keys';

export type AppCommand =
  | MenuCommand
  | 'help'
  | 'toggle-editor'
  | 'clear-selection'
  | 'export-csv'
  | 'show-main'
  | 'show-compare'
  | 'show-trace'
  | 'show-tune'
  | 'copy-link'
  | 'next-area'
  | 'previous-area';

export interface Shortcut {
  command: AppCommand;
  keys: string;
  what: string;
  /** Matches a keydown (mod = Ctrl, or Cmd on macOS). */
  match(e: KeyboardEvent, mod: boolean): boolean;
  /** Whether it also works while typing in a field. */
  inFields?: boolean;
}

const key = (e: KeyboardEvent) => e.key.toLowerCase();

/** Every keyboard shortcut of the app: the help popover lists exactly these. */
export const SHORTCUTS: Shortcut[] = [
  {
    command: 'undo',
    keys: 'Ctrl+Z',
    what: 'Undo the last change to the scenario',
    match: (e, mod) => mod && !e.shiftKey && key(e) === 'z',
    inFields: true,
  },
  {
    command: 'redo',
    keys: 'Ctrl+Shift+Z or Ctrl+Y',
    what: 'Redo',
    match: (e, mod) => mod && ((e.shiftKey && key(e) === 'z') || (!e.shiftKey && key(e) === 'y')),
    inFields: true,
  },
  {
    command: 'open',
    keys: 'Ctrl+O',
    what: 'Open a scenario file (or a PipeScope SVG)',
    match: (e, mod) => mod && !e.shiftKey && key(e) === 'o',
    inFields: true,
  },
  {
    command: 'open-trace',
    keys: 'Ctrl+Shift+O',
    what: 'Open a PyTorch profiler trace (.json, .json.gz) beside the scenario',
    match: (e, mod) => mod && e.shiftKey && key(e) === 'o',
    inFields: true,
  },
  {
    command: 'save',
    keys: 'Ctrl+S',
    what: 'Save the scenario',
    match: (e, mod) => mod && !e.shiftKey && key(e) === 's',
    inFields: true,
  },
  {
    command: 'save-as',
    keys: 'Ctrl+Shift+S',
    what: 'Save as a new file',
    match: (e, mod) => mod && e.shiftKey && key(e) === 's',
    inFields: true,
  },
  {
    command: 'export-svg',
    keys: 'Ctrl+E',
    what: 'Export the chart as SVG',
    match: (e, mod) => mod && !e.shiftKey && key(e) === 'e',
    inFields: true,
  },
  {
    command: 'export-png',
    keys: 'Ctrl+Shift+E',
    what: 'Export the chart as PNG',
    match: (e, mod) => mod && e.shiftKey && key(e) === 'e',
    inFields: true,
  },
  {
    command: 'next-area',
    keys: 'F6',
    what: 'Move the focus to the next area: toolbar, editor, chart, metrics',
    match: (e, mod) => !mod && !e.shiftKey && e.key === 'F6',
    inFields: true,
  },
  {
    command: 'previous-area',
    keys: 'Shift+F6',
    what: 'Move the focus to the previous area',
    match: (e, mod) => !mod && e.shiftKey && e.key === 'F6',
    inFields: true,
  },
  {
    command: 'zoom-in',
    keys: '+ or =',
    what: 'Zoom in (time axis)',
    match: (e, mod) => !mod && (e.key === '+' || e.key === '='),
  },
  {
    command: 'zoom-out',
    keys: '-',
    what: 'Zoom out',
    match: (e, mod) => !mod && (e.key === '-' || e.key === '_'),
  },
  { command: 'fit', keys: '0', what: 'Fit the whole timeline', match: (e, mod) => !mod && e.key === '0' },
  {
    command: 'toggle-compare',
    keys: 'C',
    what: 'Switch between the main and compare views',
    match: (e, mod) => !mod && key(e) === 'c',
  },
  {
    command: 'toggle-theme',
    keys: 'T',
    what: 'Light / dark theme',
    match: (e, mod) => !mod && key(e) === 't',
  },
  {
    command: 'toggle-editor',
    keys: 'E',
    what: 'Show / hide the scenario editor',
    match: (e, mod) => !mod && key(e) === 'e',
  },
  {
    command: 'clear-selection',
    keys: 'Esc',
    what: 'Clear the selected micro-batch, close popovers',
    match: (e) => e.key === 'Escape',
    inFields: true,
  },
  { command: 'help', keys: '?', what: 'This list', match: (e, mod) => !mod && e.key === '?' },
];

/** What the chart does with keys, wheel and pointer (its own list), listed in the help too. */
export const CHART_KEYS: { keys: string; what: string }[] = [...CHART_SHORTCUTS];

/** Keys of the page around the chart: skip links, menus, the editor's splitter. */
export const PAGE_KEYS: { keys: string; what: string }[] = [
  { keys: 'Tab (first press)', what: 'Skip links: straight to the chart, the editor or the metrics' },
  { keys: 'Tab', what: 'Move focus: toolbar → editor → chart → metrics' },
  { keys: 'Enter, Space, ↓ / ↑', what: 'Open a menu (Export) on its first / last item' },
  { keys: '↓ / ↑, Home / End, a letter', what: 'Move in an open menu; Enter or Space chooses' },
  { keys: 'Esc (in a menu)', what: 'Close the menu, back to its button' },
  { keys: '← / → (editor edge focused)', what: 'Resize the editor (Shift: faster)' },
];

/** Every shortcut of the app in one table, by section: what the help lists, in this order. */
export const SHORTCUT_TABLE: { title: string; rows: { keys: string; what: string }[] }[] = [
  { title: 'Anywhere', rows: SHORTCUTS },
  { title: 'Chart', rows: CHART_KEYS },
  { title: 'Menus, links and panels', rows: PAGE_KEYS },
];

/** The keys of a command's shortcut ("Ctrl+E"), or null when it has none: for menus and tooltips. */
export function shortcutKeys(command: AppCommand): string | null {
  return SHORTCUTS.find((s) => s.command === command)?.keys ?? null;
}

export function isTypingTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
  return t instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'range'].includes(t.type);
}

export function findShortcut(e: KeyboardEvent, isMac: boolean): Shortcut | null {
  const mod = isMac ? e.metaKey : e.ctrlKey;
  const typing = isTypingTarget(e.target);
  for (const s of SHORTCUTS) {
    if ((typing && !s.inFields) || e.altKey) continue;
    if (s.match(e, mod)) return s;
  }
  return null;
}
