import './trace.css';
import type { MeasuredPartsMark } from '../../core/model/scenario';
import { dateText } from './format';

/**
 * The editor's note on parts measured from a profiler trace: which trace, when, which parts (on
 * which devices, when measured per device) and the mapping (its rules and layers per chunk), with Forget to drop the mark (the times stay).
 */
export function MeasuredMark({ mark, onForget }: { mark: MeasuredPartsMark; onForget(): void }) {
  const rules = Object.keys(mark.mapping.parts ?? {}).length;
  const defaults = mark.mapping.defaults !== false;
  const mapping = [
    defaults ? 'the known names' : null,
    rules > 0 ? `${rules} rule${rules > 1 ? 's' : ''}` : null,
    mark.mapping.layersPerChunk ? `${mark.mapping.layersPerChunk} layers per chunk` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <div className="measured-mark" data-testid="measured-mark">
      Measured from {mark.files.join(', ')} ({dateText(mark.date)}): {mark.parts.length} of 10 parts
      {mark.devices
        ? ` on device${mark.devices.length > 1 ? 's' : ''} ${mark.devices.join(', ')} (each from its rank; the other devices kept their times)`
        : ''}
      {mark.pairOrder ? ' and the pair order' : ''}; mapping: {mapping || 'none'}. Edits by hand are not
      tracked.{' '}
      <button type="button" className="link" onClick={onForget} data-testid="forget-measured">
        Forget
      </button>
    </div>
  );
}
