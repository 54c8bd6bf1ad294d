import { type KeptFields, separateKept, withKept } from '../../core/format/kept-fields';
import { loadScenario, loadScenarioBytes, saveScenario } from '../../core/format/scenario-file';
import type { PathError } from '../../core/model/path-error';
import type { Scenario } from '../../core/model/scenario';

/**
 * Opening and saving a document, as the analysis worker does them (and the page, where workers
 * are unavailable). The page keeps the known fields as its document and a file's unknown fields
 * beside it as JSON text: a string crosses to and from the worker at the cost of a copy, where the
 * objects would be cloned one by one, and no edit ever touches it.
 */

/** A file's content as the platform gives it: text (desktop) or bytes (web). */
export type DocumentData = string | Uint8Array;

export type OpenedDocument =
  | { ok: true; scenario: Scenario; kept: string | null; warnings: string[] }
  | { ok: false; errors: PathError[] };

export function openDocument(data: DocumentData): OpenedDocument {
  const r = typeof data === 'string' ? loadScenario(data) : loadScenarioBytes(data);
  if (!r.ok) return r;
  const { scenario, kept } = separateKept(r.scenario);
  const none = kept.extra === null && kept.nested.length === 0;
  return { ok: true, scenario, kept: none ? null : JSON.stringify(kept), warnings: r.warnings };
}

/** The file text Save writes: the known fields joined with the unknown ones they were read with. */
export function documentText(scenario: Scenario, kept: string | null): string {
  return saveScenario(fullDocument(scenario, kept));
}

/** The whole scenario, unknown fields included. */
export function fullDocument(scenario: Scenario, kept: string | null): Scenario {
  return kept === null ? scenario : withKept(scenario, JSON.parse(kept) as KeptFields);
}
