import { useEffect, useRef } from 'react';
import { CHART_KEYS, SHORTCUTS } from './shortcuts';

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
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.command}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
          {CHART_KEYS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        On macOS, Cmd replaces Ctrl. Single-key shortcuts work when no text field has focus.
      </p>
    </div>
  );
}
