import { useEffect, useRef, useState } from 'react';
import type { AppCommand } from './shortcuts';

/** The Export button and its list of formats; a click outside or Escape closes it. */
export function ExportMenu({ onCommand }: { onCommand: (c: AppCommand) => void }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);
  const items: { command: AppCommand; label: string }[] = [
    { command: 'export-svg', label: 'SVG (Ctrl+E)' },
    { command: 'export-png', label: 'PNG' },
    { command: 'export-trace', label: 'Perfetto / Chrome trace (JSON)' },
    { command: 'export-csv', label: 'CSV of all ops' },
  ];
  return (
    <div className="menu" ref={root}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="export-menu"
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
        }}
      >
        Export ▾
      </button>
      {open ? (
        <div className="menu-list" role="menu">
          {items.map((it) => (
            <button
              key={it.command}
              type="button"
              role="menuitem"
              data-testid={`cmd-${it.command}`}
              onClick={() => {
                setOpen(false);
                onCommand(it.command);
              }}
            >
              {it.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
