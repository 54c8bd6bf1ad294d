import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { exportText } from '../export/export-text';
import { toCsv } from '../export/csv';
import { utf8Length } from './canonical';
import { LIMITS } from './limits';
import {
  type LoadResult,
  loadScenario,
  loadScenarioBytes,
  parseScenarioObject,
  saveScenario,
} from './scenario-file';
import { PATH_SYNTAX, documentBytes, documentText, mutatedDocument } from './testing/fuzz-documents';
import { validateScenario } from './validate';

/**
 * The loader against generated and mutated documents, and everything downstream of it: whatever
 * loads is saved and reloaded, validated as the editor does, analysed, and exported in every
 * format. npm test runs 10,000 of each kind; npm run fuzz runs this same file at 100,000
 * (FUZZ_RUNS overrides either).
 *
 * Each document must also stay within a time and a memory budget, so that a hang or a blow-up
 * fails the run instead of stalling it. The budgets are far above what a document of this size
 * takes (a few milliseconds and kilobytes), generous for a loaded two-core machine, and far below
 * a hang or an out-of-memory abort.
 */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
/** Milliseconds one document may take, loading, analysing and exporting included. */
const DOCUMENT_TIME_BUDGET_MS = 10_000;
/** Heap one document may add while it is handled. */
const DOCUMENT_HEAP_BUDGET_BYTES = 512 * 1024 * 1024;

function withinBudget(handle: () => void): void {
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  handle();
  const ms = performance.now() - start;
  const heap = process.memoryUsage().heapUsed - heapBefore;
  if (ms > DOCUMENT_TIME_BUDGET_MS) throw new Error(`one document took ${ms.toFixed(0)} ms`);
  if (heap > DOCUMENT_HEAP_BUDGET_BYTES)
    throw new Error(`one document added ${(heap / 1048576).toFixed(0)} MB of heap`);
}

function checkResult(r: LoadResult): void {
  if (r.ok) {
    // Whatever loads must save within the budget and load back to the same scenario and text.
    const text = saveScenario(r.scenario);
    expect(utf8Length(text)).toBeLessThanOrEqual(LIMITS.fileBytes);
    const again = loadScenario(text);
    if (!again.ok) throw new Error(`saved text does not load: ${JSON.stringify(again.errors)}\n${text}`);
    expect(again.scenario).toEqual(r.scenario);
    expect(saveScenario(again.scenario)).toBe(text);
    // The editor validates the opened scenario in memory: same verdict on opening, paths as above.
    const v = validateScenario(r.scenario);
    expect(v.opens).toBe(true);
    for (const e of v.errors) expect(e.path).toMatch(PATH_SYNTAX);
    checkAnalysisAndExports(r.scenario, v.errors.length === 0);
    return;
  }
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) {
    expect(e.path).toMatch(PATH_SYNTAX);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.message).not.toMatch(/a bug in PipeScope/);
  }
}

/** What opens analyses exactly when the validator says so, and every export of it is a value. */
function checkAnalysisAndExports(scenario: Parameters<typeof analyze>[0], valid: boolean): void {
  const a = analyze(scenario);
  if (!a.ok) {
    expect(valid).toBe(false);
    for (const e of a.errors) expect(e.path).toMatch(PATH_SYNTAX);
    return;
  }
  expect(Number.isFinite(a.analysis.timeline.makespan)).toBe(true);
  for (const format of ['csv', 'parts-csv', 'chrome-trace', 'json', 'svg'] as const) {
    const out = exportText(format, [a.analysis], { svg: { scenarioText: saveScenario(scenario) } });
    if (!out.ok) throw new Error(`${format} export failed: ${out.error.path}: ${out.error.message}`);
    if (format === 'chrome-trace' || format === 'json') JSON.parse(out.text);
    if (format === 'csv') expect(out.text).toBe(toCsv(a.analysis));
    if (format === 'svg') {
      expect(out.text).not.toMatch(/="[^"]*(NaN|Infinity)/);
      // The exported SVG opens again as the same scenario.
      const back = loadScenario(out.text);
      expect(back.ok && back.scenario).toEqual(scenario);
    }
  }
}

describe(`scenario loader fuzz (${FUZZ_RUNS} runs each)`, () => {
  it('never throws on a mutated document object, and every error has a path', () => {
    fc.assert(
      fc.property(mutatedDocument, (doc) => withinBudget(() => checkResult(parseScenarioObject(doc)))),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('never throws on mutated file text (JSON, broken JSON, SVG with decoys, duplicate keys)', () => {
    fc.assert(
      fc.property(documentText, (text) => withinBudget(() => checkResult(loadScenario(text)))),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('never throws on file bytes (UTF-8, UTF-16, damaged bytes), and decodes what it opens', () => {
    fc.assert(
      fc.property(documentBytes, (bytes) => withinBudget(() => checkResult(loadScenarioBytes(bytes)))),
      { numRuns: FUZZ_RUNS },
    );
  });
});
