import type { TraceSessionState } from './trace-session';
import { countText, sizeText } from './format';

/** Nothing opened yet: what the view is for and how to fill it. */
export function TraceEmpty({ onOpen }: { onOpen(): void }) {
  return (
    <div className="trace-empty" data-testid="trace-empty">
      <p>
        Open a PyTorch profiler trace (<code>.json</code> or <code>.json.gz</code>, one file per rank) to see
        what the GPUs ran: each stream’s role, computation and communication time, their overlap, and GPU time
        per annotation. Annotations that name chunk parts (DeepSeek’s <code>attn(F)</code>,{' '}
        <code>dispatch(F)</code>, <code>mlp(B)</code>…, Megatron’s <code>attn forward</code>…) become part
        times for the scenario, and the Overlay tab draws a rank under the planned timeline.
      </p>
      <button type="button" className="primary" onClick={onOpen}>
        Open trace…
      </button>{' '}
      <span className="muted">or drop trace files on the window</span>
    </div>
  );
}

/** A read in progress: how far (bytes of the file, events), and Cancel. */
export function TraceProgress({ state, onCancel }: { state: TraceSessionState; onCancel(): void }) {
  const p = state.progress;
  const share = p && p.size > 0 ? Math.min(1, p.rawBytes / p.size) : 0;
  const name = p?.name ?? state.files[0]?.name ?? '';
  return (
    <div className="trace-progress" data-testid="trace-progress" role="status" aria-live="polite">
      <div>
        Reading {name}
        {state.files.length > 1 && p ? ` (file ${p.file + 1} of ${p.files})` : ''}:{' '}
        {p
          ? `${Math.floor(share * 100)}% of ${sizeText(p.size)}, ${countText(p.events)} events`
          : 'starting…'}
      </div>
      <progress max={1} value={share} aria-label="share of the file read" />
      <button type="button" data-testid="trace-cancel" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** Why the trace could not be read: each error with the event and field it names. */
export function TraceErrors({ state }: { state: TraceSessionState }) {
  const f = state.failure;
  if (!f) return null;
  return (
    <div className="trace-errors" data-testid="trace-errors" role="alert">
      <strong>
        {f.cancelled
          ? 'Reading was cancelled.'
          : f.source === 'mapping'
            ? 'The mapping has problems:'
            : `${f.source} could not be read:`}
      </strong>
      <ul>
        {f.errors.map((e) => (
          <li key={`${e.path}:${e.message}`}>
            <code>{e.path}</code>: {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
