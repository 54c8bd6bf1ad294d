import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LoadResult, loadScenario, parseScenarioObject, saveScenario } from './scenario-file';
import { PATH_SYNTAX, documentText, mutatedDocument } from './testing/fuzz-documents';
import { validateScenario } from './validate';

/**
 * The loader against generated and mutated documents. npm test runs 10,000 of each kind;
 * npm run fuzz runs this same file at 100,000 (FUZZ_RUNS overrides either).
 */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

function checkResult(r: LoadResult): void {
  if (r.ok) {
    // Whatever loads must save and load back to the same scenario, with the same text.
    const text = saveScenario(r.scenario);
    const again = loadScenario(text);
    if (!again.ok) throw new Error(`saved text does not load: ${JSON.stringify(again.errors)}\n${text}`);
    expect(again.scenario).toEqual(r.scenario);
    expect(saveScenario(again.scenario)).toBe(text);
    // The editor validates the opened scenario in memory: same verdict on opening, paths as above.
    const v = validateScenario(r.scenario);
    expect(v.opens).toBe(true);
    for (const e of v.errors) expect(e.path).toMatch(PATH_SYNTAX);
    return;
  }
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) {
    expect(e.path).toMatch(PATH_SYNTAX);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.message).not.toMatch(/a bug in PipeScope/);
  }
}

describe(`scenario loader fuzz (${FUZZ_RUNS} runs each)`, () => {
  it('never throws on a mutated document object, and every error has a path', () => {
    fc.assert(
      fc.property(mutatedDocument, (doc) => checkResult(parseScenarioObject(doc))),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('never throws on mutated file text (JSON, broken JSON, SVG), and every error has a path', () => {
    fc.assert(
      fc.property(documentText, (text) => checkResult(loadScenario(text))),
      { numRuns: FUZZ_RUNS },
    );
  });
});
