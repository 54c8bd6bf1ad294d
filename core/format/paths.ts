/**
 * The one path syntax of every error and warning about a scenario document: keys joined by dots
 * from the document's top level, array indices in brackets (`costs.forward[3]`, `memory.capacity`),
 * keys that are not plain identifiers quoted in brackets (`["my key"]`), and `(root)` for the
 * document itself. Schedules' check() uses the same syntax (`devices`, `microbatches`).
 */
export type PathSegment = string | number;

export const ROOT_PATH = '(root)';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENTIFIER.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out === '' ? ROOT_PATH : out;
}
