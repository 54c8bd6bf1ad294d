import type { PathError } from '../../core/model/path-error';

/**
 * Errors by the field they belong to. Paths use core/format's syntax (`costs.forward[3]`,
 * `memory.capacity`). A field claims the errors at its own path and below it; errors no field
 * claims are listed at the top of the editor.
 */
export class FieldErrors {
  private readonly claimed = new Set<PathError>();

  constructor(readonly all: readonly PathError[]) {}

  /** Messages for the field at `path` (and, unless exact, the values inside it). */
  at(path: string, exact = false): string[] {
    const out: string[] = [];
    for (const e of this.all) {
      const p = normalizePath(e.path);
      if (p === path || (!exact && (p.startsWith(`${path}.`) || p.startsWith(`${path}[`)))) {
        this.claimed.add(e);
        out.push(
          exact || p === path ? e.message : `${p.slice(path.length).replace(/^\./, '')}: ${e.message}`,
        );
      }
    }
    return out;
  }

  /** Errors that no field asked for so far (call after rendering the fields). */
  unclaimed(): PathError[] {
    return this.all.filter((e) => !this.claimed.has(e));
  }
}

/** Accepts `$.a.b`, `/a/b/0` and `a.b[0]` spellings and returns the `a.b[0]` one. */
export function normalizePath(path: string): string {
  let p = path.trim();
  if (p.startsWith('/')) {
    p = p
      .slice(1)
      .split('/')
      .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
      .join('')
      .replace(/^\./, '');
  }
  return p.replace(/^\$\.?/, '');
}
