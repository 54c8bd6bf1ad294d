import type { PathError } from '../model/path-error';

/**
 * Format migrations: an ordered list of pure steps. Step n turns a version-n document into a
 * version-(n + 1) one, so the current version is steps.length + 1. A step gets a plain JSON object
 * (already checked to be one) whose `version` is n and returns a new object; it must not mutate its
 * input, and it need not set `version` (the engine does). Unknown fields should pass through.
 */
export interface Migration {
  /** The version this step upgrades from. */
  from: number;
  /** What changed, for the warning a migrated file shows. */
  description: string;
  up(doc: Record<string, unknown>): Record<string, unknown>;
}

/** The real steps. Version 1 is the first format, so there are none yet. */
export const MIGRATIONS: readonly Migration[] = [];

export function currentVersion(steps: readonly Migration[] = MIGRATIONS): number {
  return steps.length + 1;
}

export type MigrationResult =
  | { ok: true; doc: Record<string, unknown>; warnings: string[] }
  | { ok: false; errors: PathError[] };

/** Brings a document from its `version` to the current one through every step in between. */
export function migrate(
  doc: Record<string, unknown>,
  steps: readonly Migration[] = MIGRATIONS,
): MigrationResult {
  steps.forEach((s, i) => {
    if (s.from !== i + 1)
      throw new Error(`migration steps must be numbered 1, 2, 3...: step ${i} is ${s.from}`);
  });
  const current = steps.length + 1;
  const version = doc.version;
  if (version === undefined) {
    return {
      ok: false,
      errors: [
        {
          path: 'version',
          message: `missing; a scenario file says which format version it is ("version": ${current})`,
        },
      ],
    };
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return {
      ok: false,
      errors: [
        {
          path: 'version',
          message: `must be a whole number from 1 to ${current} (got ${describeValue(version)})`,
        },
      ],
    };
  }
  if (version > current) {
    return {
      ok: false,
      errors: [
        {
          path: 'version',
          message: `made by a newer PipeScope: version ${version}, this one reads up to ${current} — update PipeScope to open it`,
        },
      ],
    };
  }
  let out = doc;
  const warnings: string[] = [];
  for (let v = version; v < current; v++) {
    const step = steps[v - 1];
    let next: unknown;
    try {
      next = step.up(out);
    } catch (e) {
      return {
        ok: false,
        errors: [
          {
            path: 'version',
            message: `could not migrate from version ${v} to ${v + 1}: ${(e as Error)?.message ?? e}`,
          },
        ],
      };
    }
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      return {
        ok: false,
        errors: [{ path: 'version', message: `migration from version ${v} did not give an object` }],
      };
    }
    out = { ...(next as Record<string, unknown>), version: v + 1 };
  }
  if (version < current) {
    const what = steps
      .slice(version - 1)
      .map((s) => s.description)
      .join('; ');
    warnings.push(
      `migrated from format version ${version} to ${current} (${what}); saving writes version ${current}`,
    );
  }
  return { ok: true, doc: out, warnings };
}

/** A short, safe rendering of any value for messages. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  switch (typeof v) {
    case 'string':
      return v.length > 40 ? `${JSON.stringify(v.slice(0, 40))}...` : JSON.stringify(v);
    case 'number':
      return Number.isNaN(v) ? 'NaN' : String(v);
    case 'object':
      return 'an object';
    case 'undefined':
      return 'nothing';
    default:
      return typeof v;
  }
}
