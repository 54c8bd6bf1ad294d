import { useEffect, useRef } from 'react';
import { SHORTCUT_TABLE } from './shortcuts';

/** The list of shortcuts: every row of the one shortcut table (renderer/shortcuts.ts), by section. */
export function HelpPopover({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div
      className="popover help"
      role="dialog"
      aria-modal="false"
      aria-labelledby="help-title"
      data-testid="help"
      tabIndex={-1}
      ref={ref}
    >
      <div className="popover-head">
        <h2 id="help-title">Keyboard shortcuts</h2>
        <button type="button" onClick={onClose} aria-label="Close help">
          ×
        </button>
      </div>
      <div className="help-body">
        {SHORTCUT_TABLE.map((section) => (
          <table key={section.title} data-testid="help-section">
            <caption>{section.title}</caption>
            <tbody>
              {section.rows.map((s) => (
                <tr key={s.keys} data-testid="help-row">
                  <td>
                    <kbd>{s.keys}</kbd>
                  </td>
                  <td>{s.what}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      <p className="hint">
        On macOS, Cmd replaces Ctrl. Single-key shortcuts work when no text field has focus.
      </p>
    </div>
  );
}
