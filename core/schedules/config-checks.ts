import type { ConfigError } from '../model/config';

/** A whole number >= min, or the error saying so at `path`; for schedule rules stricter than the file's. */
export function positiveInt(value: number, path: string, what: string, min = 1): ConfigError[] {
  return Number.isInteger(value) && value >= min
    ? []
    : [{ path, message: `${what} must be a whole number >= ${min} (got ${value})` }];
}
