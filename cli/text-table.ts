import { METRIC_DEFINITIONS } from '../core/metrics/metrics';
import { terminalText } from './terminal-text';

/** How the CLI's tables write numbers and lay out columns. */

export const label = (id: keyof typeof METRIC_DEFINITIONS) => METRIC_DEFINITIONS[id].label;

export function formatMs(x: number): string {
  if (!Number.isFinite(x)) return '-';
  const r = Math.round(x * 1000) / 1000;
  return r.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

export function formatPercent(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '-';
}

export function formatBytes(b: number): string {
  const GiB = 1024 ** 3;
  return b >= GiB ? `${(b / GiB).toFixed(2)} GiB` : `${(b / 1024 ** 2).toFixed(1)} MiB`;
}

/** Rows of cells to aligned text; numeric-looking cells right-aligned. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows)
    for (let i = 0; i < row.length; i++) widths[i] = Math.max(widths[i] ?? 0, row[i].length);
  const numeric = (c: string) => /^[-+]?[\d,.]+(%|x| ms)?$/.test(c) || c === '-';
  return rows
    .map((row) =>
      row
        .map((c, i) => (i > 0 && numeric(c) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Where a scenario came from, in parentheses once: `(s.json)`, `(defaults)`; shown escaped. */
export function sourceNote(source: string): string {
  const shown = terminalText(source);
  return source.startsWith('(') ? shown : `(${shown})`;
}

/** The heading line of a table: the scenario's name (shown escaped) and where it came from. */
export function scenarioHeading(name: string, source: string): string {
  return `${terminalText(name)} ${sourceNote(source)}`;
}
