/**
 * What Save refuses to write: text that core/format's loadScenario rejects. The page produces the
 * text with saveScenario, so this only fails for a bug or a compromised page; either way the file
 * on disk is not replaced by something PipeScope could not open again.
 */
import type { LoadResult } from '../../core/format/scenario-file';

export function checkScenarioTextWith(
  load: (text: string) => LoadResult,
  text: string,
): { ok: true } | { ok: false; error: string } {
  const result = load(text);
  if (result.ok) return { ok: true };
  const shown = result.errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`);
  const more = result.errors.length > 3 ? ` (and ${result.errors.length - 3} more)` : '';
  return { ok: false, error: `${shown.join('; ')}${more}` };
}
