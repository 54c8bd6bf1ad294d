import type { MemoryMetrics } from '../../core/metrics/memory';

const GiB = 1024 ** 3;

/** Bytes as GiB with at most one decimal: "146.2 GiB". */
export const fmtGiB = (b: number) => `${Number.parseFloat((b / GiB).toFixed(1))} GiB`;

/** core/analyze words a device over capacity as "device N needs …": one line per such device. */
const MEMORY_LINE = /^device \d+ needs /;

/** An analysis' warnings split into the per-device memory lines and the rest. */
export function splitWarnings(warnings: readonly string[]): { memory: string[]; other: string[] } {
  const memory: string[] = [];
  const other: string[] = [];
  for (const w of warnings) (MEMORY_LINE.test(w) ? memory : other).push(w);
  return { memory, other };
}

/** "64 of 64 devices exceed 80 GiB: peak 146 GiB on device 0", or null when every device fits. */
export function memorySummary(m: MemoryMetrics, devices: number): string | null {
  if (m.capacity === null || m.overCapacity.length === 0) return null;
  let worst = m.overCapacity[0];
  for (const d of m.overCapacity) if (m.peakMemoryBytes[d] > m.peakMemoryBytes[worst]) worst = d;
  const n = m.overCapacity.length;
  return `${n} of ${devices} device${devices === 1 ? '' : 's'} exceed${n === 1 ? 's' : ''} ${fmtGiB(m.capacity)}: peak ${fmtGiB(m.peakMemoryBytes[worst])} on device ${worst}`;
}

/**
 * The memory warning as one line, with each device's line (what it needs: parameters +
 * activations) one click away, instead of a line per device pushing the chart off screen.
 */
export function MemoryWarning(p: { memory: MemoryMetrics; devices: number; lines: string[] }) {
  const summary = memorySummary(p.memory, p.devices);
  if (!summary) return null;
  return (
    <details className="warnings memory-warning" data-testid="memory-warning">
      <summary data-testid="memory-warning-summary">{summary}</summary>
      <ul>
        {p.lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    </details>
  );
}
