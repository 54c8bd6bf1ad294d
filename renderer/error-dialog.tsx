import { useEffect, useRef } from 'react';
import type { ErrorReport } from './state/store';

/** Lists every problem of a file that did not open, each with its JSON path. */
export function ErrorDialog({ report, onClose }: { report: ErrorReport; onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
  }, []);
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="error-title"
        aria-describedby="error-list"
        data-testid="error-dialog"
      >
        <h2 id="error-title">{report.title}</h2>
        <p>The current scenario is unchanged.</p>
        <ul id="error-list" className="error-list">
          {report.errors.map((e) => (
            <li key={`${e.path}:${e.message}`} data-testid="error-item">
              <code data-testid="error-path">{e.path}</code>
              <span>{e.message}</span>
            </li>
          ))}
        </ul>
        <div className="modal-actions">
          <button type="button" ref={close} onClick={onClose} data-testid="error-close">
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
