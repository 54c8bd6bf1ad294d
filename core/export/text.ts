import type { Ms } from '../model/units';

/**
 * Times in exported files are rounded to whole nanoseconds (6 decimals of a millisecond): enough
 * for any measured kernel, and it turns float noise such as 0.30000000000000004 into 0.3.
 */
export function roundMs(t: Ms): number {
  const r = Math.round(t * 1e6) / 1e6;
  return r === 0 ? 0 : r; // no "-0" in the output
}

/**
 * String(roundMs(t)), without the cost of printing a double: the value is split into whole ms and
 * nanoseconds (integers), so a 100k-row CSV spends its time on rows, not on number formatting.
 */
export function formatMs(t: Ms): string {
  if (!(Math.abs(t) < 1e9)) return String(roundMs(t));
  const ns = Math.round(t * 1e6);
  if (ns === 0) return '0';
  const abs = ns < 0 ? -ns : ns;
  const frac = abs % 1e6;
  const whole = (abs - frac) / 1e6;
  const sign = ns < 0 ? '-' : '';
  if (frac === 0) return `${sign}${whole}`;
  let digits = String(frac + 1e6).slice(1); // six digits, zero-padded
  let end = 6;
  while (digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  return `${sign}${whole}.${digits}`;
}

/** Milliseconds to Chrome-trace microseconds, rounded to whole nanoseconds. */
export function msToUs(t: Ms): number {
  const r = Math.round(t * 1e6) / 1e3;
  return r === 0 ? 0 : r;
}

/** One CSV field per RFC 4180: quoted (with doubled quotes) when it holds a comma, quote, CR or LF. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
