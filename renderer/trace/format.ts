/**
 * Numbers in the trace tables: the unit sits in the column header, so cells carry digits only,
 * with as many decimals as the magnitude needs (a 0.0125 ms kernel and a 660 ms window alike).
 */

export const NONE = '–';

/** ms without its unit: 4 decimals below 1, 3 below 100, 2 below 1000, then 1. */
export function msText(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NONE;
  const a = Math.abs(v);
  if (a === 0) return '0';
  return v.toFixed(a >= 1000 ? 1 : a >= 100 ? 2 : a >= 1 ? 3 : 4);
}

/** A fraction as a percentage with one decimal ("16.4 %"), or a dash. */
export function pctText(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? NONE : `${(v * 100).toFixed(1)} %`;
}

/** A difference with its sign, for a column of measured minus planned. */
export function signedText(v: number | null, unit: 'ms' | '%'): string {
  if (v === null || !Number.isFinite(v)) return NONE;
  const body = unit === '%' ? `${(Math.abs(v) * 100).toFixed(1)} pp` : msText(Math.abs(v));
  return v > 0 ? `+${body}` : v < 0 ? `−${body}` : body;
}

/** File sizes in the trace header: "12.3 MB" (10^6 bytes, as file managers show them). */
export function sizeText(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

/** "2025-02-25 05:34:39 UTC" from an ISO date. */
export function dateText(iso: string | null): string {
  if (!iso) return 'date unknown';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export const countText = (n: number) => n.toLocaleString('en-US');
