import { useEffect, useState } from 'react';

/**
 * How long work runs before the page offers to stop it: quick work shows no button that would
 * flicker, and anything the user waits on longer can be cancelled.
 */
const CANCEL_AFTER_MS = 200;

/** A Cancel button that appears once the work has run CANCEL_AFTER_MS. */
export function DelayedCancel({ onCancel, testId }: { onCancel: () => void; testId: string }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), CANCEL_AFTER_MS);
    return () => clearTimeout(timer);
  }, []);
  if (!shown) return null;
  return (
    <button type="button" className="link" data-testid={testId} onClick={onCancel}>
      Cancel
    </button>
  );
}

/** "Opening NAME…" with its Cancel, while a file is being opened. */
export function OpeningStatus({ name, onCancel }: { name: string; onCancel: () => void }) {
  return (
    <output className="notice opening" data-testid="opening">
      <span className="spinner" aria-hidden="true" /> Opening {name}…{' '}
      <DelayedCancel onCancel={onCancel} testId="opening-cancel" />
    </output>
  );
}
