import { Fragment, useId, useRef, useState } from 'react';
import { useClickOutside } from './use-click-outside';
import { type MenuItem, useMenuKeys } from './use-menu-keys';
import type { AppCommand } from './shortcuts';
import { shortcutKeys } from './shortcuts';
import type { ExportScopeChoice } from './state/view';

/** What the menu says about each scope the view can give (renderer/export.ts decides the scope itself). */
export interface ExportScopeOptions {
  choice: ExportScopeChoice;
  /** The chart's visible range in words ("120–240 ms"), or null when it shows the whole run. */
  visibleRange: string | null;
  /** The selected devices in words ("0, 3"), or null when none is selected. */
  selectedDevices: string | null;
  onChoose(choice: ExportScopeChoice): void;
}

interface Entry extends MenuItem {
  key: string;
  label: string;
  hint?: string;
  /** A scope radio (stays open when chosen) or a command (closes the menu). */
  radio?: ExportScopeChoice;
  command?: AppCommand;
  separatorBefore?: boolean;
}

/**
 * The Export button and its menu (a WAI-ARIA menu button): what to export (everything, the
 * visible range, the selected devices), then the formats, then copying the chart to the clipboard
 * (and, in web mode, a link that reopens the scenario). Enter, Space or Arrow Down open it on its
 * first item, Arrow Up on its last; in it, the arrow keys, Home and End move, a letter jumps to
 * the next item starting with it, Enter or Space chooses, Escape closes it and returns to the
 * button, Tab closes it and moves on. A click outside closes it too.
 */
export function ExportMenu({
  onCommand,
  scope,
  canCopyLink,
}: {
  onCommand: (c: AppCommand) => void;
  scope: ExportScopeOptions;
  canCopyLink: boolean;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  useClickOutside(root, open, () => setOpen(false));

  const entries: Entry[] = [
    { key: 'all', label: 'Everything', radio: 'all' },
    {
      key: 'visible',
      label: scope.visibleRange
        ? `Visible range: ${scope.visibleRange}`
        : 'Visible range (the whole run is shown)',
      radio: 'visible',
    },
    {
      key: 'devices',
      label: scope.selectedDevices ? `Selected devices: ${scope.selectedDevices}` : 'Selected devices',
      hint: scope.selectedDevices ? undefined : 'none selected: click device labels in the chart',
      radio: 'devices',
      disabled: !scope.selectedDevices,
    },
    { key: 'svg', label: 'SVG…', command: 'export-svg', separatorBefore: true },
    { key: 'png', label: 'PNG…', command: 'export-png' },
    { key: 'trace', label: 'Perfetto / Chrome trace (JSON)…', command: 'export-trace' },
    { key: 'csv', label: 'CSV of the ops…', command: 'export-csv' },
    { key: 'copy-png', label: 'Copy chart as PNG', command: 'copy-png', separatorBefore: true },
    { key: 'copy-svg', label: 'Copy chart as SVG', command: 'copy-svg' },
    ...(canCopyLink
      ? [{ key: 'copy-link', label: 'Copy link to this scenario', command: 'copy-link' as AppCommand }]
      : []),
  ];

  const choose = (e: Entry) => {
    if (e.disabled) return;
    if (e.radio) {
      scope.onChoose(e.radio);
      return;
    }
    setOpen(false);
    button.current?.focus();
    if (e.command) onCommand(e.command);
  };
  const keys = useMenuKeys({ items: entries, open, setOpen, button });

  /** One item: a scope radio (a check mark, stays open) or a command (its shortcut, closes the menu). */
  const item = (e: Entry, i: number) => {
    const checked = e.radio ? scope.choice === e.radio : undefined;
    const keysOf = e.command ? shortcutKeys(e.command) : null;
    return (
      <button
        key={e.key}
        ref={keys.itemRef(i)}
        type="button"
        {...(e.radio ? { role: 'menuitemradio', 'aria-checked': checked } : { role: 'menuitem' })}
        aria-disabled={e.disabled || undefined}
        tabIndex={-1}
        data-testid={e.radio ? `export-scope-${e.radio}` : `cmd-${e.command}`}
        onClick={() => choose(e)}
        onMouseEnter={() => keys.focusItem(i)}
      >
        {e.radio ? (
          <span className="menu-check" aria-hidden="true">
            {checked ? '●' : '○'}
          </span>
        ) : null}
        <span className="menu-label">
          {e.label}
          {e.hint ? <span className="menu-hint"> ({e.hint})</span> : null}
        </span>
        {keysOf ? <kbd className="menu-keys">{keysOf}</kbd> : null}
      </button>
    );
  };

  return (
    <div className="menu" ref={root}>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        data-testid="export-menu"
        title="Export or copy the chart, its trace or its ops"
        onClick={() => setOpen(!open)}
        onKeyDown={keys.onButtonKeyDown}
      >
        Export ▾
      </button>
      {open ? (
        <div className="menu-list" role="menu" id={menuId} aria-label="Export" onKeyDown={keys.onMenuKeyDown}>
          <fieldset className="menu-group" aria-labelledby={`${menuId}-scope`}>
            <div className="menu-heading" id={`${menuId}-scope`}>
              What to export
            </div>
            {entries.map((e, i) => (e.radio ? item(e, i) : null))}
          </fieldset>
          {entries.map((e, i) =>
            e.command ? (
              <Fragment key={e.key}>
                {e.separatorBefore ? <hr className="menu-separator" /> : null}
                {item(e, i)}
              </Fragment>
            ) : null,
          )}
        </div>
      ) : null}
    </div>
  );
}
